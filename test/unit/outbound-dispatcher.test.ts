import pino from 'pino';
import type { DataSource } from 'typeorm';
import {
  backoffMs,
  DEFAULT_BACKOFF,
  OutboundDispatcher,
  type DispatcherOptions,
} from '../../activities/delivery/outbound-dispatcher';
import { telegramParts } from '../../activities/delivery/telegram-sender';
import { signBody, SIGNATURE_HEADER } from '../../activities/delivery/webhook-signature';
import { openDatabase } from '../../db/data-source';
import { dialogIdFor } from '../../db/derived-ids';
import { insertMessage } from '../../db/dialog-writes';
import {
  ChannelEntity,
  ClientIdentityEntity,
  DialogEntity,
  OutboundMessageEntity,
  type Channel,
  type ChannelConfig,
  type Message,
  type OutboundMessage,
} from '../../db/entities';
import { BOT_API_ANSWERS, FakeTelegram } from '../support/fake-telegram';
import { createMariadbDatabase, eventually, tempDir } from '../support/test-stack';

const TOKEN = '123456:AAbbCCddEEffGGhhIIjjKKllMMnnOOppQQ';
const quiet = pino({ level: 'silent' });
// in the past, so rows written for the real-clock tests are due at once
const T0 = new Date('2020-01-01T00:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

/**
 * The outbox and its dispatcher against a real database (SQLite; the two-dispatcher race on MariaDB
 * too) and a real HTTP server standing in for the Bot API and a webhook receiver. Time is the
 * dispatcher's injected clock, so the backoff schedule is read exactly, without waiting for it.
 */
describe('outbound delivery', () => {
  let db: DataSource;
  let fake: FakeTelegram;
  let seq = 0;
  const dispatchers: OutboundDispatcher[] = [];

  const dispatcher = (options: Partial<DispatcherOptions> = {}, on = db) => {
    const d = new OutboundDispatcher({
      db: on,
      logger: quiet,
      telegramApiBaseUrl: fake.url,
      random: () => 0.5, // the middle of the jitter: exactly the exponential schedule
      ...options,
    });
    dispatchers.push(d);
    return d;
  };

  async function channel(kind: Channel['kind'], config: ChannelConfig, on = db): Promise<Channel> {
    const row: Channel = {
      id: `ch-${kind}-${++seq}`,
      lineId: 'line-1',
      kind,
      name: kind,
      secret: `secret-${seq}-abcdefghijklmnop`,
      active: true,
      config,
      createdAt: T0,
    };
    await on.getRepository<Channel>(ChannelEntity).insert(row);
    return row;
  }

  /** A client with an identity on the channel's kind and their first dialog there. */
  async function dialogOf(ch: Channel, externalId: string, on = db): Promise<string> {
    const clientId = `client-${ch.kind}-${externalId}`;
    await on
      .getRepository(ClientIdentityEntity)
      .insert({ channelKind: ch.kind, externalId, clientId, createdAt: T0 });
    const id = dialogIdFor(ch.id, externalId, 1);
    await on.getRepository(DialogEntity).insert({
      id,
      workflowId: `dialog-${id}`,
      lineId: ch.lineId,
      channelId: ch.id,
      clientId,
      status: 'in_progress',
      responsibleOperatorId: null,
      offeredTo: [],
      participants: [],
      pinned: false,
      flowVersion: 1,
      firstAnswerMs: null,
      kpiBreaches: 0,
      rating: null,
      leadId: null,
      createdAt: T0,
      updatedAt: T0,
      closedAt: null,
    });
    return id;
  }

  /** Writes a message the way every activity does: insertMessage in a transaction. */
  async function write(
    ch: Channel,
    dialogId: string,
    text: string,
    extra: Partial<Message> = {},
    on = db,
  ): Promise<string> {
    const id = `msg-${++seq}`;
    await on.transaction((tx) =>
      insertMessage(tx, {
        id,
        dialogId,
        channelId: ch.id,
        externalMessageId: null,
        author: 'operator',
        authorId: 'op-1',
        text,
        attachments: [],
        hidden: false,
        sentAt: null,
        createdAt: at(-1000 + seq), // distinct and increasing: the order the client must read them in
        ...extra,
      }),
    );
    return id;
  }

  const row = (messageId: string, on = db) =>
    on.getRepository<OutboundMessage>(OutboundMessageEntity).findOneByOrFail({ messageId });

  beforeAll(async () => {
    db = await openDatabase({ dataDir: tempDir() });
    fake = await FakeTelegram.start();
  });
  afterEach(async () => {
    await Promise.all(dispatchers.splice(0).map((d) => d.stop()));
    // what a test left pending must not be sent by the next one
    await db.getRepository(OutboundMessageEntity).update({ status: 'pending' }, { status: 'failed' });
    fake.requests.length = 0;
    fake.delayMs = 0;
  });
  afterAll(async () => {
    await fake?.stop();
    await db?.destroy();
  });

  it('queues, in the message’s transaction, exactly what the client must receive on an outward channel', async () => {
    const telegram = await channel('telegram', { botToken: TOKEN });
    const polled = await channel('webhook', {});
    const pushed = await channel('webhook', { outboundUrl: `${fake.url}/hooks/a` });
    const livechat = await channel('livechat', {});
    const queued = new Map<string, boolean>();
    for (const ch of [telegram, polled, pushed, livechat]) {
      const dialog = await dialogOf(ch, `c-${ch.id}`);
      for (const [label, extra] of [
        ['client', { author: 'client' as const, authorId: null }],
        ['note', { hidden: true }],
        ['operator', {}],
        ['system', { author: 'system' as const, authorId: null }],
        ['bot', { author: 'bot' as const, authorId: null }],
      ] as const) {
        const id = await write(ch, dialog, label, extra);
        const outbox = await db.getRepository(OutboundMessageEntity).findOneBy({ messageId: id });
        queued.set(`${ch.kind}${ch.config?.outboundUrl ? '+url' : ''} ${label}`, !!outbox);
      }
    }
    expect(Object.fromEntries(queued)).toEqual({
      'telegram client': false,
      'telegram note': false,
      'telegram operator': true,
      'telegram system': true,
      'telegram bot': true,
      'webhook client': false,
      'webhook note': false,
      'webhook operator': false,
      'webhook system': false,
      'webhook bot': false,
      'webhook+url client': false,
      'webhook+url note': false,
      'webhook+url operator': true,
      'webhook+url system': true,
      'webhook+url bot': true,
      'livechat client': false,
      'livechat note': false,
      'livechat operator': false,
      'livechat system': false,
      'livechat bot': false,
    });
    // a message that rolls back takes its delivery along
    const dialog = await dialogOf(telegram, 'rolled-back');
    await expect(
      db.transaction(async (tx) => {
        await insertMessage(tx, {
          id: 'msg-rolled-back',
          dialogId: dialog,
          channelId: telegram.id,
          externalMessageId: null,
          author: 'operator',
          authorId: 'op-1',
          text: 'never',
          attachments: [],
          hidden: false,
          sentAt: null,
          createdAt: T0,
        });
        throw new Error('the activity failed');
      }),
    ).rejects.toThrow('the activity failed');
    expect(
      await db.getRepository(OutboundMessageEntity).findOneBy({ messageId: 'msg-rolled-back' }),
    ).toBeNull();
  });

  it('retries server errors on the backoff schedule until Telegram takes the message, then sends it no more', async () => {
    const ch = await channel('telegram', { botToken: TOKEN });
    const id = await write(ch, await dialogOf(ch, '1001'), 'Your order ships today');
    fake.failNext(2, BOT_API_ANSWERS.serverError);
    let now = at(0);
    const d = dispatcher({ now: () => now });

    expect(await d.runOnce()).toBe(1);
    expect(await row(id)).toMatchObject({
      status: 'pending',
      attempts: 1,
      nextAttemptAt: at(1000),
      claimedUntil: null,
      lastError: 'telegram 500: Internal Server Error',
    });
    now = at(999);
    expect(await d.runOnce()).toBe(0);
    now = at(1000);
    expect(await d.runOnce()).toBe(1);
    expect(await row(id)).toMatchObject({ status: 'pending', attempts: 2, nextAttemptAt: at(3000) });
    now = at(2999);
    expect(await d.runOnce()).toBe(0);
    now = at(3000);
    expect(await d.runOnce()).toBe(1);
    expect(await row(id)).toMatchObject({
      status: 'sent',
      attempts: 3,
      sentAt: at(3000),
      lastError: null,
      externalId: '1001:1',
    });
    now = at(3_600_000);
    expect(await d.runOnce()).toBe(0);

    const sent = fake.sendMessages(TOKEN);
    expect(sent.map((r) => r.json)).toEqual(
      Array.from({ length: 3 }, () => ({ chat_id: 1001, text: 'Your order ships today' })),
    );
    expect(d.stats).toEqual({ sent: 1, failed: 0, retried: 2, lostClaims: 0 });
  });

  it('doubles the wait per attempt up to the cap, with jitter around it', () => {
    const schedule = Array.from({ length: 12 }, (_, i) => backoffMs(i + 1, DEFAULT_BACKOFF, () => 0.5));
    expect(schedule).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 256_000, 300_000, 300_000, 300_000,
    ]);
    expect(backoffMs(3, DEFAULT_BACKOFF, () => 0)).toBe(3_200);
    expect(backoffMs(3, DEFAULT_BACKOFF, () => 1)).toBe(4_800);
  });

  it("waits as long as Telegram's retry_after says when it is longer than the backoff", async () => {
    const ch = await channel('telegram', { botToken: TOKEN });
    const id = await write(ch, await dialogOf(ch, '1002'), 'Slow down');
    fake.failNext(1, () => BOT_API_ANSWERS.tooManyRequests(7));
    let now = at(0);
    const d = dispatcher({ now: () => now });
    await d.runOnce();
    expect(await row(id)).toMatchObject({
      status: 'pending',
      nextAttemptAt: at(7000),
      lastError: 'telegram 429: Too Many Requests: retry after 7',
    });
    now = at(6999);
    expect(await d.runOnce()).toBe(0);
    now = at(7000);
    expect(await d.runOnce()).toBe(1);
    expect((await row(id)).status).toBe('sent');
    expect(fake.sendMessages(TOKEN)).toHaveLength(2);
  });

  it('gives a message up at once when the bot was blocked, and keeps why', async () => {
    const ch = await channel('telegram', { botToken: TOKEN });
    const id = await write(ch, await dialogOf(ch, '1003'), 'Hello?');
    fake.blockedChats.add('1003');
    let now = at(0);
    const d = dispatcher({ now: () => now });
    expect(await d.runOnce()).toBe(1);
    expect(await row(id)).toMatchObject({
      status: 'failed',
      attempts: 1,
      sentAt: null,
      lastError: 'telegram 403: Forbidden: bot was blocked by the user',
    });
    now = at(24 * 3_600_000);
    expect(await d.runOnce()).toBe(0);
    expect(fake.sendMessages(TOKEN)).toHaveLength(1);
  });

  it('gives up after the last attempt, keeping the last error', async () => {
    const ch = await channel('telegram', { botToken: TOKEN });
    const id = await write(ch, await dialogOf(ch, '1004'), 'Anyone?');
    fake.failNext(3, BOT_API_ANSWERS.serverError);
    let now = at(0);
    const d = dispatcher({ now: () => now, maxAttempts: 3 });
    for (let i = 0; i < 5; i++) {
      await d.runOnce();
      now = at(now.getTime() - T0.getTime() + 3_600_000);
    }
    expect(await row(id)).toMatchObject({
      status: 'failed',
      attempts: 3,
      lastError: 'telegram 500: Internal Server Error',
    });
    expect(fake.sendMessages(TOKEN)).toHaveLength(3);
  });

  it('retries when the Bot API cannot be reached', async () => {
    const ch = await channel('telegram', { botToken: TOKEN });
    const id = await write(ch, await dialogOf(ch, '1005'), 'Are you there?');
    const d = dispatcher({ now: () => at(0), telegramApiBaseUrl: 'http://127.0.0.1:1' });
    expect(await d.runOnce()).toBe(1);
    expect(await row(id)).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: at(1000) });
    expect((await row(id)).lastError).toMatch(/^network error: /);
  });

  it('sends a long text in parts and, after a failure, resumes after the parts already sent', async () => {
    const ch = await channel('telegram', { botToken: TOKEN });
    const text = `${'a'.repeat(4000)}\n${'b'.repeat(4000)}\n${'c'.repeat(100)}`;
    expect(telegramParts(text)).toEqual([`${'a'.repeat(4000)}\n`, `${'b'.repeat(4000)}\n`, 'c'.repeat(100)]);
    const id = await write(ch, await dialogOf(ch, '1006'), text);
    let now = at(0);
    const d = dispatcher({ now: () => now });
    await d.runOnce();
    expect(await row(id)).toMatchObject({ status: 'sent', externalId: expect.stringMatching(/^1006:\d+$/) });
    expect(fake.sendMessages(TOKEN).map((r) => r.json.text)).toEqual(telegramParts(text));

    fake.requests.length = 0;
    const again = await write(ch, await dialogOf(ch, '1007'), text);
    // this time the first part goes through and the second fails
    fake.failNext(1, () => ({ status: 200, body: { ok: true, result: { message_id: 900 } } }));
    fake.failNext(1, BOT_API_ANSWERS.serverError);
    await d.runOnce();
    expect(await row(again)).toMatchObject({ status: 'pending', partsSent: 1, externalId: '1007:900' });
    now = at(1000);
    await d.runOnce();
    expect(await row(again)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(fake.sendMessages(TOKEN).map((r) => r.json.text)).toEqual([
      telegramParts(text)[0],
      telegramParts(text)[1], // failed
      telegramParts(text)[1],
      telegramParts(text)[2],
    ]);
  });

  it('POSTs to a webhook channel signed with its secret, with the message id as Idempotency-Key', async () => {
    const ch = await channel('webhook', { outboundUrl: `${fake.url}/hooks/crm` });
    const dialog = await dialogOf(ch, 'crm-client-7');
    const id = await write(ch, dialog, 'We called you back', { author: 'system', authorId: null });
    fake.failNextWebhooks(1, 503);
    let now = at(0);
    const d = dispatcher({ now: () => now });
    await d.runOnce();
    expect(await row(id)).toMatchObject({
      status: 'pending',
      lastError: 'webhook answered 503 Service Unavailable',
    });
    now = at(1000);
    await d.runOnce();
    expect(await row(id)).toMatchObject({ status: 'sent' });
    const posts = fake.webhookPosts('/hooks/crm');
    expect(posts).toHaveLength(2);
    for (const post of posts) {
      expect(post.headers[SIGNATURE_HEADER.toLowerCase()]).toBe(signBody(ch.secret, post.raw));
      expect(post.headers['idempotency-key']).toBe(id);
    }
    expect(posts[1]!.json).toEqual({
      dialogId: dialog,
      messageId: id,
      author: 'system',
      text: 'We called you back',
      attachments: [],
      createdAt: expect.any(String),
      client: { externalId: 'crm-client-7' },
    });
    fake.failNextWebhooks(1, 404);
    const gone = await write(ch, dialog, 'Nobody listens');
    now = at(2000);
    await d.runOnce();
    expect(await row(gone)).toMatchObject({ status: 'failed', lastError: 'webhook answered 404 Not Found' });
  });

  it('lets one claim of a row win, and a takeover only after the lease', async () => {
    const ch = await channel('telegram', { botToken: TOKEN });
    const id = await write(ch, await dialogOf(ch, '1008'), 'Claim me');
    const one = dispatcher({ leaseMs: 60_000 });
    const two = dispatcher({ leaseMs: 60_000 });
    expect(await one.claim({ messageId: id, attempts: 0 }, at(0))).toBe(true);
    expect(await two.claim({ messageId: id, attempts: 0 }, at(0))).toBe(false); // read before the claim
    expect(await two.claim({ messageId: id, attempts: 1 }, at(59_999))).toBe(false); // still held
    expect(await two.claim({ messageId: id, attempts: 1 }, at(60_000))).toBe(true); // the lease ran out
    expect(await row(id)).toMatchObject({ attempts: 2, claimedUntil: at(120_000) });
  });

  describe.each(['sqlite', 'mariadb'] as const)('two dispatchers on one outbox (%s)', (engine) => {
    let first: DataSource;
    let second: DataSource;
    let drop = async () => {};

    beforeAll(async () => {
      const settings = { dataDir: tempDir(), databaseUrl: undefined as string | undefined };
      if (engine === 'mariadb') ({ url: settings.databaseUrl, drop } = await createMariadbDatabase());
      // two connections (pools), as two worker processes have
      first = await openDatabase(settings);
      second = await openDatabase(settings);
    });
    afterAll(async () => {
      await first?.destroy();
      await second?.destroy();
      await drop();
    });

    it('sends every message exactly once, each dialog in order', async () => {
      const ch = await channel('telegram', { botToken: TOKEN }, first);
      const chats = Array.from({ length: 25 }, (_, i) => String(5000 + i));
      const expected: Array<{ chat_id: number; text: string }> = [];
      for (const chat of chats) {
        const dialog = await dialogOf(ch, chat, first);
        for (const n of [1, 2, 3]) {
          await write(ch, dialog, `${chat} answer ${n}`, {}, first);
          expected.push({ chat_id: Number(chat), text: `${chat} answer ${n}` });
        }
      }
      fake.delayMs = 3;
      const a = dispatcher({ pollIntervalMs: 1, batchSize: 8 }, first);
      const b = dispatcher({ pollIntervalMs: 1, batchSize: 8 }, second);
      a.start();
      b.start();
      await eventually(async () => {
        const pending = await first
          .getRepository(OutboundMessageEntity)
          .countBy({ channelId: ch.id, status: 'pending' });
        return pending === 0 ? true : undefined;
      }, 60_000);
      await Promise.all([a.stop(), b.stop()]);

      const sent = fake.sendMessages(TOKEN).map((r) => r.json as { chat_id: number; text: string });
      expect(sent).toHaveLength(expected.length);
      expect([...sent].sort((x, y) => x.text.localeCompare(y.text))).toEqual(
        [...expected].sort((x, y) => x.text.localeCompare(y.text)),
      );
      for (const chat of chats) {
        expect(sent.filter((m) => m.chat_id === Number(chat)).map((m) => m.text)).toEqual([
          `${chat} answer 1`,
          `${chat} answer 2`,
          `${chat} answer 3`,
        ]);
      }
      expect(a.stats.sent + b.stats.sent).toBe(expected.length);
      expect(a.stats.failed + b.stats.failed + a.stats.retried + b.stats.retried).toBe(0);
      // both took part (so the claims really competed), and between them they lost some claims
      expect([a.stats.sent > 0, b.stats.sent > 0]).toEqual([true, true]);
      expect(a.stats.lostClaims + b.stats.lostClaims).toBeGreaterThan(0);
    });
  });
});
