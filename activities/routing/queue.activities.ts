import { ApplicationFailure } from '@temporalio/common';
import { IsNull, LessThan, type DataSource, type EntityManager } from 'typeorm';
import {
  ClientEntity,
  DialogEntity,
  DialogOfferEntity,
  QueueWaitEntity,
  UserEntity,
  type Client,
  type Dialog,
  type DialogOffer,
  type QueueWait,
  type User,
} from '../../db/entities';
import type { OfferAnswer } from '../../workflows/engine/engine-host';
import {
  chooseOperators,
  hasRoom,
  limitOf,
  mayTakeBeforeOlder,
  type QueueRequest,
} from '../../workflows/engine/queue-selection';
import {
  availabilityRules,
  lineQueue,
  lockLineAndOperators,
  queueOperators,
  type LineQueue,
  clearQueueState,
  dialogsWaitingFor,
} from './routing-store';
import { appendTimeline } from '../../db/dialog-writes';

interface DialogStep {
  dialogId: string;
  /** timeline sequence number the workflow gave this step (upserted: a retry adds nothing) */
  seq: number;
  at: string;
}

export type OfferDialogInput = DialogStep & QueueRequest;

export interface WithdrawnOffer {
  /** who has the dialog (an accept got in first), or null */
  assignedTo: string | null;
  /** operators whose offer was taken back: they may have room for a waiting dialog now */
  released: string[];
}

export interface AssignOperatorInput extends DialogStep {
  operatorId: string;
  /** supervisors and admins may accept a dialog that was not offered to them */
  supervising: boolean;
}

export interface AssignedOperator {
  /** operators whose offer of this dialog lapsed because someone else accepted it */
  released: string[];
}

const refuse = (message: string) => ApplicationFailure.nonRetryable(message, 'AcceptRefused');

async function offersOf(tx: EntityManager, dialogId: string): Promise<DialogOffer[]> {
  return tx.getRepository<DialogOffer>(DialogOfferEntity).findBy({ dialogId });
}

/**
 * Runs `work` in one transaction whose first statements lock the dialog's line and the given operators
 * (the line's whole queue when none are given). Locking first matters on MySQL/MariaDB: a repeatable-read
 * snapshot starts at the transaction's first plain read, so every read after the locks sees what the
 * transactions that held them committed.
 */
async function underRoutingLocks<T>(
  db: DataSource,
  dialogId: string,
  operatorIds: readonly string[] | 'queue',
  work: (tx: EntityManager, dialog: Dialog, queue: LineQueue) => Promise<T>,
): Promise<T> {
  const { lineId } = await db.getRepository<Dialog>(DialogEntity).findOneByOrFail({ id: dialogId });
  const queue = await lineQueue(db.manager, lineId);
  return db.transaction(async (tx) => {
    await lockLineAndOperators(tx, lineId, operatorIds === 'queue' ? queue.order : operatorIds);
    const dialog = await tx.getRepository<Dialog>(DialogEntity).findOneByOrFail({ id: dialogId });
    // Moved to another line in between (a transfer): its new line's rules apply, so ask again.
    if (dialog.lineId !== lineId)
      throw new Error(`dialog ${dialogId} moved to line ${dialog.lineId}; retrying`);
    return work(tx, dialog, queue);
  });
}

/**
 * The queue's activities (docs/architecture.md §5.3: offerDialog / withdrawOffer / assignOperator): each decision is one
 * transaction under the routing locks, so the load limit and "exactly one accept wins" hold across any
 * number of workers and API processes.
 */
