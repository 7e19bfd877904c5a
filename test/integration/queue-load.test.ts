import { In, IsNull } from 'typeorm';
import { loadCatalog } from '../../activities/registry';
import { openDatabase } from '../../db/data-source';
import { DEMO_LINE_ID, DEMO_WEBHOOK_CHANNEL_ID } from '../../runtime/demo-seed';
import {
  DialogEntity,
  DialogEventEntity,
  DialogOfferEntity,
  LineEntity,
  QueueWaitEntity,
  UserEntity,
  type Dialog,
} from '../../db/entities';
import { startDialogWorker, type DialogWorker } from '../../worker/dialog-worker';
import { WORKFLOW_BUNDLE_PATH } from '../support/global-setup';
import {
  ADMIN_PASSWORD,
  createMariadbDatabase,
  DEMO_PASSWORD,
  eventually,
  tempDir,
  testConfig,
  TestStack,
} from '../support/test-stack';

/**
 * docs/product.md §3.3 under load, on a real Temporal dev server and MariaDB: 50 dialogs arrive at once, three
 * operators with a limit of two, two workers (each with its own connection pool, as two processes
 * would have). Nobody ever holds more than two; the rest wait and are served oldest first as the
 * operators close dialogs. Everything is asserted on the database.
 */
describe('queue under load on MariaDB with two workers', () => {
  const DIALOGS = 50;
  const LIMIT = 2;
  let stack: TestStack;
  let secondWorker: DialogWorker;
  let secondDb: Awaited<ReturnType<typeof openDatabase>>;
  let dropDatabase = async () => {};
  const tokens = new Map<string, string>();
  let operatorIds: string[];

  beforeAll(async () => {
    const database = await createMariadbDatabase();
    dropDatabase = database.drop;
    stack = await TestStack.start(testConfig({ LINEFLOW_DATA_DIR: tempDir(), DATABASE_URL: database.url }));
    secondDb = await openDatabase({ databaseUrl: database.url, dataDir: tempDir() });
    secondWorker = await startDialogWorker({
      address: stack.running.temporalAddress,
      namespace: stack.config.temporal.namespace,
      taskQueue: stack.config.temporal.taskQueue,
      db: secondDb,
      catalog: loadCatalog(),
      workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH },
    });
    const users = stack.db.getRepository(UserEntity);
    operatorIds = [];
    for (const n of [1, 2, 3]) {
      const email = `operator${n}@lineflow.local`;
      const user = await users.findOneByOrFail({ email });
      operatorIds.push(user.id);
      tokens.set(user.id, await stack.login(email, DEMO_PASSWORD));
      await stack.request('POST', '/api/me/presence', { token: tokens.get(user.id), json: { online: true } });
    }
    await stack.db.getRepository(LineEntity).update(DEMO_LINE_ID, {
      settings: { queue: { operators: operatorIds }, loadLimit: { enabled: true, max: LIMIT } },
    });
    const admin = await stack.login('admin@lineflow.local', ADMIN_PASSWORD);
    const flowPath = `/api/lines/${DEMO_LINE_ID}/flow`;
    const flow = {
      schemaVersion: 1,
      name: 'Evenly, long steps',
      nodes: [
        { id: 'started', type: 'trigger', params: { event: 'dialog.started' } },
        // long steps: in this test an offer is only ever accepted, never passed on
        { id: 'route', type: 'queue', params: { mode: 'evenly', stepTimeout: '12h' } },
      ],
      edges: [{ source: 'started', target: 'route' }],
    };
    expect((await stack.request('PUT', flowPath, { token: admin, json: flow })).status).toBe(200);
    expect((await stack.request('POST', `${flowPath}/publish`, { token: admin })).status).toBe(201);
  });

  afterAll(async () => {
    await secondWorker?.stop();
    await secondDb?.destroy();
    await stack?.stop();
    await dropDatabase();
  });

  /** Per operator: open dialogs they are responsible for plus offers they hold, from the database. */
  async function loads(): Promise<Map<string, number>> {
    const open = await stack.db
      .getRepository(DialogEntity)
      .findBy({ responsibleOperatorId: In(operatorIds), closedAt: IsNull() });
    const offers = await stack.db.getRepository(DialogOfferEntity).findBy({ operatorId: In(operatorIds) });
    const load = new Map(operatorIds.map((id) => [id, 0]));
    for (const id of [...open.map((d) => d.responsibleOperatorId!), ...offers.map((o) => o.operatorId)]) {
      load.set(id, load.get(id)! + 1);
    }
    return load;
  }
  let highest = 0;
  const checkLimit = async () => {
    for (const load of (await loads()).values()) highest = Math.max(highest, load);
    expect(highest).toBeLessThanOrEqual(LIMIT);
  };

  it('never gives anyone a third dialog, and serves the waiting oldest first as dialogs close', async () => {
    const secret = await stack.channelSecret(DEMO_WEBHOOK_CHANNEL_ID);
    const responses = await Promise.all(
      Array.from({ length: DIALOGS }, (_, i) =>
        stack.inbound(
          DEMO_WEBHOOK_CHANNEL_ID,
          JSON.stringify({
            externalMessageId: `load-${i}`,
            client: { externalId: `load-client-${i}` },
            text: 'hi',
          }),
          secret,
        ),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(DIALOGS).fill(202));
    const dialogIds = new Set(responses.map((r) => r.body.dialogId as string));
    expect(dialogIds.size).toBe(DIALOGS);

    // Settles with 3 × 2 offers out and the other 44 waiting in line.
    const waits = stack.db.getRepository(QueueWaitEntity);
    await eventually(async () => {
      await checkLimit();
      const offers = await stack.db.getRepository(DialogOfferEntity).count();
      const waiting = await waits.count();
      return offers === 3 * LIMIT && waiting === DIALOGS - 3 * LIMIT ? true : undefined;
    }, 60_000);
    expect([...(await loads()).values()]).toEqual([LIMIT, LIMIT, LIMIT]);

    const served: string[] = [];
    const acceptOffers = async () => {
      const offers = await stack.db.getRepository(DialogOfferEntity).find();
      for (const offer of offers) {
        const accepted = await stack.request('POST', `/api/dialogs/${offer.dialogId}/accept`, {
          token: tokens.get(offer.operatorId),
        });
        expect(accepted.status).toBe(200);
        served.push(offer.dialogId);
      }
      // the accept reached the read model: the dialog is in_progress and holds no offer
      await eventually(async () =>
        (await stack.db.getRepository(DialogOfferEntity).count()) === 0 ? true : undefined,
      );
    };
    await acceptOffers();
    await checkLimit();

    // One dialog closes at a time; the one that waited longest must be the next one offered.
    while ((await waits.count()) > 0) {
      const line = await waits.find({ order: { since: 'ASC', dialogId: 'ASC' } });
      const oldest = line
        .filter((w) => w.since.getTime() === line[0]!.since.getTime())
        .map((w) => w.dialogId);
      const open = await stack.db.getRepository(DialogEntity).find({
        where: { responsibleOperatorId: In(operatorIds), closedAt: IsNull() },
        order: { createdAt: 'ASC' },
      });
      const closing: Dialog = open[0]!;
      const closed = await stack.request('POST', `/api/dialogs/${closing.id}/close`, {
        token: tokens.get(closing.responsibleOperatorId!),
      });
      expect(closed.status).toBe(200);
      const offer = await eventually(async () => {
        await checkLimit();
        return (await stack.db.getRepository(DialogOfferEntity).findOneBy({})) ?? undefined;
      }, 30_000);
      expect(oldest).toContain(offer.dialogId);
      await acceptOffers();
    }
    expect(new Set(served)).toEqual(dialogIds);
    expect(highest).toBe(LIMIT);

    // Each dialog was accepted exactly once, by someone it was offered to.
    const accepts = await stack.db.getRepository(DialogEventEntity).findBy({ type: 'dialog.accepted' });
    expect(accepts.filter((e) => dialogIds.has(e.dialogId))).toHaveLength(DIALOGS);
  });
});
