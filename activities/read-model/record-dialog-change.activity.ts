import type { DataSource } from 'typeorm';
import { DialogEntity, type Dialog } from '../../db/entities';
import { appendTimeline, insertMessage, moveDialog, type TimelineStamp } from '../../db/dialog-writes';
import type { DialogEvent } from '../../workflows/engine/dialog-status';
import type { Rating } from '../../schemas/generated/rating';

export interface RecordDialogChangeInput extends TimelineStamp {
  dialogId: string;
  channelId: string;
  /** timeline event type, e.g. dialog.accepted, operator.message, dialog.closed */
  type: string;
  at: string;
  operatorId: string;
  responsibleOperatorId?: string;
  message?: { id: string; text: string; hidden: boolean };
  pinned?: boolean;
  /** someone who joins the dialog besides the actor (an invited colleague) */
  participant?: string;
  /** the supervisor's rating */
  supervisorRating?: Rating;
  /**
   * dialog.closed: the flow reacts to the close (e.g. asks for a rating), so the dialog keeps its
   * operator's place until the reaction's last step settles it (record-flow-step.activity.ts).
   */
  holdsPlace?: boolean;
}

/** What the change means for the dialog's status (the status machine decides the status itself). */
function statusEvent(change: RecordDialogChangeInput): DialogEvent | null {
  if (change.type === 'operator.message') return change.message?.hidden ? null : { type: 'answered' };
  if (change.type === 'dialog.closed') return { type: 'ended', status: 'closed' };
  if (change.type === 'dialog.spam') return { type: 'ended', status: 'spam' };
  if (change.type === 'dialog.taken') return { type: 'accepted' }; // recorded by runs from before 0.2
  return null;
}

/**
 * What an operator did to the dialog, in the read model: the dialog row's new responsible/status, the
 * operator's message, and the timeline event, in one transaction keyed by (dialogId, seq) and message
 * id, so a retry changes nothing twice.
 */
export function createRecordDialogChange(db: DataSource) {
  return async function recordDialogChange(change: RecordDialogChangeInput): Promise<void> {
    const at = new Date(change.at);
    await db.transaction(async (tx) => {
      const dialogs = tx.getRepository<Dialog>(DialogEntity);
      const dialog = await dialogs.findOneByOrFail({ id: change.dialogId });
      const participants = [...dialog.participants];
      for (const id of [change.operatorId, change.participant]) {
        if (id && !participants.includes(id)) participants.push(id);
      }
      const event = statusEvent(change);
      const changes: Partial<Dialog> = {
        participants,
        ...(change.responsibleOperatorId ? { responsibleOperatorId: change.responsibleOperatorId } : {}),
        ...(change.pinned !== undefined ? { pinned: change.pinned } : {}),
        // the first answer the client sees sets the dialog's first-answer time
        ...(event?.type === 'answered' && dialog.firstAnswerMs === null
          ? { firstAnswerMs: Math.max(0, at.getTime() - dialog.createdAt.getTime()) }
          : {}),
      };
      if (event) await moveDialog(tx, dialog, event, at, changes, { holdPlace: change.holdsPlace });
      else await dialogs.update(change.dialogId, { ...changes, updatedAt: at });
      if (change.message) {
        await insertMessage(tx, {
          id: change.message.id,
          dialogId: change.dialogId,
          channelId: change.channelId,
          externalMessageId: null,
          author: 'operator',
          authorId: change.operatorId,
          text: change.message.text,
          attachments: [],
          hidden: change.message.hidden,
          sentAt: null,
          createdAt: at,
        });
      }
      await appendTimeline(tx, {
        dialogId: change.dialogId,
        seq: change.seq,
        key: change.key,
        type: change.type,
        at,
        data: {
          operatorId: change.operatorId,
          ...(change.message ? { messageId: change.message.id } : {}),
          ...(change.participant ? { participant: change.participant } : {}),
          ...(change.supervisorRating ? { rating: change.supervisorRating } : {}),
        },
      });
    });
  };
}
