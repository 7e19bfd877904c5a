import fs from 'node:fs';
import path from 'node:path';
import { createConnection } from 'mysql2/promise';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { InitialSchema1763769600000 } from './migrations/1763769600000-initial-schema';
import { FlowVersions1763856000000 } from './migrations/1763856000000-flow-versions';
import { QueueRouting1763942400000 } from './migrations/1763942400000-queue-routing';
import { KpiAlerts1764028800000 } from './migrations/1764028800000-kpi-alerts';
import { Crm1764115200000 } from './migrations/1764115200000-crm';
import { DialogReadIndexes1764201600000 } from './migrations/1764201600000-dialog-read-indexes';
import { AdminRecords1764288000000 } from './migrations/1764288000000-admin-records';
import { LiveEvents1764374400000 } from './migrations/1764374400000-live-events';
import { ChannelDelivery1764460800000 } from './migrations/1764460800000-channel-delivery';
import { InboundMessages1764547200000 } from './migrations/1764547200000-inbound-messages';
import { PresenceAway1764633600000 } from './migrations/1764633600000-presence-away';
import { FlowDraftRevisions1764720000000 } from './migrations/1764720000000-flow-draft-revisions';
import { FlowScenarios1764806400000 } from './migrations/1764806400000-flow-scenarios';
import { LoginThrottles1764892800000 } from './migrations/1764892800000-login-throttles';
import { TimelineEntryKeys1764979200000 } from './migrations/1764979200000-timeline-entry-keys';
import { serializeSqliteAccess } from './sqlite-transactions';

/** Every migration, in order. Explicit imports (not a glob) so tsx, Jest and a bundle all see the same list. */
export const MIGRATIONS = [
  InitialSchema1763769600000,
  FlowVersions1763856000000,
  QueueRouting1763942400000,
  KpiAlerts1764028800000,
  Crm1764115200000,
  DialogReadIndexes1764201600000,
  AdminRecords1764288000000,
  LiveEvents1764374400000,
  ChannelDelivery1764460800000,
  InboundMessages1764547200000,
  PresenceAway1764633600000,
  FlowDraftRevisions1764720000000,
  FlowScenarios1764806400000,
  LoginThrottles1764892800000,
  TimelineEntryKeys1764979200000,
];

export interface DatabaseSettings {
  /** mysql:// or mariadb:// URL; undefined = SQLite file `lineflow.sqlite` in dataDir */
  databaseUrl?: string;
  dataDir: string;
}

type MysqlFlavor = 'mysql' | 'mariadb';

/**
 * MySQL and MariaDB speak the same protocol (mysql2 serves both), but TypeORM reads their catalogs
 * differently (e.g. MariaDB reports a nullable column's default as the string 'NULL'), so we ask.
 */
async function serverFlavor(url: string): Promise<MysqlFlavor> {
  const connection = await createConnection(url);
  try {
    const [rows] = await connection.query('SELECT VERSION() AS version');
    return /mariadb/i.test(String((rows as Array<{ version: string }>)[0]?.version)) ? 'mariadb' : 'mysql';
  } finally {
    await connection.end();
  }
}

export function dataSourceOptions(
  { databaseUrl, dataDir }: DatabaseSettings,
  flavor: MysqlFlavor = 'mysql',
): DataSourceOptions {
  const common = { entities: ENTITIES, migrations: MIGRATIONS, synchronize: false, migrationsRun: false };
  if (databaseUrl) {
    const url = databaseUrl.replace(/^mariadb:/, 'mysql:');
    return {
      ...common,
      type: flavor,
      url,
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

export const isMysql = (db: DataSource): boolean =>
  db.options.type === 'mysql' || db.options.type === 'mariadb';

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
  const url = settings.databaseUrl?.replace(/^mariadb:/, 'mysql:');
  const db = new DataSource(dataSourceOptions(settings, url ? await serverFlavor(url) : undefined));
  await db.initialize();
  if (!isMysql(db)) serializeSqliteAccess(db);
  try {
    await runMigrations(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return db;
}
