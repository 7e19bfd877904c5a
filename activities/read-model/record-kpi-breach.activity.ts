import type { DataSource } from 'typeorm';
import { appendTimeline, type TimelineStamp } from '../../db/dialog-writes';
import { DialogEntity, type Dialog } from '../../db/entities';
import type { KpiName } from '../../workflows/engine/engine-host';

export interface RecordKpiBreachInput extends TimelineStamp {
  dialogId: string;
  at: string;
  kpi: KpiName;
  thresholdMs: number;
}

/**
 * A KPI clock ran past its threshold: the timeline gets a `kpi.exceeded` event and the dialog's breach
 * count goes up by one, in one transaction. The event's (dialogId, seq) key makes a retry count nothing.
 */
export function createRecordKpiBreach(db: DataSource) {
  return async function recordKpiBreach(input: RecordKpiBreachInput): Promise<void> {
    const at = new Date(input.at);
    await db.transaction(async (tx) => {
      const written = await appendTimeline(tx, {
        dialogId: input.dialogId,
        seq: input.seq,
        key: input.key,
        type: 'kpi.exceeded',
        at,
        data: { kpi: input.kpi, thresholdMs: input.thresholdMs },
      });
      if (!written) return;
      await tx.getRepository<Dialog>(DialogEntity).increment({ id: input.dialogId }, 'kpiBreaches', 1);
    });
  };
}
