import requestRatingInputSchema from '../../schemas/activities/request-rating.input.schema.json';
import type { RequestRatingInput } from '../../schemas/generated/activities/request-rating.input';
import { DialogEntity, LineEntity, type Dialog, type Line } from '../../db/entities';
import type { LineSettings } from '../../schemas/generated/line-settings';
import { defineActivity, type JsonSchemaObject } from '../define-activity';
import { writeLineMessage } from '../send-message/send-message.activity';
import { appendTimeline, moveDialog } from '../../db/dialog-writes';

export const DEFAULT_RATING_REQUEST = 'Please rate this conversation: like or dislike (or 1–5).';

/** The request in the words of the line's rating scale, when it has one. */
export function ratingRequestText(scale: NonNullable<LineSettings['rating']>['scale'] | undefined): string {
  if (scale === 'like_dislike') return 'Please rate this conversation: like or dislike.';
  if (scale === 'five_point') return 'Please rate this conversation from 1 to 5.';
  return DEFAULT_RATING_REQUEST;
}

/**
 * docs/product.md §3.6: after the operator closes, ask the client for a rating. The dialog reads as "closed,
 * awaiting rating" until the flow closes it for good (on the rating, or when the wait runs out).
 */
export const requestRating = defineActivity<RequestRatingInput, { messageId: string }>({
  name: 'requestRating',
  title: 'Request rating',
  description: 'Asks the client to rate the dialog and marks it "closed, awaiting rating".',
  category: 'Dialog',
  runsLocally: true, // Lineflow's own database only
  input: requestRatingInputSchema as JsonSchemaObject,
  output: { type: 'object', required: ['messageId'], properties: { messageId: { type: 'string' } } },
  async run(input, context) {
    const messageId = await context.services.db.transaction(async (tx) => {
      const line = await tx.getRepository<Line>(LineEntity).findOneBy({ id: context.dialog.lineId });
      const id = await writeLineMessage(
        tx,
        context,
        input.text ?? ratingRequestText(line?.settings.rating?.scale),
      );
      const { at } = context;
      const dialog = await tx.getRepository<Dialog>(DialogEntity).findOneByOrFail({ id: context.dialog.id });
      await moveDialog(tx, dialog, { type: 'ratingRequested' }, at);
      await appendTimeline(tx, {
        dialogId: context.dialog.id,
        seq: context.timelineSeq,
        key: context.timelineKey,
        type: 'rating.requested',
        at,
        data: { messageId: id },
      });
      return id;
    });
    return { messageId };
  },
});
