import type { DataSource } from 'typeorm';
import { DialogEntity, type Dialog } from '../../db/entities';
import { isEnded, type EndingStatus } from '../../workflows/engine/dialog-status';
import { nudgeWaitingDialogs, type CapacityNudge } from '../routing/routing-store';
import type { TimelineEntry } from '../../workflows/engine/engine-host';
import { appendTimeline, moveDialog, type TimelineStamp } from '../../db/dialog-writes';

export interface RecordFlowStepInput extends TimelineStamp {
  dialogId: string;
  entry: TimelineEntry;
}

/**
 * Appends one executed flow node to the dialog's timeline; when the node moved the dialog to a new
 * status (close, transfer) the read model takes it too. Keyed by (dialogId, seq): a retry adds nothing.
 * A step that ends a dialog frees its operator's place (a close the flow reacted to is settled here),
 * so the dialogs waiting for room on their lines are nudged, as the operator's close nudges them.
 */
export function createRecordFlowStep(db: DataSource, nudge: CapacityNudge) {
  return async function recordFlowStep({ dialogId, seq, key, entry }: RecordFlowStepInput): Promise<void> {
    const at = new Date(entry.at);
    const freed = await db.transaction(async (tx): Promise<string | null> => {
      const { at: _at, type: _type, ...data } = entry; // at and type have columns of their own
      await appendTimeline(tx, { dialogId, seq, key, type: 'flow.node', at, data });
      if (!entry.status) return null;
      const dialog = await tx.getRepository<Dialog>(DialogEntity).findOneByOrFail({ id: dialogId });
      const status = await moveDialog(
        tx,
        dialog,
        entry.status === 'transferred'
          ? { type: 'transferred' }
          : { type: 'ended', status: entry.status as EndingStatus },
        at,
      );
      return isEnded(status) ? dialog.responsibleOperatorId : null;
    });
    if (freed) await nudgeWaitingDialogs(db, nudge, [freed], dialogId);
  };
}
