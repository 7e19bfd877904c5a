import type { DataSource } from 'typeorm';
import { appendTimeline } from '../../db/dialog-writes';
import { DialogEntity, DialogEventEntity, type Dialog, type DialogEvent } from '../../db/entities';
import type { ClientMessage } from '../../workflows/definitions';

/**
 * A rating for a dialog whose workflow has ended: the dialog takes the rating and its timeline a
 * `rating.received` event marked late. The dialog's own numbering has ended with its workflow, so the
 * event takes the next number; a retry finds its event (by message id) and writes nothing.
 */
export function createRecordLateRating(db: DataSource) {
  return async function recordLateRating({
    dialogId,
    message,
  }: {
    dialogId: string;
    message: ClientMessage;
  }): Promise<void> {
    const at = new Date(message.receivedAt);
    await db.transaction(async (tx) => {
      const events = tx.getRepository<DialogEvent>(DialogEventEntity);
      const ratings = await events.findBy({ dialogId, type: 'rating.received' });
      if (ratings.some((e) => e.data.messageId === message.messageId)) return;
      const last = await events.findOne({ where: { dialogId }, order: { seq: 'DESC' } });
      await appendTimeline(tx, {
        dialogId,
        seq: (last?.seq ?? 0) + 1,
        type: 'rating.received',
        at,
        data: { rating: message.rating, messageId: message.messageId, late: true },
      });
      await tx
        .getRepository<Dialog>(DialogEntity)
        .update(dialogId, { rating: message.rating, updatedAt: at });
    });
  };
}
