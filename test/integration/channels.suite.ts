import { Writable } from 'node:stream';
import pino from 'pino';
import { DEFAULT_RATING_REQUEST } from '../../activities/request-rating/request-rating.activity';
import { signBody } from '../../activities/delivery/webhook-signature';
import { TELEGRAM_SECRET_HEADER } from '../../api/routes/telegram.routes';
import { DEMO_LINE_ID, DEMO_WEBHOOK_CHANNEL_ID } from '../../runtime/demo-seed';
import { FakeTelegram } from '../support/fake-telegram';
import { ADMIN_PASSWORD, DEMO_PASSWORD, eventually, TestStack, type Engine } from '../support/test-stack';

const BOT_TOKEN = '987654:AAtestTOKENforTHEfakeBOTapi_xyz-1234';
const TABLES = ['channels', 'dialogs', 'messages', 'outbound_messages', 'live_events'];

/**
 * Channels on the real stack (Temporal dev server, worker with its outbound dispatcher, database) with
 * a local fake of the Telegram Bot API that also plays an integrator's webhook receiver: channel
 * administration, Telegram's webhook in, the line's answers out.
 */
export function describeChannels(engine: Engine): void {
  describe(`channels on ${engine}`, () => {
    let stack: TestStack;
    let fake: FakeTelegram;
    const logged: string[] = [];
    /** secrets of channels rotated or removed on the way (the last test looks for them in the logs) */
    const rotatedAway: string[] = [];
    let admin: string;
    let supervisor: string;
    let op1: { token: string; id: string };
    let updateId = 1000;

    const call = (method: string, path: string, token?: string, json?: unknown) =>
      stack.request(method, path, { ...(token ? { token } : {}), ...(json === undefined ? {} : { json }) });
    const rowCounts = async () => {
      const counts: Record<string, number> = {};
      for (const table of TABLES) {
        const [{ n }] = await stack.db.query(`SELECT COUNT(*) AS n FROM ${table}`);
        counts[table] = Number(n);
      }
      return counts;
    };
    const telegramUpdate = (channelId: string, body: unknown, secret?: string) =>
      stack.request('POST', `/api/channels/${channelId}/telegram`, {
        raw: typeof body === 'string' ? body : JSON.stringify(body),
        headers: {
          'content-type': 'application/json',
          ...(secret === undefined ? {} : { [TELEGRAM_SECRET_HEADER]: secret }),
        },
      });
    const textUpdate = (chatId: number, messageId: number, text: string) => ({
      update_id: ++updateId,
      message: {
        message_id: messageId,
        from: {
          id: chatId,
          is_bot: false,
          first_name: 'Ann',
          last_name: 'Lee',
          username: 'annlee',
          language_code: 'en',
        },
        chat: { id: chatId, type: 'private', first_name: 'Ann', last_name: 'Lee', username: 'annlee' },
        date: Math.floor(Date.now() / 1000),
        text,
      },
    });
    const dialogOf = (id: string, until: (dialog: any) => boolean) =>
      eventually(async () => {
        const response = await call('GET', `/api/dialogs/${id}`, op1.token);
        return response.status === 200 && until(response.body) ? response.body : undefined;
      });
    const createChannel = async (json: object) => {
      const response = await call('POST', '/api/channels', admin, json);
      expect(response.status).toBe(201);
      return response.body;
    };

    beforeAll(async () => {
      fake = await FakeTelegram.start();
      // every log line of the stack, at the most verbose level, to look for secrets in at the end
      const logs = new Writable({
        write(chunk: Buffer, _encoding, done) {
          logged.push(chunk.toString('utf8'));
          done();
        },
      });
      stack = await TestStack.startOn(
        engine,
        { TELEGRAM_API_BASE_URL: fake.url },
        { logger: pino({ level: 'trace' }, logs) },
      );
      admin = await stack.login('admin@lineflow.local', ADMIN_PASSWORD);
      supervisor = await stack.login('supervisor@lineflow.local', DEMO_PASSWORD);
      const login = await call('POST', '/api/auth/login', undefined, {
        email: 'operator1@lineflow.local',
        password: DEMO_PASSWORD,
      });
      op1 = { token: login.body.token, id: login.body.user.id };
      expect((await call('POST', '/api/me/presence', op1.token, { online: true })).status).toBe(200);
    });

    afterAll(async () => {
      await stack?.stop();
      await fake?.stop();
    });

    it('lets only admins administer channels', async () => {
      const before = await rowCounts();
      const body = { lineId: DEMO_LINE_ID, kind: 'webhook', name: 'Not allowed' };
      const attempts: Array<[string, string, object?]> = [
        ['GET', '/api/channels'],
        ['GET', `/api/channels/${DEMO_WEBHOOK_CHANNEL_ID}`],
        ['POST', '/api/channels', body],
        ['PATCH', `/api/channels/${DEMO_WEBHOOK_CHANNEL_ID}`, { name: 'Renamed' }],
        ['POST', `/api/channels/${DEMO_WEBHOOK_CHANNEL_ID}/secret`],
        ['DELETE', `/api/channels/${DEMO_WEBHOOK_CHANNEL_ID}`],
      ];
      for (const [method, path, json] of attempts) {
        const statuses = [
          (await call(method, path, undefined, json)).status,
          (await call(method, path, supervisor, json)).status,
          (await call(method, path, op1.token, json)).status,
        ];
        expect([method, path, statuses]).toEqual([method, path, [401, 403, 403]]);
      }
      expect(await rowCounts()).toEqual(before);
      const demo = await call('GET', `/api/channels/${DEMO_WEBHOOK_CHANNEL_ID}`, admin);
      expect(demo.body).toMatchObject({ name: 'Demo webhook', active: true, config: {} });
    });

    it('refuses invalid channels with details and stores nothing for them', async () => {
      const before = await rowCounts();
      const refused = async (json: object, status = 400) => {
        const response = await call('POST', '/api/channels', admin, json);
        expect([json, response.status]).toEqual([json, status]);
        return response.body.error;
      };
      const base = { lineId: DEMO_LINE_ID, name: 'A channel' };
      expect((await refused({ ...base, kind: 'telegram' })).details).toEqual([
        { pointer: '/config', message: expect.stringContaining('config') },
      ]);
      expect(
        (await refused({ ...base, kind: 'telegram', config: { botToken: 'not a token' } })).details,
      ).toEqual([{ pointer: '/config/botToken', message: expect.stringContaining('pattern') }]);
      // Telegram sends the secret back in a header that allows only A-Z a-z 0-9 _ -
      expect(
        (
          await refused({
            ...base,
            kind: 'telegram',
            config: { botToken: BOT_TOKEN },
            secret: 'has+plus/and=equals',
          })
        ).details,
      ).toEqual([{ pointer: '/secret', message: expect.stringContaining('pattern') }]);
      expect((await refused({ ...base, kind: 'webhook', config: { botToken: BOT_TOKEN } })).details).toEqual([
        { pointer: '/config/botToken', message: 'is not an allowed property' },
      ]);
      expect(
        (await refused({ ...base, kind: 'webhook', config: { outboundUrl: 'ftp://example.com/x' } })).details,
      ).toEqual([{ pointer: '/config/outboundUrl', message: expect.stringContaining('pattern') }]);
      expect((await refused({ ...base, kind: 'fax' })).details).toEqual([
        { pointer: '/kind', message: expect.stringContaining('allowed values') },
      ]);
      expect((await refused({ lineId: DEMO_LINE_ID, kind: 'webhook' })).details).toEqual([
        { pointer: '/name', message: expect.stringContaining('name') },
      ]);
      expect((await refused({ ...base, kind: 'webhook', secret: 'short' })).details).toEqual([
        { pointer: '/secret', message: expect.stringContaining('16') },
      ]);
      expect(await refused({ ...base, lineId: 'no-such-line', kind: 'webhook' }, 422)).toEqual({
        code: 'unknown_line',
        message: expect.any(String),
        details: [{ pointer: '/lineId', message: 'is not an existing line' }],
      });
      expect((await refused({ ...base, id: DEMO_WEBHOOK_CHANNEL_ID, kind: 'webhook' }, 409)).code).toBe(
        'conflict',
      );
      expect(await rowCounts()).toEqual(before);
    });

    it('creates, reads, changes, rotates and removes channels', async () => {
      const created = await createChannel({
        lineId: DEMO_LINE_ID,
        kind: 'webhook',
        name: 'CRM bridge',
        config: { outboundUrl: 'https://crm.example.com/lineflow' },
      });
      expect(created).toEqual({
        id: expect.any(String),
        lineId: DEMO_LINE_ID,
        kind: 'webhook',
        name: 'CRM bridge',
        secret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), // 32 random bytes, base64url
        active: true,
        config: { outboundUrl: 'https://crm.example.com/lineflow' },
        createdAt: expect.any(String),
      });
      expect((await call('GET', `/api/channels/${created.id}`, admin)).body).toEqual(created);
      const list = await call('GET', '/api/channels', admin);
      expect(list.body.items.map((c: { id: string }) => c.id)).toContain(created.id);

      const bot = await createChannel({
        id: 'crud-telegram',
        lineId: DEMO_LINE_ID,
        kind: 'telegram',
        name: 'Bot',
        secret: 'my_own-Secret_0123456789',
        config: { botToken: BOT_TOKEN },
      });
      expect(bot).toMatchObject({ id: 'crud-telegram', secret: 'my_own-Secret_0123456789' });
      expect(bot.config.botToken).toBe(`${'*'.repeat(BOT_TOKEN.length - 4)}${BOT_TOKEN.slice(-4)}`);
      expect(JSON.stringify(list.body)).not.toContain(BOT_TOKEN);
      expect(JSON.stringify((await call('GET', '/api/channels', admin)).body)).not.toContain(BOT_TOKEN);

      const before = await rowCounts();
      const patch = (json: object) => call('PATCH', `/api/channels/${created.id}`, admin, json);
      expect((await patch({ kind: 'telegram' })).body.error.details).toEqual([
        { pointer: '/kind', message: 'cannot change' },
      ]);
      expect((await patch({ lineId: 'another-line', name: 'x' })).body.error.details).toEqual([
        { pointer: '/lineId', message: 'cannot change' },
      ]);
      const wrongShape = await patch({ config: { allowedOrigins: ['https://shop.example.com'] } });
      expect([wrongShape.status, wrongShape.body.error.details]).toEqual([
        400,
        [{ pointer: '/config/allowedOrigins', message: 'is not an allowed property' }],
      ]);
      expect((await patch({})).status).toBe(400);
      expect((await call('PATCH', '/api/channels/no-such-channel', admin, { name: 'x' })).status).toBe(404);
      expect((await call('GET', `/api/channels/${created.id}`, admin)).body).toEqual(created);
      expect(await rowCounts()).toEqual(before);

      const changed = await patch({ name: 'CRM bridge 2', active: false, kind: 'webhook', config: {} });
      expect(changed.status).toBe(200);
      expect(changed.body).toEqual({ ...created, name: 'CRM bridge 2', active: false, config: {} });
      expect((await call('GET', `/api/channels/${created.id}`, admin)).body).toEqual(changed.body);

      const rotated = await call('POST', `/api/channels/${created.id}/secret`, admin);
      expect(rotated.status).toBe(200);
      expect(rotated.body.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(rotated.body.secret).not.toBe(created.secret);
      rotatedAway.push(created.secret, rotated.body.secret);
      expect((await call('GET', `/api/channels/${created.id}`, admin)).body.secret).toBe(rotated.body.secret);

      expect((await call('DELETE', `/api/channels/${created.id}`, admin)).status).toBe(204);
      expect((await call('GET', `/api/channels/${created.id}`, admin)).status).toBe(404);
      expect((await call('DELETE', `/api/channels/${created.id}`, admin)).status).toBe(404);
      expect((await call('DELETE', `/api/channels/${bot.id}`, admin)).status).toBe(204);

      // every change is in the audit trail, newest first, secrets and the bot token never in it
      const trail = await call('GET', `/api/audit?entityType=channel&entityId=${created.id}`, admin);
      expect(trail.body.items.map((r: { action: string }) => r.action)).toEqual([
        'channel.delete',
        'channel.rotateSecret',
        'channel.update',
        'channel.create',
      ]);
      const botTrail = await call('GET', `/api/audit?entityType=channel&entityId=${bot.id}`, admin);
      const everything = JSON.stringify([trail.body, botTrail.body]);
      for (const secret of [created.secret, rotated.body.secret, bot.secret, BOT_TOKEN]) {
        expect(everything).not.toContain(secret);
      }
      expect(everything).toContain('[redacted]');
      expect(trail.body.items[2].changes).toMatchObject({
        name: { before: 'CRM bridge', after: 'CRM bridge 2' },
      });
    });

    it('refuses Telegram calls that are not from Telegram or not Updates, and stores nothing for them', async () => {
      const bot = await createChannel({
        lineId: DEMO_LINE_ID,
        kind: 'telegram',
        name: 'Guarded bot',
        config: { botToken: BOT_TOKEN },
      });
      const before = await rowCounts();
      const update = textUpdate(4242, 1, 'let me in');
      expect((await telegramUpdate(bot.id, update)).status).toBe(401);
      expect((await telegramUpdate(bot.id, update, `${bot.secret}x`)).status).toBe(401);
      expect((await telegramUpdate(bot.id, update, bot.secret.slice(0, -1))).status).toBe(401);
      expect((await telegramUpdate('no-such-channel', update, bot.secret)).status).toBe(404);
      expect((await telegramUpdate(DEMO_WEBHOOK_CHANNEL_ID, update, bot.secret)).status).toBe(404);
      expect((await telegramUpdate(bot.id, '{"update_id": 1, ', bot.secret)).body.error.message).toBe(
        'Request body is not valid JSON',
      );
      const notAnUpdate = await telegramUpdate(bot.id, { hello: 'world' }, bot.secret);
      expect([notAnUpdate.status, notAnUpdate.body.error.details]).toEqual([
        400,
        [{ pointer: '/update_id', message: expect.stringContaining('update_id') }],
      ]);
      const noChat = await telegramUpdate(
        bot.id,
        { update_id: 5, message: { message_id: 1, date: 1 } },
        bot.secret,
      );
      expect([noChat.status, noChat.body.error.details]).toEqual([
        400,
        [{ pointer: '/message/chat', message: expect.stringContaining('chat') }],
      ]);
      // what Lineflow does not handle is acknowledged (Telegram retries anything else) and dropped
      const ignored = [
        { update_id: 6, edited_message: update.message },
        { update_id: 7, callback_query: { id: 'q', from: update.message.from, data: 'x' } },
        {
          update_id: 8,
          message: { ...update.message, text: undefined, new_chat_members: [update.message.from] },
        },
        { update_id: 9, message: { ...update.message, text: undefined, sticker: { file_id: 'f' } } },
      ];
      for (const body of ignored) {
        const response = await telegramUpdate(bot.id, body, bot.secret);
        expect([body.update_id, response.status, response.body]).toEqual([
          body.update_id,
          200,
          { handled: false },
        ]);
      }
      expect((await call('PATCH', `/api/channels/${bot.id}`, admin, { active: false })).status).toBe(200);
      expect((await telegramUpdate(bot.id, update, bot.secret)).status).toBe(409);
      expect(await rowCounts()).toEqual(before);
      expect((await call('DELETE', `/api/channels/${bot.id}`, admin)).status).toBe(204);
    });

    it('runs a Telegram conversation end to end: Update in, answer and rating request out, the note never', async () => {
      const bot = await createChannel({
        lineId: DEMO_LINE_ID,
        kind: 'telegram',
        name: 'Support bot',
        config: { botToken: BOT_TOKEN },
      });
      const chatId = 777_000_111;
      const first = textUpdate(chatId, 31, 'Hello from Telegram');
      const sent = await telegramUpdate(bot.id, first, bot.secret);
      expect(sent.status).toBe(200);
      expect(sent.body).toEqual({
        handled: true,
        dialogId: expect.any(String),
        messageId: expect.any(String),
        duplicate: false,
      });
      const dialogId = sent.body.dialogId;
      // Telegram delivers the same Update again (it did not see our answer in time)
      const again = await telegramUpdate(bot.id, first, bot.secret);
      expect(again.body).toMatchObject({ handled: true, dialogId, messageId: sent.body.messageId });

      const offered = await dialogOf(dialogId, (d) => d.offeredTo.includes(op1.id));
      expect(offered).toMatchObject({
        channelId: bot.id,
        client: { name: 'Ann Lee' },
        messages: [{ author: 'client', text: 'Hello from Telegram' }],
      });
      // while the dialog is open the channel cannot be removed
      const inUse = await call('DELETE', `/api/channels/${bot.id}`, admin);
      expect([inUse.status, inUse.body.error.code]).toEqual([409, 'channel_in_use']);

      expect((await call('POST', `/api/dialogs/${dialogId}/accept`, op1.token)).status).toBe(200);
      expect(
        (
          await call('POST', `/api/dialogs/${dialogId}/messages`, op1.token, {
            text: 'Hi Ann, how can I help?',
          })
        ).status,
      ).toBe(201);
      expect(
        (
          await call('POST', `/api/dialogs/${dialogId}/messages`, op1.token, {
            text: 'VIP client',
            hidden: true,
          })
        ).status,
      ).toBe(201);
      const toBot = () => fake.sendMessages(BOT_TOKEN).map((r) => r.json);
      await eventually(async () => (toBot().length >= 1 ? true : undefined));
      expect(toBot()).toEqual([{ chat_id: chatId, text: 'Hi Ann, how can I help?' }]);

      expect((await call('POST', `/api/dialogs/${dialogId}/close`, op1.token)).status).toBe(200);
      // one dialog's messages go out in order, so the note would have come before this had it been queued
      await eventually(async () => (toBot().length >= 2 ? true : undefined));
      expect(toBot()).toEqual([
        { chat_id: chatId, text: 'Hi Ann, how can I help?' },
        { chat_id: chatId, text: DEFAULT_RATING_REQUEST },
      ]);
      const [{ n: clientMessages }] = await stack.db.query(
        `SELECT COUNT(*) AS n FROM messages WHERE dialogId = ? AND author = 'client'`,
        [dialogId],
      );
      expect(Number(clientMessages)).toBe(1);
      // the dispatcher marks a row sent once Telegram has answered, a moment after the fake saw it
      const outbox = await eventually(async () => {
        const rows: Array<{ status: string; attempts: number }> = await stack.db.query(
          `SELECT status, attempts FROM outbound_messages WHERE dialogId = ? ORDER BY createdAt`,
          [dialogId],
        );
        return rows.every((r) => r.status !== 'pending') ? rows : undefined;
      });
      expect(outbox.map((r) => [r.status, Number(r.attempts)])).toEqual([
        ['sent', 1],
        ['sent', 1],
      ]);
    });

    it('POSTs the line’s answers to a webhook channel’s outboundUrl, signed with the channel secret', async () => {
      const hook = await createChannel({
        lineId: DEMO_LINE_ID,
        kind: 'webhook',
        name: 'Shop backend',
        config: { outboundUrl: `${fake.url}/hooks/shop` },
      });
      const body = JSON.stringify({
        externalMessageId: 'shop-1',
        client: { externalId: 'shop-customer-9', name: 'Olga' },
        text: 'Where is parcel 9?',
      });
      const inbound = await stack.inbound(hook.id, body, hook.secret);
      expect(inbound.status).toBe(202);
      const dialogId = inbound.body.dialogId;
      await dialogOf(dialogId, (d) => d.offeredTo.includes(op1.id));
      expect((await call('POST', `/api/dialogs/${dialogId}/accept`, op1.token)).status).toBe(200);
      const answer = await call('POST', `/api/dialogs/${dialogId}/messages`, op1.token, {
        text: 'It arrives tomorrow',
      });
      expect(answer.status).toBe(201);

      const post = await eventually(async () => fake.webhookPosts('/hooks/shop')[0]);
      expect(post.headers['x-lineflow-signature']).toBe(signBody(hook.secret, post.raw));
      expect(post.headers['x-lineflow-signature']).not.toBe(signBody(`${hook.secret}x`, post.raw));
      expect(post.json).toEqual({
        dialogId,
        messageId: expect.any(String),
        author: 'operator',
        text: 'It arrives tomorrow',
        attachments: [],
        createdAt: expect.any(String),
        client: { externalId: 'shop-customer-9' },
      });
      expect(post.headers['idempotency-key']).toBe(post.json.messageId);
      const dialog = await dialogOf(dialogId, () => true);
      expect(dialog.messages.find((m: { text: string }) => m.text === 'It arrives tomorrow').id).toBe(
        post.json.messageId,
      );
      expect(fake.webhookPosts('/hooks/shop')).toHaveLength(1);
    });

    it('never writes a channel secret or a bot token to the logs', async () => {
      // Everything above signed, rotated, read and refused with secrets; what did the logs get?
      const channels = (await call('GET', '/api/channels', admin)).body.items as Array<{
        secret: string;
        config?: { botToken?: string };
      }>;
      const secrets = [...channels.map((c) => c.secret), ...rotatedAway, BOT_TOKEN];
      expect(secrets.length).toBeGreaterThan(channels.length);
      const text = logged.join('');
      expect(text).toContain('"msg":"request"'); // the logs were captured at all
      for (const secret of secrets) expect(text).not.toContain(secret);
    });
  });
}
