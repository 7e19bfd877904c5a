import type { DelayParams } from '../../../schemas/generated/nodes/delay.params';
import { durationMs } from '../../../schemas/durations';
import { NODE_PARAMS_SCHEMAS } from '../../../schemas/nodes';
import { NEXT } from '../node-outputs';
import { addWorkingTime } from '../working-hours';
import { defineNode } from './define-node';

/** Waits a duration, counting only the line's working hours when asked. */
export const delayNode = defineNode<DelayParams>({
  type: 'delay',
  title: 'Delay',
  description: 'Waits a fixed time.',
  category: 'timing',
  params: NODE_PARAMS_SCHEMAS.delay,
  outputs: { handles: [NEXT] },
  waits: true,
  run: async ({ node, params, path, resumed, host, engine }) => {
    const { duration, workingHoursOnly } = params;
    const schedule = workingHoursOnly ? engine.dialog.rules?.workingHours : undefined;
    const now = host.now();
    const parked = (resumed as { until: number } | undefined) ?? {
      until: schedule ? addWorkingTime(schedule, now, durationMs(duration)) : now + durationMs(duration),
    };
    await path.park(node.id, parked, host.sleep(Math.max(0, parked.until - now)));
    return NEXT;
  },
});
