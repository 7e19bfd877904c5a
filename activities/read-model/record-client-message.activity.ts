import type { DataSource } from 'typeorm';
import { DialogEntity, type Dialog } from '../../db/entities';
import type { ClientMessage } from '../../workflows/definitions';
import { appendTimeline, insertMessage, moveDialog, type TimelineStamp } from '../../db/dialog-writes';
import { statusAfter } from '../../workflows/engine/dialog-status';

export interface RecordClientMessageInput extends TimelineStamp {
  dialogId: string;
  channelId: string;
  message: ClientMessage;
}

/**
 * Stores a client's message (text/attachments) and/or rating in the read model with its timeline
 * event, in one transaction. Keyed by message id and (dialogId, seq): running it twice stores once.
 */
export function createRecordClientMessage(db: DataSource) {
  return async function recordClientMessage({
    dialogId,
    channelId,
    seq,
    key,
    message,
  }: RecordClientMessageInput): Promise<void> {
    const at = new Date(message.receivedAt);
    await db.transaction(async (tx) => {
      const isMessage = message.text !== undefined || message.attachments !== undefined;
      if (isMessage) {
        await insertMessage(tx, {
          id: message.messageId,
          dialogId,
          channelId,
          externalMessageId: message.externalMessageId,
          author: 'client',
          authorId: null,
          text: message.text ?? null,
          attachments: message.attachments ?? [],
          hidden: false,
          sentAt: message.sentAt ? new Date(message.sentAt) : null,
          createdAt: at,
        });
        // The client wrote back: the dialog may need its operator again (waiting_client → in_progress).
        const dialog = await tx.getRepository<Dialog>(DialogEntity).findOneByOrFail({ id: dialogId });
        if (statusAfter(dialog.status, { type: 'clientWrote' }) !== dialog.status)
          await moveDialog(tx, dialog, { type: 'clientWrote' }, at);
      }
      if (message.rating !== undefined) {
        await tx
          .getRepository<Dialog>(DialogEntity)
          .update(dialogId, { rating: message.rating, updatedAt: at });
      }
      await appendTimeline(tx, {
        dialogId,
        seq,
        key,
        type: isMessage ? 'client.message' : 'rating.received',
        at,
        data: isMessage ? { messageId: message.messageId } : { rating: message.rating },
      });
    });
  };
}
