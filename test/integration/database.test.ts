import { DataSource } from 'typeorm';
import { dataSourceOptions, MIGRATIONS, openDatabase } from '../../db/data-source';
import { DEMO_LINE_ID, seedDatabase } from '../../runtime/demo-seed';
import {
  FlowDraftEntity,
  LineEntity,
  UserEntity,
  UserLineEntity,
  type FlowDraft,
  type Line,
} from '../../db/entities';
import { createMariadbDatabase, tempDir } from '../support/test-stack';

const line = (id: string) => ({
  id,
  name: id,
  active: true,
  language: 'en',
  settings: {},
  createdAt: new Date(),
  updatedAt: new Date(),
});

describe.each(['sqlite', 'mariadb'] as const)('database on %s', (engine) => {
  let db: DataSource;
  let drop = async () => {};
  const settings = { databaseUrl: undefined as string | undefined, dataDir: tempDir() };

  beforeAll(async () => {
    if (engine === 'mariadb') ({ url: settings.databaseUrl, drop } = await createMariadbDatabase());
    db = await openDatabase(settings);
  });
  afterAll(async () => {
    await db?.destroy();
    await drop();
  });

  it('creates the whole schema from migrations, matching the entities exactly', async () => {
    const pending = await db.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    expect(await db.showMigrations()).toBe(false);
  });

  it('runs migrations idempotently on restart', async () => {
    const again = await openDatabase(settings);
    expect(await again.showMigrations()).toBe(false);
    const [{ n }] = await again.query('SELECT COUNT(*) AS n FROM migrations');
    expect(Number(n)).toBe(MIGRATIONS.length);
    await again.destroy();
  });

  it('gives flow drafts saved before revisions revision 1 and an unknown basedOnVersion', async () => {
    const older = { databaseUrl: undefined as string | undefined, dataDir: tempDir() };
    let dropOlder = async () => {};
    if (engine === 'mariadb') ({ url: older.databaseUrl, drop: dropOlder } = await createMariadbDatabase());
    const url = older.databaseUrl?.replace(/^mariadb:/, 'mysql:');
    const options = dataSourceOptions(older, engine === 'mariadb' ? 'mariadb' : undefined);
    const before = new DataSource({ ...options, url, migrations: MIGRATIONS.slice(0, -1) } as never);
    try {
      await before.initialize();
      await before.runMigrations({ transaction: 'each' });
      const quoted = (name: string) => (engine === 'mariadb' ? `\`${name}\`` : `"${name}"`);
      await before.query(
        `INSERT INTO flow_drafts (${['lineId', 'document', 'updatedAt', 'updatedBy'].map(quoted).join(', ')}) VALUES (?, ?, ?, ?)`,
        ['old-line', '{"schemaVersion":1}', '2026-01-01 00:00:00.000', null],
      );
      await before.destroy();
      const after = await openDatabase(older);
      try {
        expect(
          await after.getRepository<FlowDraft>(FlowDraftEntity).findOneBy({ lineId: 'old-line' }),
        ).toMatchObject({
          revision: 1,
          basedOnVersion: null,
        });
      } finally {
        await after.destroy();
      }
    } finally {
      if (before.isInitialized) await before.destroy();
      await dropOlder();
    }
  });

  it('keeps a write made during another transaction when that transaction rolls back', async () => {
    let resume!: () => void;
    const paused = new Promise<void>((resolve) => (resume = resolve));
    const failing = db.transaction(async (tx) => {
      await tx.getRepository<Line>(LineEntity).insert(line(`${engine}-rolled-back`));
      await paused;
      throw new Error('business rule failed');
    });
    const outside = db.getRepository<Line>(LineEntity).insert(line(`${engine}-outside`));
    await new Promise((resolve) => setTimeout(resolve, 50));
    resume();
    await expect(failing).rejects.toThrow('business rule failed');
    await outside;
    const ids = (await db.getRepository<Line>(LineEntity).find()).map((l) => l.id);
    expect(ids).toContain(`${engine}-outside`);
    expect(ids).not.toContain(`${engine}-rolled-back`);
  });

  it('commits concurrent transactions independently', async () => {
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        db
          .transaction(async (tx) => {
            await tx.getRepository<Line>(LineEntity).insert(line(`${engine}-tx-${i}`));
            await new Promise((resolve) => setTimeout(resolve, 5));
            if (i % 3 === 0) throw new Error('rollback this one');
          })
          .catch(() => undefined),
      ),
    );
    const ids = (await db.getRepository<Line>(LineEntity).find())
      .map((l) => l.id)
      .filter((id) => id.includes('-tx-'));
    expect(ids.sort()).toEqual([1, 2, 4, 5, 7, 8].map((i) => `${engine}-tx-${i}`).sort());
  });

  it('seeds the demo line with every employee on it but the admin, once', async () => {
    const first = await seedDatabase(db, {
      demo: true,
      adminPassword: 'admin-pass',
      demoPassword: 'demo-pass',
    });
    expect(first.seeded).toBe(true);
    expect((await seedDatabase(db, { demo: true })).seeded).toBe(false);
    const users = await db.getRepository(UserEntity).find();
    const members = await db.getRepository(UserLineEntity).findBy({ lineId: DEMO_LINE_ID });
    const onLine = new Set(members.map((m) => m.userId));
    expect(
      users.map((u) => [u.email, onLine.has(u.id)]).sort(([a], [b]) => String(a).localeCompare(String(b))),
    ).toEqual([
      ['admin@lineflow.local', false],
      ['operator1@lineflow.local', true],
      ['operator2@lineflow.local', true],
      ['operator3@lineflow.local', true],
      ['supervisor@lineflow.local', true],
    ]);
  });
});
