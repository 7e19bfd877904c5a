import { Client, Connection } from '@temporalio/client';
import { In, type EntitySchema } from 'typeorm';
import {
  ConversationEntity,
  DialogEntity,
  MessageEntity,
  ClientEntity,
  DialogEventEntity,
  ClientIdentityEntity,
  DealEntity,
  DialogOfferEntity,
  FlowVersionEntity,
  LeadEntity,
  LineEntity,
  QueueWaitEntity,
  UserEntity,
} from '../../db/entities';
import type { LineSettings } from '../../schemas/generated/line-settings';
import { DEMO_LINE_ID, DEMO_LIVECHAT_CHANNEL_ID, DEMO_WEBHOOK_CHANNEL_ID } from '../../runtime/demo-seed';
import { dialogWorkflowId } from '../../workflows/definitions';
import {
  ADMIN_PASSWORD,
  createMariadbDatabase,
  DEMO_PASSWORD,
  eventually,
  tempDir,
  testConfig,
  TestStack,
  type Engine,
} from '../support/test-stack';

/**
 * The foundation slice end to end on a real Temporal dev server and a real database:
 * signed webhook → signalWithStart → dialog workflow → activity → read model → GET /api/dialogs/:id.
 */
export function describeSlice(engine: Engine): void {
  describe(`inbound slice on ${engine}`, () => {
    let stack: TestStack;
    let secret: string;
    let adminToken: string;
    let dataDir: string;
    let databaseUrl: string | undefined;
    let dropDatabase = async () => {};

    const message = (externalMessageId: string, externalId: string, extra: object = { text: 'Hello' }) =>
      JSON.stringify({ externalMessageId, client: { externalId, name: 'Ann' }, ...extra });

    const rowCounts = async () => {
      const counts: Record<string, number> = {};
      const entities: EntitySchema<any>[] = [
        DialogEntity,
        MessageEntity,
        ClientEntity,
        DialogEventEntity,
        ConversationEntity,
      ];
      for (const entity of entities) {
        counts[entity.options.tableName!] = await stack.db.getRepository(entity).count();
      }
      return counts;
    };

    const readDialog = (id: string, until: (dialog: any) => boolean) =>
      eventually(async () => {
        const response = await stack.request('GET', `/api/dialogs/${id}`, { token: adminToken });
        return response.status === 200 && until(response.body) ? response.body : undefined;
      });

    beforeAll(async () => {
      dataDir = tempDir();
      if (engine === 'mariadb') {
        const database = await createMariadbDatabase();
        databaseUrl = database.url;
        dropDatabase = database.drop;
      }
      stack = await TestStack.start(testConfig({ LINEFLOW_DATA_DIR: dataDir, DATABASE_URL: databaseUrl }));
      secret = await stack.channelSecret(DEMO_WEBHOOK_CHANNEL_ID);
      adminToken = await stack.login('admin@lineflow.local', ADMIN_PASSWORD);
    });

    afterAll(async () => {
      await stack?.stop();
      await dropDatabase();
    });

    it('is live and ready, and printed the seeded logins once', async () => {
      expect((await stack.request('GET', '/healthz')).status).toBe(200);
      const ready = await stack.request('GET', '/readyz');
      expect(ready).toEqual({
        status: 200,
        body: { status: 'ready', checks: { database: 'ok', temporal: 'ok' } },
      });
      expect(stack.printed).toContain('operator3@lineflow.local');
      expect(stack.printed).toContain('(password from environment)');
    });

    it('stores a signed message in a new dialog that the API reads back', async () => {
      const response = await stack.inbound(DEMO_WEBHOOK_CHANNEL_ID, message('m-1', 'client-1'), secret);
      expect(response.status).toBe(202);
      expect(response.body).toEqual({
        dialogId: expect.any(String),
        messageId: expect.any(String),
        duplicate: false,
      });
      const dialog = await readDialog(
        response.body.dialogId,
        (d) => d.messages.length === 1 && d.timeline.some((e: { nodeId?: string }) => e.nodeId === 'started'),
      );
      expect(dialog).toMatchObject({
        id: response.body.dialogId,
        lineId: DEMO_LINE_ID,
        channelId: DEMO_WEBHOOK_CHANNEL_ID,
        status: 'new', // nobody is online: the default flow's queue has no one to offer it to yet
        flowVersion: 1,
        client: { name: 'Ann' },
        messages: [{ id: response.body.messageId, author: 'client', text: 'Hello', hidden: false }],
      });
      // the dialog opens first; then its message and the steps of the line's default flow (the CRM
      // step makes a lead: a webhook client can be written back to), each once, in the workflow's order
      const full = await readDialog(
        response.body.dialogId,
        (d) => d.leadId !== null && d.timeline.length >= 5,
      );
      const timeline = full.timeline.map((e: { type: string; nodeId?: string }) => e.nodeId ?? e.type);
      expect(timeline[0]).toBe('dialog.started');
      expect(timeline.slice(0, 5).sort()).toEqual([
        'client.message',
        'crm',
        'dialog.started',
        'lead.created',
        'started',
      ]);
      expect(timeline.indexOf('started')).toBeLessThan(timeline.indexOf('crm'));
      const seqs = full.timeline.map((e: { seq: number }) => e.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(new Set(seqs).size).toBe(seqs.length);
    });

    it('answers a repeated externalMessageId with the same ids and stores it once', async () => {
      const body = message('m-dup', 'client-dup');
      const first = await stack.inbound(DEMO_WEBHOOK_CHANNEL_ID, body, secret);
      await readDialog(first.body.dialogId, (d) => d.messages.length === 1);
      const again = await stack.inbound(DEMO_WEBHOOK_CHANNEL_ID, body, secret);
      expect(again.status).toBe(202);
      expect(again.body).toEqual({ ...first.body, duplicate: true });
      expect(await stack.db.getRepository(MessageEntity).countBy({ externalMessageId: 'm-dup' })).toBe(1);
    });

    it('puts a burst of 20 messages from one client into one dialog, each once', async () => {
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          stack.inbound(
            DEMO_WEBHOOK_CHANNEL_ID,
            message(`burst-${i}`, 'client-burst', { text: `#${i}` }),
            secret,
          ),
        ),
      );
      expect(responses.map((r) => r.status)).toEqual(Array(20).fill(202));
      const dialogIds = new Set(responses.map((r) => r.body.dialogId));
      expect(dialogIds.size).toBe(1);
      const [dialogId] = [...dialogIds];
      const dialog = await readDialog(dialogId!, (d) => d.messages.length >= 20);
      expect(dialog.messages.map((m: { text: string }) => m.text).sort()).toEqual(
        Array.from({ length: 20 }, (_, i) => `#${i}`).sort(),
      );
      expect(await stack.db.getRepository(DialogEntity).countBy({ id: dialogId })).toBe(1);
    });

    it('records a rating sent through the webhook on the dialog', async () => {
      const first = await stack.inbound(DEMO_WEBHOOK_CHANNEL_ID, message('r-1', 'client-rate'), secret);
      await stack.inbound(DEMO_WEBHOOK_CHANNEL_ID, message('r-2', 'client-rate', { rating: 'like' }), secret);
      const dialog = await readDialog(first.body.dialogId, (d) => d.rating === 'like');
      expect(dialog.timeline.map((e: { type: string }) => e.type)).toContain('rating.received');
      expect(dialog.messages).toHaveLength(1);
    });

    it('keeps a 1-5 rating a number end to end: the dialog, its list entry and its timeline', async () => {
      const first = await stack.inbound(DEMO_WEBHOOK_CHANNEL_ID, message('n-1', 'client-five'), secret);
      const rated = await stack.inbound(
        DEMO_WEBHOOK_CHANNEL_ID,
        message('n-2', 'client-five', { rating: 5 }),
        secret,
      );
      expect(rated.status).toBe(202);
      const dialog = await readDialog(first.body.dialogId, (d) => d.rating !== null);
      expect(dialog.rating).toBe(5);
      expect(dialog.timeline.find((e: { type: string }) => e.type === 'rating.received')).toMatchObject({
        rating: 5,
      });
      const listed = await stack.request('GET', `/api/dialogs?lineId=${dialog.lineId}&limit=200`, {
        token: adminToken,
      });
      expect(listed.body.items.find((d: { id: string }) => d.id === dialog.id).rating).toBe(5);
    });

    it('starts the next dialog when the client writes after their dialog ended', async () => {
      const first = await stack.inbound(DEMO_WEBHOOK_CHANNEL_ID, message('e-1', 'client-ended'), secret);
      await readDialog(first.body.dialogId, (d) => d.messages.length === 1);
      const connection = await Connection.connect({ address: stack.running.temporalAddress });
      try {
        const temporal = new Client({ connection, namespace: stack.config.temporal.namespace });
        await temporal.workflow
          .getHandle(dialogWorkflowId(first.body.dialogId))
          .terminate('test: dialog ended');
      } finally {
        await connection.close();
      }
      const next = await stack.inbound(DEMO_WEBHOOK_CHANNEL_ID, message('e-2', 'client-ended'), secret);
      expect(next.status).toBe(202);
      expect(next.body.dialogId).not.toBe(first.body.dialogId);
      const dialog = await readDialog(next.body.dialogId, (d) => d.messages.length === 1);
      expect(dialog.client.id).toBe((await readDialog(first.body.dialogId, () => true)).client.id);
      // and the client's following message goes to that same new dialog
      const third = await stack.inbound(DEMO_WEBHOOK_CHANNEL_ID, message('e-3', 'client-ended'), secret);
      expect(third.body.dialogId).toBe(next.body.dialogId);
      await readDialog(next.body.dialogId, (d) => d.messages.length === 2);
    });

    describe('refuses bad requests and stores nothing for them', () => {
      let before: Record<string, number>;
      beforeEach(async () => {
        before = await rowCounts();
      });
      afterEach(async () => {
        // give a wrongly accepted message time to reach the read model before comparing
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(await rowCounts()).toEqual(before);
      });

      it('401 on a wrong or missing signature', async () => {
        const body = message('bad-sig', 'client-x');
        const wrong = await stack.inbound(DEMO_WEBHOOK_CHANNEL_ID, body, secret, `sha256=${'0'.repeat(64)}`);
        expect(wrong.status).toBe(401);
        expect(wrong.body.error).toMatchObject({ code: 'bad_signature', message: expect.any(String) });
        const otherSecret = await stack.inbound(DEMO_WEBHOOK_CHANNEL_ID, body, 'not-the-secret');
        expect(otherSecret.status).toBe(401);
        const missing = await stack.request('POST', `/api/channels/${DEMO_WEBHOOK_CHANNEL_ID}/inbound`, {
          raw: body,
        });
        expect(missing.status).toBe(401);
      });

      it('400 on malformed JSON', async () => {
        const response = await stack.inbound(DEMO_WEBHOOK_CHANNEL_ID, '{"externalMessageId": ', secret);
        expect(response.status).toBe(400);
        expect(response.body.error.code).toBe('bad_request');
      });

      it('400 with pointers on a body that fails the schema', async () => {
        const body = JSON.stringify({ externalMessageId: '', client: {}, text: 'x', extra: 1 });
        const response = await stack.inbound(DEMO_WEBHOOK_CHANNEL_ID, body, secret);
        expect(response.status).toBe(400);
        expect(response.body.error.code).toBe('invalid_request');
        const pointers = response.body.error.details.map((d: { pointer: string }) => d.pointer);
        expect(pointers).toEqual(
          expect.arrayContaining(['/externalMessageId', '/client/externalId', '/extra']),
        );
        const empty = await stack.inbound(
          DEMO_WEBHOOK_CHANNEL_ID,
          message('no-text', 'client-x', {}),
          secret,
        );
        expect(empty.status).toBe(400);
      });

      it('404 on an unknown channel, and on a channel that is not a webhook', async () => {
        const body = message('m-404', 'client-x');
        expect((await stack.inbound('no-such-channel', body, secret)).status).toBe(404);
        const livechat = await stack.inbound(DEMO_LIVECHAT_CHANNEL_ID, body, secret);
        expect(livechat.status).toBe(404);
        expect(livechat.body.error.code).toBe('not_found');
      });

      it('413 on a body over 1 MB', async () => {
        const body = message('m-big', 'client-x', { text: 'x'.repeat(1024 * 1024) });
        const response = await stack.inbound(DEMO_WEBHOOK_CHANNEL_ID, body, secret);
        expect(response.status).toBe(413);
        expect(response.body.error.code).toBe('payload_too_large');
      });
    });

    it('serves the catalog of node types and activities to any signed-in employee', async () => {
      expect((await stack.request('GET', '/api/catalog')).status).toBe(401);
      const operator = await stack.login('operator1@lineflow.local', DEMO_PASSWORD);
      const catalog = await stack.request('GET', '/api/catalog', { token: operator });
      expect(catalog.status).toBe(200);
      expect(catalog.body.nodeTypes.map((n: { type: string }) => n.type)).toContain('queue');
      expect(catalog.body.activities.map((a: { name: string }) => a.name)).toEqual(
        expect.arrayContaining(['callWebhook', 'classifyPriority']),
      );
    });

    describe('flows: draft, validate, publish, pin', () => {
      const flowPath = `/api/lines/${DEMO_LINE_ID}/flow`;
      const trigger = { id: 'started', type: 'trigger', params: { event: 'dialog.started' } };
      const v1 = {
        schemaVersion: 1,
        name: 'v1: tag, wait for a message, classify it',
        nodes: [
          trigger,
          { id: 'tagV1', type: 'tag', params: { tag: 'v1' } },
          { id: 'waitMsg', type: 'wait', params: { event: 'client.message', timeout: '1h' } },
          {
            id: 'classify',
            type: 'action',
            params: {
              activity: 'classifyPriority',
              input: { text: '{{message.text}}' },
              resultVariable: 'priority',
            },
          },
          { id: 'done', type: 'end', params: {} },
          { id: 'gaveUp', type: 'end', params: {} },
        ],
        edges: [
          { source: 'started', target: 'tagV1' },
          { source: 'tagV1', target: 'waitMsg' },
          { source: 'waitMsg', sourceHandle: 'received', target: 'classify' },
          { source: 'waitMsg', sourceHandle: 'timeout', target: 'gaveUp' },
          { source: 'classify', target: 'done' },
        ],
      };
      const v2 = {
        schemaVersion: 1,
        name: 'v2: just tag',
        nodes: [
          trigger,
          { id: 'tagV2', type: 'tag', params: { tag: 'v2' } },
          { id: 'end', type: 'end', params: {} },
        ],
        edges: [
          { source: 'started', target: 'tagV2' },
          { source: 'tagV2', target: 'end' },
        ],
      };
      const nodesRun = (dialog: any) =>
        dialog.timeline
          .filter((e: { type: string }) => e.type === 'flow.node')
          .map((e: any) => `${e.nodeId}:${e.outcome ?? 'end'}`);

      it('refuses a document that is not a flow with 400 (its body schema) and stores nothing', async () => {
        const response = await stack.request('PUT', flowPath, {
          token: adminToken,
          json: { name: 'no nodes' },
        });
        expect(response.status).toBe(400);
        expect(response.body.error.code).toBe('invalid_request');
        expect(response.body.error.details).toContainEqual({
          pointer: '/schemaVersion',
          message: "must have required property 'schemaVersion'",
        });
        // no draft was stored: the line still shows its newest version
        const shown = await stack.request('GET', flowPath, { token: adminToken });
        expect([shown.status, shown.body.revision, shown.body.basedOnVersion]).toEqual([200, 0, 1]);
      });

      it('keeps a draft with graph problems, lists them, and refuses to publish it with node and field', async () => {
        const broken = {
          ...v2,
          nodes: [...v2.nodes, { id: 'q', type: 'queue', params: { mode: 'strict', stepTimeout: '30s' } }],
        };
        const saved = await stack.request('PUT', flowPath, { token: adminToken, json: broken });
        expect(saved.status).toBe(200);
        expect(saved.body.problems).toEqual(
          expect.arrayContaining([
            { pointer: '/nodes/3/params/stepTimeout', message: expect.stringContaining('1m'), nodeId: 'q' },
          ]),
        );
        // the admin reopens the draft as saved, with the same problems listed
        const reopened = await stack.request('GET', flowPath, { token: adminToken });
        expect(reopened.status).toBe(200);
        expect(reopened.body).toEqual({ ...saved.body, updatedAt: expect.any(String) });
        const published = await stack.request('POST', `${flowPath}/publish`, { token: adminToken });
        expect(published.status).toBe(422);
        expect(published.body.error.details).toEqual(saved.body.problems);
        const validated = await stack.request('POST', `${flowPath}/validate`, { token: adminToken });
        expect(validated.status).toBe(422);
        // only the default flow the demo was seeded with
        expect(
          (await stack.request('GET', `${flowPath}/versions`, { token: adminToken })).body.items.map(
            (v: { version: number }) => v.version,
          ),
        ).toEqual([1]);
        const operator = await stack.login('operator1@lineflow.local', DEMO_PASSWORD);
        expect((await stack.request('PUT', flowPath, { token: operator, json: v1 })).status).toBe(403);
      });

      it('runs new dialogs on the newest version while a running dialog finishes on its own', async () => {
        expect((await stack.request('PUT', flowPath, { token: adminToken, json: v1 })).status).toBe(200);
        expect((await stack.request('POST', `${flowPath}/validate`, { token: adminToken })).body).toEqual({
          valid: true,
          problems: [],
          warnings: expect.any(Array),
        });
        expect((await stack.request('POST', `${flowPath}/publish`, { token: adminToken })).body).toEqual({
          version: 2,
          warnings: expect.any(Array),
        });
        const a = await stack.inbound(DEMO_WEBHOOK_CHANNEL_ID, message('flow-a1', 'flow-client-a'), secret);
        const dialogA = await readDialog(a.body.dialogId, (d) => nodesRun(d).includes('tagV1:next'));
        expect(dialogA.flowVersion).toBe(2);

        await stack.request('PUT', flowPath, { token: adminToken, json: v2 });
        expect((await stack.request('POST', `${flowPath}/publish`, { token: adminToken })).body).toEqual({
          version: 3,
          warnings: expect.any(Array),
        });
        const versions = await stack.request('GET', `${flowPath}/versions`, { token: adminToken });
        expect(
          versions.body.items.map((v: { version: number; name: string }) => [v.version, v.name]),
        ).toEqual([
          [3, v2.name],
          [2, v1.name],
          [1, 'Default: CRM, queue, KPI alerts, rating'],
        ]);

        const b = await stack.inbound(DEMO_WEBHOOK_CHANNEL_ID, message('flow-b1', 'flow-client-b'), secret);
        const dialogB = await readDialog(b.body.dialogId, (d) => nodesRun(d).includes('end:end'));
        expect(dialogB.flowVersion).toBe(3);
        expect(nodesRun(dialogB)).toEqual(['started:next', 'tagV2:next', 'end:end']);

        // dialog A still runs v1: its wait takes the next message, and the custom activity runs on it
        await stack.inbound(
          DEMO_WEBHOOK_CHANNEL_ID,
          message('flow-a2', 'flow-client-a', { text: 'urgent please' }),
          secret,
        );
        const finishedA = await readDialog(a.body.dialogId, (d) => nodesRun(d).includes('done:end'));
        expect(nodesRun(finishedA)).toEqual([
          'started:next',
          'tagV1:next',
          'waitMsg:received',
          'classify:next',
          'done:end',
        ]);
        expect(finishedA.flowVersion).toBe(2);
      });
    });

    describe('operator actions (workflow updates)', () => {
      it('lets exactly one of two operators accept, answers, closes, and refuses the rest with 409', async () => {
        const sent = await stack.inbound(DEMO_WEBHOOK_CHANNEL_ID, message('ops-1', 'ops-client'), secret);
        const dialogId = sent.body.dialogId;
        await readDialog(dialogId, (d) => d.messages.length === 1);
        const [one, two] = await Promise.all([
          stack.login('operator1@lineflow.local', DEMO_PASSWORD),
          stack.login('operator2@lineflow.local', DEMO_PASSWORD),
        ]);
        const accepts = await Promise.all(
          [one, two].map((token) => stack.request('POST', `/api/dialogs/${dialogId}/accept`, { token })),
        );
        expect(accepts.map((a) => a.status).sort()).toEqual([200, 409]);
        const winner = accepts[0]!.status === 200 ? one : two;
        const loser = winner === one ? two : one;
        const lost = accepts.find((a) => a.status === 409)!;
        expect(lost.body.error).toMatchObject({
          code: 'conflict',
          message: 'the dialog is already taken by another operator',
        });

        const refused = await stack.request('POST', `/api/dialogs/${dialogId}/messages`, {
          token: loser,
          json: { text: 'me too' },
        });
        expect(refused).toMatchObject({
          status: 409,
          body: { error: { message: 'accept the dialog before answering' } },
        });
        const bad = await stack.request('POST', `/api/dialogs/${dialogId}/messages`, {
          token: winner,
          json: { text: '' },
        });
        expect(bad.status).toBe(400);
        const answered = await stack.request('POST', `/api/dialogs/${dialogId}/messages`, {
          token: winner,
          json: { text: 'How can I help?' },
        });
        expect(answered.status).toBe(201);
        const dialog = await readDialog(dialogId, (d) => d.messages.length === 2);
        expect(dialog.status).toBe('waiting_client'); // answered: now the client's turn
        expect(dialog.kpi.firstAnswerMs).toEqual(expect.any(Number));
        expect(dialog.messages[1]).toMatchObject({
          author: 'operator',
          text: 'How can I help?',
          hidden: false,
        });
        expect(dialog.responsibleOperatorId).toBe(dialog.messages[1].authorId);

        expect((await stack.request('POST', `/api/dialogs/${dialogId}/close`, { token: loser })).status).toBe(
          409,
        );
        const supervisor = await stack.login('supervisor@lineflow.local', DEMO_PASSWORD);
        const closed = await stack.request('POST', `/api/dialogs/${dialogId}/close`, { token: supervisor });
        expect(closed).toMatchObject({ status: 200, body: { status: 'closed' } });
        expect((await readDialog(dialogId, (d) => d.status === 'closed')).closedAt).not.toBeNull();
        expect(
          (await stack.request('POST', `/api/dialogs/${dialogId}/accept`, { token: winner })).status,
        ).toBe(409);

        // the closed dialog's workflow has ended, so the client's next message opens the next dialog
        const next = await stack.inbound(DEMO_WEBHOOK_CHANNEL_ID, message('ops-2', 'ops-client'), secret);
        expect(next.status).toBe(202);
        expect(next.body.dialogId).not.toBe(dialogId);
      });
    });

    describe('supervisor and team actions (workflow updates)', () => {
      it('take-over, invite, transfer, pin, supervisor rating and spam, each checked by its validator', async () => {
        const sent = await stack.inbound(DEMO_WEBHOOK_CHANNEL_ID, message('team-1', 'team-client'), secret);
        const dialogId = sent.body.dialogId;
        await readDialog(dialogId, (d) => d.messages.length === 1);
        const [one, two, supervisor] = await Promise.all([
          stack.login('operator1@lineflow.local', DEMO_PASSWORD),
          stack.login('operator2@lineflow.local', DEMO_PASSWORD),
          stack.login('supervisor@lineflow.local', DEMO_PASSWORD),
        ]);
        const post = (action: string, token: string, json?: unknown) =>
          stack.request('POST', `/api/dialogs/${dialogId}/${action}`, { token, json });
        const me = async (token: string) =>
          (await stack.request('GET', `/api/dialogs/${dialogId}`, { token })).body as any;

        expect((await post('accept', one)).status).toBe(200);
        const operatorOne = (await readDialog(dialogId, (d) => d.responsibleOperatorId !== null))
          .responsibleOperatorId;
        expect((await post('take', two)).body.error.message).toBe('only a supervisor can take a dialog over');
        expect((await post('pin', two)).status).toBe(409);
        expect((await post('pin', one)).body).toEqual({ pinned: true });

        const operatorTwo = (
          await stack.request('POST', '/api/auth/login', {
            json: { email: 'operator2@lineflow.local', password: DEMO_PASSWORD },
          })
        ).body.user.id;
        expect((await post('invite', one, { operatorId: 'nobody' })).status).toBe(404);
        expect((await post('invite', one, { operatorId: operatorOne })).status).toBe(409);
        // the accepting operator is a participant too, as the read model says
        expect((await post('invite', one, { operatorId: operatorTwo })).body).toEqual({
          participants: [operatorOne, operatorTwo],
        });

        const taken = await post('take', supervisor);
        expect(taken.status).toBe(200);
        expect((await post('rating', one, { value: 'like' })).status).toBe(409);
        expect((await post('rating', supervisor, { value: 6 })).status).toBe(400);
        expect((await post('rating', supervisor, { value: 4 })).body).toEqual({ rating: 4 });
        expect((await post('spam', one)).status).toBe(409); // no longer theirs
        expect((await post('spam', supervisor)).body).toEqual({ status: 'spam' });

        const dialog = await readDialog(dialogId, (d) => d.status === 'spam');
        expect(dialog).toMatchObject({
          pinned: true,
          responsibleOperatorId: taken.body.responsibleOperatorId,
        });
        expect(dialog.participants).toEqual(expect.arrayContaining([operatorOne, operatorTwo]));
        expect(dialog.timeline.find((e: { type: string }) => e.type === 'dialog.rated')).toMatchObject({
          rating: 4,
        });
        expect(dialog.timeline.map((e: { type: string }) => e.type)).toEqual(
          expect.arrayContaining([
            'dialog.accepted',
            'dialog.pinned',
            'dialog.invited',
            'dialog.taken',
            'dialog.rated',
            'dialog.spam',
          ]),
        );
        expect((await me(two)).status).toBe('spam');
      });
    });

    describe('transfers', () => {
      it('hands a dialog to a colleague, then to another line whose flow picks it up with its history', async () => {
        const salesLine = 'sales-line';
        const now = new Date();
        await stack.db.getRepository(LineEntity).insert({
          id: salesLine,
          name: 'Sales',
          active: true,
          language: 'en',
          settings: {},
          createdAt: now,
          updatedAt: now,
        });
        await stack.db.getRepository(FlowVersionEntity).insert({
          lineId: salesLine,
          version: 1,
          publishedAt: now,
          publishedBy: null,
          document: {
            schemaVersion: 1,
            name: 'Sales: greet transfers',
            nodes: [
              { id: 'fresh', type: 'trigger', params: { event: 'dialog.started' } },
              { id: 'arrived', type: 'trigger', params: { event: 'dialog.transferred' } },
              { id: 'mark', type: 'tag', params: { tag: 'from-support' } },
              { id: 'wait', type: 'wait', params: { event: 'client.message', timeout: '1h' } },
            ],
            edges: [
              { source: 'fresh', target: 'mark' },
              { source: 'arrived', target: 'mark' },
              { source: 'mark', target: 'wait' },
            ],
          },
        });
        const sent = await stack.inbound(DEMO_WEBHOOK_CHANNEL_ID, message('tr-1', 'transfer-client'), secret);
        const dialogId = sent.body.dialogId;
        await readDialog(dialogId, (d) => d.messages.length === 1);
        const [one, two] = await Promise.all([
          stack.login('operator1@lineflow.local', DEMO_PASSWORD),
          stack.login('operator2@lineflow.local', DEMO_PASSWORD),
        ]);
        const post = (action: string, token: string, json?: unknown) =>
          stack.request('POST', `/api/dialogs/${dialogId}/${action}`, { token, json });
        const operatorTwo = (
          await stack.db.getRepository(UserEntity).findOneByOrFail({
            email: 'operator2@lineflow.local',
          })
        ).id;

        expect((await post('accept', one)).status).toBe(200);
        expect((await post('transfer', two, { operatorId: operatorTwo })).status).toBe(409); // not theirs
        expect((await post('transfer', one, { operatorId: 'nobody' })).status).toBe(404);
        expect((await post('transfer', one, { operatorId: operatorTwo, lineId: salesLine })).status).toBe(
          400,
        );
        expect((await post('transfer', one, { operatorId: operatorTwo })).body).toEqual({
          responsibleOperatorId: operatorTwo,
          lineId: null,
        });
        expect((await post('transfer', two, { lineId: 'no-such-line' })).status).toBe(404);
        expect((await post('transfer', two, { lineId: DEMO_LINE_ID })).status).toBe(409);
        expect((await post('transfer', two, { lineId: salesLine })).body).toEqual({
          responsibleOperatorId: null,
          lineId: salesLine,
        });

        const moved = await readDialog(dialogId, (d) =>
          d.timeline.some((e: { nodeId?: string }) => e.nodeId === 'mark'),
        );
        expect(moved).toMatchObject({ lineId: salesLine, flowVersion: 1, responsibleOperatorId: null });
        const transfers = moved.timeline.filter((e: { type: string }) => e.type === 'dialog.transferred');
        expect(transfers).toEqual([
          expect.objectContaining({ toOperatorId: operatorTwo }),
          expect.objectContaining({ fromLineId: DEMO_LINE_ID, toLineId: salesLine, operatorId: operatorTwo }),
        ]);
        // the new line's flow started at its dialog.transferred trigger, not at dialog.started
        const salesSteps = moved.timeline
          .filter((e: { type: string; seq: number }) => e.type === 'flow.node' && e.seq > transfers[1].seq)
          .map((e: { nodeId: string }) => e.nodeId);
        expect(salesSteps).toEqual(['arrived', 'mark']);
        expect(moved.messages.map((m: { text: string }) => m.text)).toEqual(['Hello']);
        // operator 2 does not work on the sales line: the dialog is no longer theirs to see
        expect((await stack.request('GET', `/api/dialogs/${dialogId}`, { token: two })).status).toBe(404);
        // the client's next message stays in the same dialog, now on the sales line's flow
        const next = await stack.inbound(DEMO_WEBHOOK_CHANNEL_ID, message('tr-2', 'transfer-client'), secret);
        expect(next.body.dialogId).toBe(dialogId);
        const answered = await readDialog(dialogId, (d) =>
          d.timeline.some(
            (e: { nodeId?: string; outcome?: string }) => e.nodeId === 'wait' && e.outcome === 'received',
          ),
        );
        expect(answered.messages).toHaveLength(2);
      });
    });

    describe('authentication', () => {
      it('logs in with the seeded password and refuses a wrong one or a malformed body', async () => {
        const ok = await stack.request('POST', '/api/auth/login', {
          json: { email: 'operator1@lineflow.local', password: DEMO_PASSWORD },
        });
        expect(ok.status).toBe(200);
        expect(ok.body.user).toEqual({
          id: expect.any(String),
          email: 'operator1@lineflow.local',
          name: 'Operator 1',
          role: 'operator',
        });
        const wrong = await stack.request('POST', '/api/auth/login', {
          json: { email: 'operator1@lineflow.local', password: 'nope' },
        });
        expect(wrong.status).toBe(401);
        const malformed = await stack.request('POST', '/api/auth/login', { json: { email: 'a@b.c' } });
        expect(malformed.status).toBe(400);
        expect(malformed.body.error.details).toEqual([{ pointer: '/password', message: expect.any(String) }]);
      });

      it('reads dialogs only with a valid token, and only on the reader’s lines', async () => {
        const sent = await stack.inbound(DEMO_WEBHOOK_CHANNEL_ID, message('auth-1', 'client-auth'), secret);
        await readDialog(sent.body.dialogId, (d) => d.messages.length === 1);
        expect((await stack.request('GET', `/api/dialogs/${sent.body.dialogId}`)).status).toBe(401);
        const bogus = await stack.request('GET', `/api/dialogs/${sent.body.dialogId}`, {
          token: 'x'.repeat(43),
        });
        expect(bogus.status).toBe(401);
        const operator = await stack.login('operator2@lineflow.local', DEMO_PASSWORD);
        expect(
          (await stack.request('GET', `/api/dialogs/${sent.body.dialogId}`, { token: operator })).status,
        ).toBe(200);
        expect((await stack.request('GET', '/api/channels', { token: operator })).status).toBe(403);
        expect((await stack.request('GET', '/api/dialogs/no-such-dialog', { token: operator })).status).toBe(
          404,
        );
      });
    });

    describe('queue: offers, availability, load limit (docs/product.md §3.1–3.3)', () => {
      const flowPath = `/api/lines/${DEMO_LINE_ID}/flow`;
      const queueFlow = (params: object) => ({
        schemaVersion: 1,
        name: 'Route through the queue',
        nodes: [
          { id: 'started', type: 'trigger', params: { event: 'dialog.started' } },
          { id: 'route', type: 'queue', params },
          { id: 'assigned', type: 'tag', params: { tag: 'assigned' } },
          { id: 'nobody', type: 'end', params: {} },
        ],
        edges: [
          { source: 'started', target: 'route' },
          { source: 'route', sourceHandle: 'accepted', target: 'assigned' },
          { source: 'route', sourceHandle: 'exhausted', target: 'nobody' },
        ],
      });
      const publish = async (flow: object) => {
        expect((await stack.request('PUT', flowPath, { token: adminToken, json: flow })).status).toBe(200);
        expect((await stack.request('POST', `${flowPath}/publish`, { token: adminToken })).status).toBe(201);
      };
      const setLine = (settings: LineSettings) =>
        stack.db.getRepository(LineEntity).update(DEMO_LINE_ID, { settings });
      let tokens: Record<'one' | 'two' | 'three', string>;
      let ids: Record<'one' | 'two' | 'three', string>;
      let queueOrder: string[];
      let evenlyDialogId: string;

      beforeAll(async () => {
        const users = stack.db.getRepository(UserEntity);
        const [one, two, three] = await Promise.all(
          [1, 2, 3].map((n) => users.findOneByOrFail({ email: `operator${n}@lineflow.local` })),
        );
        ids = { one: one!.id, two: two!.id, three: three!.id };
        queueOrder = [ids.one, ids.two, ids.three];
        const [t1, t2, t3] = await Promise.all(
          [1, 2, 3].map((n) => stack.login(`operator${n}@lineflow.local`, DEMO_PASSWORD)),
        );
        tokens = { one: t1!, two: t2!, three: t3! };
        // Dialogs of the earlier tests still wait in the default flow's queue (nobody was online) and
        // would rightly come first: take them out of the line, so these tests see only their own.
        const waits = stack.db.getRepository(QueueWaitEntity);
        for (const { dialogId } of await waits.find()) {
          const spam = await stack.request('POST', `/api/dialogs/${dialogId}/spam`, { token: adminToken });
          // a workflow terminated by an earlier test left its place behind: nobody else can clear it
          if (spam.status === 409) await waits.delete({ dialogId });
        }
        await eventually(async () => ((await waits.count()) === 0 ? true : undefined));
      });
      afterEach(async () => {
        await setLine({ queue: { operators: queueOrder } });
      });

      it('takes presence and workday from the operator, validated', async () => {
        const me = (path: string, json: unknown) =>
          stack.request('POST', `/api/me/${path}`, { token: tokens.three, json });
        expect((await me('presence', { online: 'yes' })).status).toBe(400);
        expect((await me('workday', { action: 'lunch' })).status).toBe(400);
        expect((await me('presence', { online: true })).body).toEqual({ online: true });
        expect((await me('workday', { action: 'start' })).body).toEqual({ workdayState: 'started' });
        const three = await stack.db.getRepository(UserEntity).findOneByOrFail({ id: ids.three });
        expect(three).toMatchObject({ online: true, workdayState: 'started' });
        expect((await me('presence', { online: false })).status).toBe(200);
      });

      it('gives a dialog that found nobody available to the first operator who comes online', async () => {
        await publish(queueFlow({ mode: 'evenly', stepTimeout: '5m' }));
        await stack.db.getRepository(UserEntity).update({ id: In(queueOrder) }, { online: false });
        const sent = await stack.inbound(
          DEMO_WEBHOOK_CHANNEL_ID,
          message('q-nobody', 'queue-client-0'),
          secret,
        );
        const dialogId = sent.body.dialogId;
        await eventually(async () =>
          (await stack.db.getRepository(QueueWaitEntity).countBy({ dialogId })) ? true : undefined,
        );
        expect((await readDialog(dialogId, () => true)).offeredTo).toEqual([]);
        const online = await stack.request('POST', '/api/me/presence', {
          token: tokens.three,
          json: { online: true },
        });
        expect(online.status).toBe(200);
        // nudged by the presence change: well before the queue's own 60-second recheck
        const offered = await readDialog(dialogId, (d) => d.offeredTo.length > 0);
        expect(offered.offeredTo).toEqual([ids.three]);
        expect(
          (await stack.request('POST', `/api/dialogs/${dialogId}/accept`, { token: tokens.three })).status,
        ).toBe(200);
        expect(
          (await stack.request('POST', `/api/dialogs/${dialogId}/close`, { token: tokens.three })).status,
        ).toBe(200);
        expect(await stack.db.getRepository(QueueWaitEntity).countBy({ dialogId })).toBe(0);
      });

      it('offers evenly to the available operator who waited longest, and only they can accept', async () => {
        await publish(queueFlow({ mode: 'evenly', stepTimeout: '1m', checkAvailability: true }));
        const users = stack.db.getRepository(UserEntity);
        const hourAgo = new Date(Date.now() - 3_600_000);
        await users.update(ids.one, { online: true, lastAssignedAt: hourAgo });
        await users.update(ids.two, { online: true, lastAssignedAt: new Date(hourAgo.getTime() - 60_000) });
        await users.update(ids.three, { online: false, lastAssignedAt: null }); // offline: not a candidate

        const sent = await stack.inbound(DEMO_WEBHOOK_CHANNEL_ID, message('q-1', 'queue-client-1'), secret);
        evenlyDialogId = sent.body.dialogId;
        const offered = await readDialog(sent.body.dialogId, (d) => d.offeredTo.length > 0);
        expect(offered).toMatchObject({ status: 'offered', offeredTo: [ids.two] });
        expect(offered.timeline).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ type: 'dialog.offered', operatorIds: [ids.two] }),
          ]),
        );
        const post = (token: string) =>
          stack.request('POST', `/api/dialogs/${sent.body.dialogId}/accept`, { token });
        expect((await post(tokens.one)).body.error.message).toBe('the dialog is offered to another operator');
        expect((await post(tokens.two)).status).toBe(200);
        const accepted = await readDialog(sent.body.dialogId, (d) =>
          d.timeline.some((e: { nodeId?: string }) => e.nodeId === 'assigned'),
        );
        expect(accepted).toMatchObject({
          status: 'in_progress',
          responsibleOperatorId: ids.two,
          offeredTo: [],
        });
        expect(
          await stack.db.getRepository(DialogOfferEntity).countBy({ dialogId: sent.body.dialogId }),
        ).toBe(0);
        expect((await users.findOneByOrFail({ id: ids.two })).lastAssignedAt!.getTime()).toBeGreaterThan(
          hourAgo.getTime(),
        );
      });

      it('offers to everyone at once; of two simultaneous accepts exactly one wins', async () => {
        await publish(queueFlow({ mode: 'all', stepTimeout: '5m' }));
        await stack.db.getRepository(UserEntity).update(ids.three, { online: true });
        const sent = await stack.inbound(
          DEMO_WEBHOOK_CHANNEL_ID,
          message('q-all', 'queue-client-all'),
          secret,
        );
        const dialogId = sent.body.dialogId;
        const offered = await readDialog(dialogId, (d) => d.offeredTo.length > 0);
        expect([...offered.offeredTo].sort()).toEqual([...queueOrder].sort());
        const accepts = await Promise.all(
          [tokens.one, tokens.three].map((token) =>
            stack.request('POST', `/api/dialogs/${dialogId}/accept`, { token }),
          ),
        );
        expect(accepts.map((a) => a.status).sort()).toEqual([200, 409]);
        const winner = accepts[0]!.status === 200 ? ids.one : ids.three;
        const row = await eventually(async () => {
          const d = await stack.db.getRepository(DialogEntity).findOneByOrFail({ id: dialogId });
          return d.responsibleOperatorId ? d : undefined;
        });
        expect(row).toMatchObject({ responsibleOperatorId: winner, offeredTo: [] });
        expect(await stack.db.getRepository(DialogOfferEntity).countBy({ dialogId })).toBe(0);
      });

      it('lets a dialog wait while everyone is at the load limit and offers it as soon as a dialog closes', async () => {
        await publish(queueFlow({ mode: 'evenly', stepTimeout: '5m' }));
        // operator 2 holds exactly one open dialog: the one they accepted in the "evenly" test
        await setLine({ queue: { operators: [ids.two] }, loadLimit: { enabled: true, max: 1 } });
        const waiting = await stack.inbound(
          DEMO_WEBHOOK_CHANNEL_ID,
          message('q-wait', 'queue-client-wait'),
          secret,
        );
        const dialogId = waiting.body.dialogId;
        await eventually(async () =>
          (await stack.db.getRepository(QueueWaitEntity).countBy({ dialogId })) ? true : undefined,
        );
        expect((await readDialog(dialogId, () => true)).offeredTo).toEqual([]);
        const accept = await stack.request('POST', `/api/dialogs/${dialogId}/accept`, { token: tokens.two });
        expect(accept.body.error.message).toBe('you are at your limit of 1 open dialogs');
        const close = await stack.request('POST', `/api/dialogs/${evenlyDialogId}/close`, {
          token: tokens.two,
        });
        expect(close.status).toBe(200);
        // nudged by the closing dialog: offered well before the 60-second recheck would have come round
        const offered = await readDialog(dialogId, (d) => d.offeredTo.length > 0);
        expect(offered.offeredTo).toEqual([ids.two]);
        expect(await stack.db.getRepository(QueueWaitEntity).countBy({ dialogId })).toBe(0);
      });

      it('offers a returning client to the operator who took them before, ahead of the queue', async () => {
        // operator 2 accepted this client's first dialog (the "evenly" test): they became responsible
        const first = await stack.db.getRepository(DialogEntity).findOneByOrFail({ id: evenlyDialogId });
        const client = await stack.db.getRepository(ClientEntity).findOneByOrFail({ id: first.clientId });
        expect(client.responsibleOperatorId).toBe(ids.two);
        // operator 2 holds an offer (the test above), so "evenly" alone would pick someone else
        const again = await stack.inbound(
          DEMO_WEBHOOK_CHANNEL_ID,
          message('q-back', 'queue-client-1'),
          secret,
        );
        expect(again.body.dialogId).not.toBe(evenlyDialogId); // the first dialog was closed
        const offered = await readDialog(again.body.dialogId, (d) => d.offeredTo.length > 0);
        expect(offered.offeredTo).toEqual([ids.two]);
      });
    });

    describe('CRM: chat tracker, leads, deals', () => {
      it('merges a client writing under another identity with the same phone into one profile', async () => {
        const a = await stack.inbound(
          DEMO_WEBHOOK_CHANNEL_ID,
          message('crm-a1', 'crm-person-a', {
            text: 'Hi',
            client: { externalId: 'crm-person-a', name: 'Bo', phone: '+1 (555) 010-0200' },
          }),
          secret,
        );
        // the person writes again later, under another identity: their profile exists by then
        const dialogA = await readDialog(a.body.dialogId, (d) => d.client !== null);
        const b = await stack.inbound(
          DEMO_WEBHOOK_CHANNEL_ID,
          message('crm-b1', 'crm-person-b', {
            text: 'Me again',
            client: { externalId: 'crm-person-b', phone: '+15550100200', email: 'Bo@Example.com' },
          }),
          secret,
        );
        const dialogB = await readDialog(b.body.dialogId, (d) => d.client !== null);
        expect(dialogB.client.id).toBe(dialogA.client.id);
        // the profile keeps the first name and gains the email it lacked
        expect(dialogB.client).toMatchObject({ name: 'Bo', phone: '+15550100200', email: 'bo@example.com' });
        const identities = await stack.db
          .getRepository(ClientIdentityEntity)
          .findBy({ clientId: dialogA.client.id });
        expect(identities.map((i) => i.externalId).sort()).toEqual(['crm-person-a', 'crm-person-b']);
      });

      it('creates a lead from the inbox button once, with the channel kind as its source', async () => {
        const sent = await stack.inbound(DEMO_WEBHOOK_CHANNEL_ID, message('crm-m1', 'crm-manual'), secret);
        await readDialog(sent.body.dialogId, (d) => d.messages.length === 1);
        const supervisor = await stack.login('supervisor@lineflow.local', DEMO_PASSWORD);
        const operator = await stack.login('operator3@lineflow.local', DEMO_PASSWORD);
        const lead = (token: string) =>
          stack.request('POST', `/api/dialogs/${sent.body.dialogId}/lead`, { token });
        expect((await lead(operator)).status).toBe(409); // not their dialog
        const first = await lead(supervisor);
        expect(first).toMatchObject({ status: 201, body: { leadId: expect.any(String) } });
        expect((await lead(supervisor)).body).toEqual(first.body);
        const row = await stack.db.getRepository(LeadEntity).findOneByOrFail({ id: first.body.leadId });
        expect(row).toMatchObject({ dialogId: sent.body.dialogId, source: 'webhook', status: 'new' });
        const dialog = await readDialog(sent.body.dialogId, (d) => d.leadId !== null);
        expect(dialog.leadId).toBe(first.body.leadId);
        expect(await stack.db.getRepository(LeadEntity).countBy({ dialogId: sent.body.dialogId })).toBe(1);
      });

      it('makes a lead automatically for a client the CRM does not know, and a deal with it', async () => {
        const flowPath = `/api/lines/${DEMO_LINE_ID}/flow`;
        const flow = {
          schemaVersion: 1,
          name: 'CRM first',
          nodes: [
            { id: 'started', type: 'trigger', params: { event: 'dialog.started' } },
            {
              id: 'crm',
              type: 'action',
              params: {
                activity: 'findOrCreateClient',
                input: { createLead: 'auto' },
                resultVariable: 'crm',
              },
            },
            {
              id: 'deal',
              type: 'action',
              params: { activity: 'createDeal', input: { title: 'Website order' } },
            },
          ],
          edges: [
            { source: 'started', target: 'crm' },
            { source: 'crm', target: 'deal' },
          ],
        };
        expect((await stack.request('PUT', flowPath, { token: adminToken, json: flow })).status).toBe(200);
        expect((await stack.request('POST', `${flowPath}/publish`, { token: adminToken })).status).toBe(201);
        const sent = await stack.inbound(DEMO_WEBHOOK_CHANNEL_ID, message('crm-auto-1', 'crm-auto'), secret);
        const dialog = await readDialog(sent.body.dialogId, (d) =>
          d.timeline.some((e: { type: string }) => e.type === 'deal.created'),
        );
        expect(dialog.leadId).toEqual(expect.any(String));
        const deals = await stack.db.getRepository(DealEntity).findBy({ dialogId: dialog.id });
        expect(deals).toEqual([expect.objectContaining({ leadId: dialog.leadId, title: 'Website order' })]);
        // the same client again (a new dialog after this one is closed): known now, so no second lead
        const supervisor = await stack.login('supervisor@lineflow.local', DEMO_PASSWORD);
        expect(
          (await stack.request('POST', `/api/dialogs/${dialog.id}/spam`, { token: supervisor })).status,
        ).toBe(200);
        await readDialog(dialog.id, (d) => d.status === 'spam');
        const again = await stack.inbound(DEMO_WEBHOOK_CHANNEL_ID, message('crm-auto-2', 'crm-auto'), secret);
        expect(again.body.dialogId).not.toBe(dialog.id);
        const second = await readDialog(again.body.dialogId, (d) =>
          d.timeline.some((e: { type: string }) => e.type === 'deal.created'),
        );
        expect(second.leadId).toBeNull();
        expect(await stack.db.getRepository(LeadEntity).countBy({ clientId: dialog.client.id })).toBe(1);
      });
    });

    describe('lines (admin)', () => {
      it('creates a line with the default flow, refuses bad settings storing nothing, and shows lines by membership', async () => {
        const operator = await stack.login('operator1@lineflow.local', DEMO_PASSWORD);
        const post = (json: unknown, token = adminToken) =>
          stack.request('POST', '/api/lines', { token, json });
        const countLines = () => stack.db.getRepository(LineEntity).count();
        const before = await countLines();
        expect((await post({ name: 'Billing' }, operator)).status).toBe(403);
        expect((await post({ id: 'billing' })).body.error.details).toEqual([
          { pointer: '/name', message: "must have required property 'name'" },
        ]);
        const shape = await post({ name: 'Billing', settings: { loadLimit: { enabled: true } } });
        expect(shape.status).toBe(400);
        expect(shape.body.error.details).toEqual([
          { pointer: '/settings/loadLimit/max', message: "must have required property 'max'" },
        ]);
        const rules = await post({
          name: 'Billing',
          settings: {
            timeZone: 'Mars/Olympus_Mons',
            workingHours: { week: { mon: [{ from: '18:00', to: '09:00' }] } },
          },
        });
        expect(rules.status).toBe(422);
        expect(rules.body.error.details.map((d: { pointer: string }) => d.pointer)).toEqual([
          '/settings/timeZone',
          '/settings/workingHours/week/mon/0/to',
        ]);
        expect(await countLines()).toBe(before);

        const created = await post({
          id: 'billing',
          name: 'Billing',
          settings: {
            timeZone: 'Europe/Berlin',
            workingHours: { week: { mon: [{ from: '09:00', to: '18:00' }] } },
          },
        });
        expect(created).toMatchObject({
          status: 201,
          body: { id: 'billing', name: 'Billing', active: true },
        });
        expect((await post({ id: 'billing', name: 'Again' })).status).toBe(409);
        const versions = await stack.request('GET', '/api/lines/billing/flow/versions', {
          token: adminToken,
        });
        expect(
          versions.body.items.map((v: { version: number; name: string }) => [v.version, v.name]),
        ).toEqual([[1, 'Default: CRM, queue, KPI alerts, rating']]);
        const patched = await stack.request('PATCH', '/api/lines/billing', {
          token: adminToken,
          json: { name: 'Billing & refunds', active: false },
        });
        expect(patched.body).toMatchObject({
          name: 'Billing & refunds',
          active: false,
          settings: { timeZone: 'Europe/Berlin' },
        });
        expect(
          (await stack.request('PATCH', '/api/lines/billing', { token: adminToken, json: { id: 'other' } }))
            .status,
        ).toBe(400);

        const theirs = await stack.request('GET', '/api/lines', { token: operator });
        expect(theirs.body.items.map((l: { id: string }) => l.id)).toEqual([DEMO_LINE_ID]);
        expect((await stack.request('GET', '/api/lines/billing', { token: operator })).status).toBe(404);
        const all = await stack.request('GET', '/api/lines', { token: adminToken });
        expect(all.body.items.map((l: { id: string }) => l.id)).toEqual(
          expect.arrayContaining(['billing', DEMO_LINE_ID]),
        );
      });
    });
  });
}
