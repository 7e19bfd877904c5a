import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { timedActivity } from '../runtime/metrics';

/** Times every activity attempt and counts the failed ones, by activity type. */
export const activityMetrics: ActivityInterceptorsFactory = (ctx) => ({
  inbound: {
    execute: (input, next) => timedActivity(ctx.info.activityType, () => next(input)),
  },
});
