import type { DataSource } from 'typeorm';
import { DialogEntity, type Dialog } from '../../db/entities';
import type { EndingStatus } from '../../workflows/engine/dialog-status';
import type { TimelineEntry } from '../../workflows/engine/engine-host';
import { appendTimeline, moveDialog } from '../../db/dialog-writes';

export interface RecordFlowStepInput {
  dialogId: string;
  seq: number;
  entry: TimelineEntry;
}

/**
 * Appends one executed flow node to the dialog's timeline; when the node moved the dialog to a new
 * status (close, transfer) the read model takes it too. Keyed by (dialogId, seq): a retry adds nothing.
 */
export function createRecordFlowStep(db: DataSource) {
  return async function recordFlowStep({ dialogId, seq, entry }: RecordFlowStepInput): Promise<void> {
    const at = new Date(entry.at);
    await db.transaction(async (tx) => {
      const { at: _at, type: _type, ...data } = entry; // at and type have columns of their own
      await appendTimeline(tx, { dialogId, seq, type: 'flow.node', at, data });
      if (entry.status) {
        const dialog = await tx.getRepository<Dialog>(DialogEntity).findOneByOrFail({ id: dialogId });
        await moveDialog(
          tx,
          dialog,
          entry.status === 'transferred'
            ? { type: 'transferred' }
            : { type: 'ended', status: entry.status as EndingStatus },
          at,
        );
      }
    });
  };
}
