import { proxyActivities } from '@temporalio/workflow';
import type { DialogActivities } from '../activities';
import type { ClientMessage } from './definitions';

const { recordLateRating } = proxyActivities<DialogActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

export interface LateRatingInput {
  dialogId: string;
  message: ClientMessage;
}

/**
 * docs/product.md §3.6: a rating that arrives after the dialog's workflow has ended (the rating wait ran out) is
 * still recorded on that dialog. Its own short workflow, so the write stays an activity's, retried.
 */
export async function lateRatingWorkflow({ dialogId, message }: LateRatingInput): Promise<void> {
  await recordLateRating({ dialogId, message });
}
