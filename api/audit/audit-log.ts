import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AuditRecordEntity, type AuditRecord, type FieldChange } from '../../db/entities';

/** Field names whose values never reach the audit trail: that they changed is recorded, not what to. */
const SECRET_FIELD = /secret|password|token/i;
export const REDACTED = '[redacted]';

/** A copy of a value with every secret-named field, at any depth, replaced by REDACTED. */
export function redact(value: unknown, key = ''): unknown {
  if (value === undefined) return null;
  if (SECRET_FIELD.test(key)) return value === null ? null : REDACTED;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => redact(item));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v, k)]));
  return value;
}

/**
 * The fields that differ between two snapshots, each with its redacted before and after. A field absent
 * from one side reads as null there (created, deleted). Secrets compare by their real values, so a
 * changed password shows up (as REDACTED → REDACTED) even though neither value is kept.
 */
export function fieldChanges(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): Record<string, FieldChange> {
  const changes: Record<string, FieldChange> = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const key of keys) {
    const was = before?.[key] ?? null;
    const is = after?.[key] ?? null;
    if (JSON.stringify(was) === JSON.stringify(is)) continue;
    changes[key] = { before: redact(was, key), after: redact(is, key) };
  }
  return changes;
}

export interface AuditEntry {
  actorId: string | null;
  /** `<entityType>.<verb>`, e.g. `line.update` */
  action: string;
  entityType: string;
  entityId: string;
  /** the entity's fields before the change; null when it is created */
  before: Record<string, unknown> | null;
  /** the entity's fields after the change; null when it is deleted */
  after: Record<string, unknown> | null;
  at?: Date;
}

/**
 * Writes one audit record with `tx`, the transaction that makes the change, so the record exists exactly
 * when the change does (a refused or rolled-back change leaves none). An update that changed nothing
 * writes nothing and returns null.
 */
export async function recordAudit(tx: EntityManager, entry: AuditEntry): Promise<AuditRecord | null> {
  const changes = fieldChanges(entry.before, entry.after);
  const isUpdate = entry.before !== null && entry.after !== null;
  if (isUpdate && Object.keys(changes).length === 0) return null;
  const record: AuditRecord = {
    id: randomUUID(),
    at: entry.at ?? new Date(),
    actorId: entry.actorId,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    changes,
  };
  // (`as never`: TypeORM's deep-partial type cannot follow the open record of a JSON column.)
  await tx.getRepository<AuditRecord>(AuditRecordEntity).insert({ ...record } as never);
  return record;
}
