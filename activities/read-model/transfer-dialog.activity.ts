import { ApplicationFailure } from '@temporalio/common';
import type { DataSource, EntityManager } from 'typeorm';
import {
  DialogEntity,
  FlowVersionEntity,
  LineEntity,
  UserEntity,
  UserLineEntity,
  type Dialog,
  type FlowVersion,
  type Line,
  type User,
  type UserLine,
} from '../../db/entities';
import { clearQueueState, queueOperators, underRoutingLocks } from '../routing/routing-store';
import { REFUSALS, roomRefusal } from '../../workflows/engine/routing-rules';
import type { Flow } from '../../schemas/generated/flow';
import type { DialogRules } from '../../workflows/engine/engine-host';
import { rulesOf } from '../../workflows/engine/rules';
import { appendTimeline, moveDialog, type TimelineStamp } from '../../db/dialog-writes';

export interface TransferDialogInput extends TimelineStamp {
  dialogId: string;
  at: string;
  /** the employee who pressed "transfer"; null when the flow's transfer node did it */
  byOperatorId: string | null;
  toOperatorId?: string;
  toLineId?: string;
}

/** What a dialog runs on a line, pinned when it starts there (or arrives by transfer). */
export interface PinnedLine {
  /** the line's newest flow (null: none published yet) */
  flow: Flow | null;
  flowVersion: number | null;
  /** the line's settings the engine applies itself (KPI thresholds) */
  rules: DialogRules;
}

export interface TransferredDialog extends PinnedLine {
  /** operators whose offers of the dialog the transfer took back */
  released: string[];
  /** why the colleague may not have it (no room under their limit): nothing was changed */
  refused?: string;
}

/** The line's newest published flow and its rules: what a dialog starting (or arriving) there runs. */
export async function pinLine(db: DataSource, line: Line): Promise<PinnedLine> {
  const pinned = await db
    .getRepository<FlowVersion>(FlowVersionEntity)
    .findOne({ where: { lineId: line.id }, order: { version: 'DESC' } });
  return {
    flow: pinned?.document ?? null,
    flowVersion: pinned?.version ?? null,
    rules: rulesOf(line.settings),
  };
}

const refuse = (message: string) => ApplicationFailure.nonRetryable(message, 'TransferRefused');

/**
 * Moves the dialog, with all its messages and timeline, to another operator of its line or to another
 * line, in the read model. A line transfer leaves the dialog unassigned on the target line with that
 * line's newest flow pinned; the workflow continues it there. Refuses (not retried) a target that
 * cannot take the dialog. Idempotent: a retry finds the dialog already moved and the event recorded.
 */
export function createTransferDialog(db: DataSource) {
  return async function transferDialog(input: TransferDialogInput): Promise<TransferredDialog> {
    const at = new Date(input.at);
    const dialog = await db.getRepository<Dialog>(DialogEntity).findOneByOrFail({ id: input.dialogId });
    const fromLineId = dialog.lineId;
    if (input.toOperatorId !== undefined) {
      const operator = await db.getRepository<User>(UserEntity).findOneBy({ id: input.toOperatorId });
      const onLine = await db
        .getRepository<UserLine>(UserLineEntity)
        .exists({ where: { userId: input.toOperatorId, lineId: dialog.lineId } });
      if (!operator || operator.fired || !onLine) throw refuse(REFUSALS.notOnLine(input.toOperatorId));
    }
    const target =
      input.toLineId === undefined
        ? null
        : await db.getRepository<Line>(LineEntity).findOneBy({ id: input.toLineId });
    if (input.toLineId !== undefined && !target) throw refuse(REFUSALS.noSuchLine(input.toLineId));
    // (a dialog that stays on its line keeps what it runs: this answer's flow and rules go unused)
    const pinned = target
      ? await pinLine(db, target)
      : { flow: null, flowVersion: dialog.flowVersion, rules: { kpi: {} } };

    const participantsWith = (current: Dialog) => {
      const participants = [...current.participants];
      for (const id of [input.byOperatorId, input.toOperatorId]) {
        if (id && !participants.includes(id)) participants.push(id);
      }
      return participants;
    };
    const recordTransfer = (tx: EntityManager) =>
      appendTimeline(tx, {
        dialogId: dialog.id,
        seq: input.seq,
        key: input.key,
        type: 'dialog.transferred',
        at,
        data: {
          operatorId: input.byOperatorId,
          ...(input.toOperatorId !== undefined ? { toOperatorId: input.toOperatorId } : {}),
          ...(target ? { fromLineId, toLineId: target.id, flowVersion: pinned.flowVersion } : {}),
        },
      });

    // The queue lets go of the dialog, its offers and its place among the waiting: the old line's on a
    // line transfer, and on a transfer to a colleague too, who has it now as if they had accepted it
    // (an offer left standing would count twice against a holder it was transferred to, and keep
    // the dialog "offered" with someone responsible).
    if (target) {
      return db.transaction(async (tx) => {
        const released = await clearQueueState(tx, dialog.id);
        await moveDialog(tx, dialog, { type: 'transferred' }, at, {
          participants: participantsWith(dialog),
          lineId: target.id,
          responsibleOperatorId: null,
          offeredTo: [],
          flowVersion: pinned.flowVersion,
        });
        await recordTransfer(tx);
        return { ...pinned, released };
      });
    }
    // A colleague takes it as an accept would: under the routing locks, and only with room under
    // their limit (nobody's load goes over it, whoever hands them the dialog).
    const toOperatorId = input.toOperatorId!;
    return underRoutingLocks(db, dialog.id, [toOperatorId], async (tx, current, queue) => {
      if (current.responsibleOperatorId !== toOperatorId) {
        const [colleague] = await queueOperators(tx, [toOperatorId], queue.settings, current.id);
        const refused = roomRefusal(colleague, queue.settings, 'colleague');
        if (refused) return { ...pinned, released: [], refused };
      }
      const released = await clearQueueState(tx, current.id);
      await moveDialog(tx, current, { type: 'accepted' }, at, {
        participants: participantsWith(current),
        responsibleOperatorId: toOperatorId,
        offeredTo: [],
      });
      await recordTransfer(tx);
      return { ...pinned, released };
    });
  };
}
