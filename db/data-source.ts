import fs from 'node:fs';
import path from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { InitialSchema1763769600000 } from './migrations/1763769600000-initial-schema';

/** Every migration, in order. Explicit imports (not a glob) so tsx, Jest and a bundle all see the same list. */
export const MIGRATIONS = [InitialSchema1763769600000];

export interface DatabaseSettings {
  /** mysql:// or mariadb:// URL; undefined = SQLite file `lineflow.sqlite` in dataDir */
  databaseUrl?: string;
  dataDir: string;
}

export function dataSourceOptions({ databaseUrl, dataDir }: DatabaseSettings): DataSourceOptions {
  const common = { entities: ENTITIES, migrations: MIGRATIONS, synchronize: false, migrationsRun: false };
  if (databaseUrl) {
    return {
      ...common,
      type: 'mysql',
      url: databaseUrl.replace(/^mariadb:/, 'mysql:'),
      charset: 'utf8mb4_unicode_ci',
      timezone: 'Z',
      poolSize: 10,
    };
  }
  fs.mkdirSync(dataDir, { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: path.join(dataDir, 'lineflow.sqlite'),
    // WAL lets the API read while the worker's activities write; busy_timeout waits instead of failing.
    prepareDatabase: (db: { pragma(sql: string): unknown }) => {
      db.pragma('journal_mode = WAL');
      db.pragma('busy_timeout = 5000');
      db.pragma('foreign_keys = ON');
    },
  };
}

export const isMysql = (db: DataSource): boolean => db.options.type === 'mysql';

/** Runs pending migrations; on MySQL under a named lock so API replicas starting together take turns. */
export async function runMigrations(db: DataSource): Promise<void> {
  if (!isMysql(db)) {
    await db.runMigrations({ transaction: 'each' });
    return;
  }
  const runner = db.createQueryRunner();
  try {
    await runner.connect();
    const [{ locked }] = await runner.query(`SELECT GET_LOCK('lineflow_migrations', 60) AS locked`);
    if (Number(locked) !== 1) throw new Error('Timed out waiting for the migration lock');
    try {
      await db.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query(`SELECT RELEASE_LOCK('lineflow_migrations')`);
    }
  } finally {
    await runner.release();
  }
}

/** Connects and brings the schema up to date. */
export async function openDatabase(settings: DatabaseSettings): Promise<DataSource> {
  const db = new DataSource(dataSourceOptions(settings));
  await db.initialize();
  try {
    await runMigrations(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return db;
}
