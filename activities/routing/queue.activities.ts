import { IsNull, LessThan, type DataSource, type EntityManager } from 'typeorm';
import {
  ClientEntity,
  DialogOfferEntity,
  QueueWaitEntity,
  UserEntity,
  type Client,
  type DialogOffer,
  type QueueWait,
  type User,
} from '../../db/entities';
import type { OfferAnswer } from '../../workflows/engine/engine-host';
import {
  availabilityRules,
  decideOffer,
  roomRefusal,
  type QueueRequest,
} from '../../workflows/engine/routing-rules';
import {
  queueOperators,
  underRoutingLocks,
  clearQueueState,
  dialogsWaitingFor,
  nudgeWaitingDialogs,
  type CapacityNudge,
} from './routing-store';
import { appendTimeline, moveDialog, type TimelineStamp } from '../../db/dialog-writes';

interface DialogStep extends TimelineStamp {
  dialogId: string;
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
  /**
   * A supervisor taking the dialog over from whoever has it: no load limit applies, the previous
   * responsible lets go, the timeline says `dialog.taken`.
   */
  takeOver?: boolean;
}

export interface AssignedOperator {
  /** operators whose offer of this dialog lapsed, or who had it before a take-over */
  released: string[];
  /**
   * Why the operator may not have it (no room under their limit): nothing was changed. A refusal is an
   * answer, not a failure: it is not retried and not logged as an activity failure.
   */
  refused?: string;
}

async function offersOf(tx: EntityManager, dialogId: string): Promise<DialogOffer[]> {
  return tx.getRepository<DialogOffer>(DialogOfferEntity).findBy({ dialogId });
}

/**
 * The queue's activities (docs/architecture.md §5.3: offerDialog / withdrawOffer / assignOperator): each decision is one
 * transaction under the routing locks, so the load limit and "exactly one accept wins" hold across any
 * number of workers and API processes.
 */
export function createQueueActivities(db: DataSource, nudge: CapacityNudge) {
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
      const rules = availabilityRules(queue.settings, at.getTime());
      const preferred = client?.responsibleOperatorId ?? null;
      const waits = tx.getRepository<QueueWait>(QueueWaitEntity);
      const mine = await waits.findOneBy({ dialogId: dialog.id });
      const older = await waits.find({
        where: { lineId: dialog.lineId, since: LessThan(mine?.since ?? at) },
        order: { since: 'ASC' },
      });
      const olderWaiting = older.map((w) => ({
        dialogId: w.dialogId,
        since: w.since.getTime(),
        tried: w.tried,
      }));
      const choice = decideOffer(input, operators, queue.settings, rules, preferred, olderWaiting);
      if (choice.kind === 'offer') {
        await tx.getRepository<DialogOffer>(DialogOfferEntity).insert(
          choice.operatorIds.map((operatorId) => ({
            dialogId: dialog.id,
            operatorId,
            lineId: dialog.lineId,
            offeredAt: at,
          })),
        );
        if (mine) await waits.delete({ dialogId: dialog.id });
        await moveDialog(tx, dialog, { type: 'offered' }, at, { offeredTo: choice.operatorIds });
        await appendTimeline(tx, {
          dialogId: dialog.id,
          seq: input.seq,
          key: input.key,
          type: 'dialog.offered',
          at,
          data: { operatorIds: choice.operatorIds, mode: input.mode },
        });
        return choice;
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
        await moveDialog(tx, dialog, { type: 'offerWithdrawn' }, at, { offeredTo: [] });
        await appendTimeline(tx, {
          dialogId: dialog.id,
          seq: input.seq,
          key: input.key,
          type: 'dialog.offerWithdrawn',
          at,
          data: { operatorIds: released },
        });
      }
      return { assignedTo: dialog.responsibleOperatorId, released };
    });
  }

  /**
   * Makes the operator responsible: takes back every other offer, records it, and remembers them as the
   * client's operator. The dialog workflow has already decided that they may (it alone knows who holds
   * the dialog and its offers, routing-rules.ts `acceptRefusal` / `takeRefusal`); what only the database
   * can say is checked here under the locks: that an accepting operator has room under their limit.
   */
  async function assignOperator(input: AssignOperatorInput): Promise<AssignedOperator> {
    const at = new Date(input.at);
    return underRoutingLocks(db, input.dialogId, [input.operatorId], async (tx, dialog, queue) => {
      if (dialog.responsibleOperatorId === input.operatorId) return { released: [] }; // a retry
      if (!input.takeOver) {
        const [me] = await queueOperators(tx, [input.operatorId], queue.settings, dialog.id);
        const refusal = roomRefusal(me, queue.settings);
        if (refusal) return { released: [], refused: refusal };
      }
      const previous = dialog.responsibleOperatorId;
      const offered = await clearQueueState(tx, dialog.id);
      const released = [...new Set([...offered, ...(previous ? [previous] : [])])].filter(
        (id) => id !== input.operatorId,
      );
      const participants = dialog.participants.includes(input.operatorId)
        ? dialog.participants
        : [...dialog.participants, input.operatorId];
      await moveDialog(tx, dialog, { type: 'accepted' }, at, {
        responsibleOperatorId: input.operatorId,
        offeredTo: [],
        participants,
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
        key: input.key,
        type: input.takeOver ? 'dialog.taken' : 'dialog.accepted',
        at,
        data: { operatorId: input.operatorId, ...(previous ? { from: previous } : {}) },
      });
      return { released };
    });
  }

  /** Kept for runs recorded before the nudge was one activity: they signal the dialogs themselves. */
  const dialogsWaitingForRoom = ({ operatorIds }: { operatorIds: string[] }) =>
    dialogsWaitingFor(db, operatorIds);

  /** The nudge (routing-store.ts): dialogs waiting for room on these operators' lines ask again. */
  const nudgeWaiting = async (input: { operatorIds: string[]; exceptDialogId?: string }): Promise<void> => {
    await nudgeWaitingDialogs(db, nudge, input.operatorIds, input.exceptDialogId);
  };

  return {
    offerDialog,
    withdrawOffer,
    assignOperator,
    dialogsWaitingForRoom,
    nudgeWaitingDialogs: nudgeWaiting,
  };
}
