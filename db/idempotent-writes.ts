import type { EntityManager, EntitySchema } from 'typeorm';

/** True when a write lost a race against a unique key (SQLite and MySQL/MariaDB spellings). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string } };
  const code = e.driverError?.code ?? e.code;
  return (
    code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE'
  );
}

/**
 * INSERT that treats "a row with this key is already there" as success: what an activity needs when it
 * is retried after writing. Both engines fail only the statement on a duplicate key, not the
 * surrounding transaction, so this works inside one.
 */
export async function insertIgnoringDuplicate<T extends object>(
  manager: EntityManager,
  entity: EntitySchema<T>,
  row: T,
): Promise<boolean> {
  try {
    await manager.getRepository<T>(entity).insert({ ...row } as never);
    return true;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return false;
  }
}
