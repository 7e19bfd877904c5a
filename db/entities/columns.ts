import type { EntitySchemaColumnOptions } from 'typeorm';

/**
 * Column shapes shared by the entities. Types are the portable subset that TypeORM maps the same way on
 * SQLite (better-sqlite3) and MySQL/MariaDB (mysql2); the migrations create exactly these.
 */
export const idColumn: EntitySchemaColumnOptions = { type: 'varchar', length: 64, primary: true };
export const refColumn: EntitySchemaColumnOptions = { type: 'varchar', length: 64 };
export const optionalRef: EntitySchemaColumnOptions = { type: 'varchar', length: 64, nullable: true };
export const timestamp: EntitySchemaColumnOptions = { type: 'datetime', precision: 3 };
export const optionalTimestamp: EntitySchemaColumnOptions = {
  type: 'datetime',
  precision: 3,
  nullable: true,
};
/** Set explicitly by the code that writes a row (activities get their clock injected). */
export const createdAt: EntitySchemaColumnOptions = timestamp;
export const updatedAt: EntitySchemaColumnOptions = timestamp;
/** JSON kept as text: portable; queries look inside only by LIKE on a quoted id (the inbox's `mine` view). */
export const jsonText: EntitySchemaColumnOptions = { type: 'simple-json' };
export const optionalJsonText: EntitySchemaColumnOptions = { type: 'simple-json', nullable: true };
