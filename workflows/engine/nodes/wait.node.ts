import type { WaitParams } from '../../../schemas/generated/nodes/wait.params';
import { durationMs } from '../../../schemas/durations';
import { NODE_PARAMS_SCHEMAS } from '../../../schemas/nodes';
import { defineNode } from './define-node';

/** Waits for the event to happen (again) up to a timeout; parked, so it survives continue-as-new. */
export const waitNode = defineNode<WaitParams>({
  type: 'wait',
  title: 'Wait for event',
  description: 'Waits for a client message, an operator answer, a rating or an accept, up to a timeout.',
  category: 'timing',
  params: NODE_PARAMS_SCHEMAS.wait,
  outputs: { handles: ['received', 'timeout'] },
  waits: true,
  run: async ({ node, params, path, resumed, host, engine }) => {
    const { event, timeout } = params;
    const parked = (resumed as { seen: number; until: number } | undefined) ?? {
      seen: engine.count(event),
      until: host.now() + durationMs(timeout),
    };
    const came = () => engine.count(event) > parked.seen;
    const wait = host.waitUntil(came, Math.max(0, parked.until - host.now()));
    return (await path.park(node.id, parked, wait)) ? 'received' : 'timeout';
  },
});
