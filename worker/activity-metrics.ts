import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { DIALOG_BATCH_ACTIVITY } from '../activities/dialog-batch.activity';
import { timedActivity } from '../runtime/metrics';

/**
 * Times every activity attempt and counts the failed ones, by activity type. A dialog's batch is timed
 * by its calls instead, each under its own name (`timeCall` of the activities, dialog-worker.ts), so a
 * call counts once, as when it was an activity of its own.
 */
export const activityMetrics: ActivityInterceptorsFactory = (ctx) => ({
  inbound: {
    execute: (input, next) =>
      ctx.info.activityType === DIALOG_BATCH_ACTIVITY
        ? next(input)
        : timedActivity(ctx.info.activityType, () => next(input)),
  },
});
