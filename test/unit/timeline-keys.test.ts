import type { DataSource } from 'typeorm';
import { openDatabase } from '../../db/data-source';
import { appendTimeline } from '../../db/dialog-writes';
import { DialogEventEntity, LiveEventEntity, type DialogEvent, type LiveEvent } from '../../db/entities';
import { createMariadbDatabase, tempDir } from '../support/test-stack';

/**
 * Timeline entries keyed by what they are (docs/architecture.md §3.5), on both databases: a write run
 * again under its key is kept once whatever its number, a number taken by another entry moves the new
 * one to the next free number, and entries without a key (rows from before the migration, runs with
 * remote activities) are kept once per (dialog, number) as before.
 */
describe.each(['sqlite', 'mariadb'] as const)('timeline entry keys (%s)', (engine) => {
  let db: DataSource;
  let drop = async () => {};
  let n = 0;
  beforeAll(async () => {
    const settings = { dataDir: tempDir(), databaseUrl: undefined as string | undefined };
    if (engine === 'mariadb') ({ url: settings.databaseUrl, drop } = await createMariadbDatabase());
    db = await openDatabase(settings);
  });
  afterAll(async () => {
    await db?.destroy();
    await drop();
  });

  const entry = (dialogId: string, seq: number, key?: string): DialogEvent => ({
    dialogId,
    seq,
    ...(key ? { key } : {}),
    type: 'client.message',
    at: new Date('2026-01-01T12:00:00.000Z'),
    data: { note: `${seq}/${key ?? '-'}` },
  });
  const write = (event: DialogEvent) => db.transaction((tx) => appendTimeline(tx, event));
  const stored = async (dialogId: string) =>
    (
      await db
        .getRepository<DialogEvent>(DialogEventEntity)
        .find({ where: { dialogId }, order: { seq: 'ASC' } })
    ).map((e) => `${e.seq} ${e.key ?? '-'} ${String(e.data.note)}`);
  const announced = async (dialogId: string) =>
    (
      await db.getRepository<LiveEvent>(LiveEventEntity).find({ where: { dialogId }, order: { id: 'ASC' } })
    ).map((e) => (e.data as { seq: number }).seq);

  it('keeps a write run again under its key once, whatever number the second attempt gave it', async () => {
    const dialogId = `keys-${++n}`;
    expect(await write(entry(dialogId, 5, 'message:m1'))).toBe(true);
    expect(await write(entry(dialogId, 200, 'message:m1'))).toBe(false);
    expect(await stored(dialogId)).toEqual(['5 message:m1 5/message:m1']);
    expect(await announced(dialogId)).toEqual([5]);
  });

  it("gives an entry whose number a lost attempt's other entry took the next free number", async () => {
    const dialogId = `keys-${++n}`;
    await write(entry(dialogId, 1, 'dialog.started'));
    await write(entry(dialogId, 2, 'message:m1'));
    await write(entry(dialogId, 3, 'g0/start/dialog.started#1:step:start'));
    expect(await write(entry(dialogId, 2, 'update:u1:operator.message'))).toBe(true);
    expect(await stored(dialogId)).toEqual([
      '1 dialog.started 1/dialog.started',
      '2 message:m1 2/message:m1',
      '3 g0/start/dialog.started#1:step:start 3/g0/start/dialog.started#1:step:start',
      '4 update:u1:operator.message 2/update:u1:operator.message',
    ]);
    expect(await announced(dialogId)).toEqual([1, 2, 3, 4]);
  });

  it('keeps entries without a key once per number, as before keys', async () => {
    const dialogId = `keys-${++n}`;
    expect(await write(entry(dialogId, 1))).toBe(true);
    expect(await write(entry(dialogId, 1))).toBe(false);
    expect(await write(entry(dialogId, 2))).toBe(true);
    expect(await stored(dialogId)).toEqual(['1 - 1/-', '2 - 2/-']);
  });

  it('stores a key longer than its column as its hash, still once', async () => {
    const dialogId = `keys-${++n}`;
    const long = `g0/${'n'.repeat(300)}/client.message#1#1:step:x`;
    expect(await write(entry(dialogId, 1, long))).toBe(true);
    expect(await write(entry(dialogId, 9, long))).toBe(false);
    const [row] = await db.getRepository<DialogEvent>(DialogEventEntity).findBy({ dialogId });
    expect(row!.key).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('the migration keeps rows written before it, and takes itself back', async () => {
    const dialogId = `keys-${++n}`;
    await db.undoLastMigration();
    const columns = (await db.createQueryRunner().getTable('dialog_events'))!.columns.map((c) => c.name);
    expect(columns).not.toContain('entryKey');
    await db.query(
      `INSERT INTO dialog_events (dialogId, seq, type, at, data) VALUES ('${dialogId}', 1, 'dialog.started', '2026-01-01 12:00:00.000', '{}'), ('${dialogId}', 2, 'client.message', '2026-01-01 12:00:01.000', '{}')`,
    );
    await db.runMigrations({ transaction: 'each' });
    const rows = await db
      .getRepository<DialogEvent>(DialogEventEntity)
      .find({ where: { dialogId }, order: { seq: 'ASC' } });
    expect(rows.map((r) => [r.seq, r.type, r.key])).toEqual([
      [1, 'dialog.started', null],
      [2, 'client.message', null],
    ]);
    // a run from before goes on numbering them; a keyed write finds its number taken and moves on
    expect(await write(entry(dialogId, 2))).toBe(false);
    expect(await write(entry(dialogId, 2, 'message:m2'))).toBe(true);
    expect((await stored(dialogId)).map((s) => s.split(' ').slice(0, 2).join(' '))).toEqual([
      '1 -',
      '2 -',
      '3 message:m2',
    ]);
  });
});
