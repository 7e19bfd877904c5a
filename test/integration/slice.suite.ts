import { Client, Connection } from '@temporalio/client';
import type { EntitySchema } from 'typeorm';
import {
  ConversationEntity,
  DialogEntity,
  MessageEntity,
  ClientEntity,
  DialogEventEntity,
} from '../../db/entities';
import { DEMO_LINE_ID, DEMO_LIVECHAT_CHANNEL_ID, DEMO_WEBHOOK_CHANNEL_ID } from '../../db/demo-seed';
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
        (d) => d.messages.length === 1 && d.timeline.length === 4,
      );
      expect(dialog).toMatchObject({
        id: response.body.dialogId,
        lineId: DEMO_LINE_ID,
        channelId: DEMO_WEBHOOK_CHANNEL_ID,
        status: 'new',
        client: { name: 'Ann' },
        messages: [{ id: response.body.messageId, author: 'client', text: 'Hello', hidden: false }],
      });
      // the dialog opens first; then its message and the steps of the line's flow (no flow published
      // yet, so the fallback: started → end), each once, in the order the workflow took them
      const timeline = dialog.timeline.map((e: { type: string; nodeId?: string }) => e.nodeId ?? e.type);
      expect(timeline[0]).toBe('dialog.started');
      expect([...timeline].sort()).toEqual(['client.message', 'dialog.started', 'end', 'started']);
      expect(timeline.indexOf('started')).toBeLessThan(timeline.indexOf('end'));
      expect(dialog.timeline.map((e: { seq: number }) => e.seq)).toEqual([1, 2, 3, 4]);
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
  });
}
