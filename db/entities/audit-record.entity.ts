import { EntitySchema } from 'typeorm';
import { idColumn, jsonText, optionalRef, timestamp } from './columns';

/** What one field was and became; secrets read "[redacted]" on both sides. */
export interface FieldChange {
  before: unknown;
  after: unknown;
}

/**
 * Who changed what in the configuration and when (lines, flows, operators, shared quick replies,
 * channels): written by api/audit/audit-log.ts in the same transaction as the change itself.
 */
export interface AuditRecord {
  id: string;
  at: Date;
  /** the employee who made the change; null for the system (seeding, migrations) */
  actorId: string | null;
  /** `<entityType>.<verb>`, e.g. `line.create`, `operator.fire`, `flow.publish` */
  action: string;
  entityType: string;
  entityId: string;
  changes: Record<string, FieldChange>;
}

export const AuditRecordEntity = new EntitySchema<AuditRecord>({
  name: 'AuditRecord',
  tableName: 'audit_records',
  columns: {
    id: idColumn,
    at: timestamp,
    actorId: optionalRef,
    action: { type: 'varchar', length: 64 },
    entityType: { type: 'varchar', length: 32 },
    entityId: { type: 'varchar', length: 64 },
    changes: jsonText,
  },
  indices: [
    { name: 'IDX_audit_records_at', columns: ['at', 'id'] },
    { name: 'IDX_audit_records_entity', columns: ['entityType', 'entityId', 'at'] },
  ],
});
