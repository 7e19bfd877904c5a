import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { activityDuration, activityFailures } from '../runtime/metrics';

/** Times every activity attempt and counts the failed ones, by activity type. */
export const activityMetrics: ActivityInterceptorsFactory = (ctx) => ({
  inbound: {
    async execute(input, next) {
      const activity = ctx.info.activityType;
      const end = activityDuration.startTimer({ activity });
      try {
        return await next(input);
      } catch (error) {
        activityFailures.inc({ activity });
        throw error;
      } finally {
        end();
      }
    },
  },
});