export function createQueueActivities(db: DataSource) {
  /**
   * One step of the queue node: picks operators by the line's rules and offers them the dialog, or
   * records that it waits for room (oldest first), or says the round is exhausted. Retried after a
   * commit, it finds its own offers and answers the same.
   */
  async function offerDialog(input: OfferDialogInput): Promise<OfferAnswer> {
    const at = new Date(input.at);
    return underRoutingLocks(db, input.dialogId, 'queue', async (tx, dialog, queue): Promise<OfferAnswer> => {
      if (dialog.responsibleOperatorId) return { kind: 'assigned', operatorId: dialog.responsibleOperatorId };
      const existing = await offersOf(tx, dialog.id);
      if (existing.length) return { kind: 'offer', operatorIds: existing.map((o) => o.operatorId) };

      const operators = await queueOperators(tx, queue.order, queue.settings, dialog.id);
      const client = await tx.getRepository<Client>(ClientEntity).findOneBy({ id: dialog.clientId });
      const rules = availabilityRules(queue.settings, at);
      const preferred = client?.responsibleOperatorId ?? null;
      const choice = chooseOperators(input, operators, queue.settings, rules, preferred);
      const waits = tx.getRepository<QueueWait>(QueueWaitEntity);
      const mine = await waits.findOneBy({ dialogId: dialog.id });
      if (choice.kind === 'offer') {
        const chosen = operators.filter((o) => choice.operatorIds.includes(o.id));
        const older = await waits.find({
          where: { lineId: dialog.lineId, since: LessThan(mine?.since ?? at) },
          order: { since: 'ASC' },
        });
        const olderWaiting = older.map((w) => ({
          dialogId: w.dialogId,
          since: w.since.getTime(),
          tried: w.tried,
        }));
        if (mayTakeBeforeOlder(chosen, queue.settings, olderWaiting)) {
          await tx.getRepository<DialogOffer>(DialogOfferEntity).insert(
            choice.operatorIds.map((operatorId) => ({
              dialogId: dialog.id,
              operatorId,
              lineId: dialog.lineId,
              offeredAt: at,
            })),
          );
          if (mine) await waits.delete({ dialogId: dialog.id });
          await tx
            .getRepository<Dialog>(DialogEntity)
            .update(dialog.id, { status: 'offered', offeredTo: choice.operatorIds, updatedAt: at });
          await appendTimeline(tx, {
            dialogId: dialog.id,
            seq: input.seq,
            type: 'dialog.offered',
            at,
            data: { operatorIds: choice.operatorIds, mode: input.mode },
          });
          return choice;
        }
      }
      // Everyone who could take it was offered it this round: the round is over, the place in line too.
      if (choice.kind === 'exhausted' && input.tried.length > 0) {
        if (mine) await waits.delete({ dialogId: dialog.id });
        return choice;
      }
      // Nobody with room, only room that dialogs waiting longer come first for, or nobody available at
      // all yet: take a place in line, where a freed place or an operator coming online finds it.
      if (mine) await waits.update({ dialogId: dialog.id }, { tried: [...input.tried] });
      else
        await waits.insert({
          dialogId: dialog.id,
          lineId: dialog.lineId,
          since: at,
          tried: [...input.tried],
        });
      return choice.kind === 'exhausted' ? choice : { kind: 'busy' };
    });
  }

  /** A step nobody accepted in time: the offers are taken back (and who got the dialog meanwhile told). */
  async function withdrawOffer(input: DialogStep): Promise<WithdrawnOffer> {
    const at = new Date(input.at);
    return underRoutingLocks(db, input.dialogId, [], async (tx, dialog) => {
      const released = await clearQueueState(tx, dialog.id);
      if (!dialog.responsibleOperatorId && released.length) {
        await tx.getRepository<Dialog>(DialogEntity).update(dialog.id, {
          offeredTo: [],
          updatedAt: at,
          ...(dialog.status === 'offered' ? { status: 'new' } : {}),
        });
        await appendTimeline(tx, {
          dialogId: dialog.id,
          seq: input.seq,
          type: 'dialog.offerWithdrawn',
          at,
          data: { operatorIds: released },
        });
      }
      return { assignedTo: dialog.responsibleOperatorId, released };
    });
  }

  /**
   * An operator accepts: they must hold an offer of the dialog (or nobody holds one: the queue is
   * exhausted or the flow has none, so it is "unanswered" for everyone; supervisors may always), and
   * have room under their limit. Makes them responsible, takes back every other offer, and records it.
   */
  async function assignOperator(input: AssignOperatorInput): Promise<AssignedOperator> {
    const at = new Date(input.at);
    return underRoutingLocks(db, input.dialogId, [input.operatorId], async (tx, dialog, queue) => {
      if (dialog.responsibleOperatorId === input.operatorId) return { released: [] }; // a retry
      if (dialog.responsibleOperatorId) throw refuse('the dialog is already taken by another operator');
      const offers = await offersOf(tx, dialog.id);
      const offeredToMe = offers.some((o) => o.operatorId === input.operatorId);
      if (!offeredToMe && offers.length && !input.supervising)
        throw refuse('the dialog is offered to another operator');
      const [me] = await queueOperators(tx, [input.operatorId], queue.settings, dialog.id);
      if (!me) throw refuse('unknown operator');
      if (!hasRoom(me, queue.settings))
        throw refuse(`you are at your limit of ${limitOf(me, queue.settings)} open dialogs`);

      const released = (await clearQueueState(tx, dialog.id)).filter((id) => id !== input.operatorId);
      const participants = dialog.participants.includes(input.operatorId)
        ? dialog.participants
        : [...dialog.participants, input.operatorId];
      await tx.getRepository<Dialog>(DialogEntity).update(dialog.id, {
        responsibleOperatorId: input.operatorId,
        status: 'in_progress',
        offeredTo: [],
        participants,
        updatedAt: at,
      });
      await tx.getRepository<User>(UserEntity).update(input.operatorId, { lastAssignedAt: at });
      // The first operator to take a client becomes their responsible: a returning client goes to them.
      await tx
        .getRepository<Client>(ClientEntity)
        .update(
          { id: dialog.clientId, responsibleOperatorId: IsNull() },
          { responsibleOperatorId: input.operatorId },
        );
      await appendTimeline(tx, {
        dialogId: dialog.id,
        seq: input.seq,
        type: 'dialog.accepted',
        at,
        data: { operatorId: input.operatorId },
      });
      return { released };
    });
  }

  const dialogsWaitingForRoom = ({ operatorIds }: { operatorIds: string[] }) =>
    dialogsWaitingFor(db, operatorIds);

  return { offerDialog, withdrawOffer, assignOperator, dialogsWaitingForRoom };
}
