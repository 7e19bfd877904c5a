import { EntitySchema } from 'typeorm';
import { idColumn, optionalTimestamp, refColumn, timestamp } from './columns';

/** docs/product.md §2.9: which KPI of which dialog, its threshold, when, and who was told. */
export interface KpiAlert {
  id: string;
  dialogId: string;
  lineId: string;
  kpi: string;
  thresholdMs: number | null;
  recipientId: string;
  createdAt: Date;
  readAt: Date | null;
}

export const KpiAlertEntity = new EntitySchema<KpiAlert>({
  name: 'KpiAlert',
  tableName: 'kpi_alerts',
  columns: {
    id: idColumn,
    dialogId: refColumn,
    lineId: refColumn,
    kpi: { type: 'varchar', length: 32 },
    thresholdMs: { type: 'integer', nullable: true },
    recipientId: refColumn,
    createdAt: timestamp,
    readAt: optionalTimestamp,
  },
  indices: [{ name: 'IDX_kpi_alerts_recipient', columns: ['recipientId', 'createdAt'] }],
});
