import { DEMO_WEBHOOK_CHANNEL_ID } from '../../runtime/demo-seed';
import { openSse, type SseStream } from '../support/sse';
import { DEMO_PASSWORD, eventually, TestStack, type Engine } from '../support/test-stack';

/**
 * What the web inbox needs from the API beyond the plain routes: each row's channel kind, newest
 * message and waiting time, and presence that follows the open inbox (GET /api/events), with a short
 * grace period (LINEFLOW_PRESENCE_GRACE=1) so going offline can be waited for.
 */
export function describeInboxApi(engine: Engine): void {
  describe(`inbox rows and presence from open inboxes on ${engine}`, () => {
    let stack: TestStack;
    let secret: string;
    let op1: { token: string; id: string };
    const streams: SseStream[] = [];

    const login = async (email: string) => {
      const response = await stack.request('POST', '/api/auth/login', {
        json: { email, password: DEMO_PASSWORD },
      });
      expect(response.status).toBe(200);
      return { token: response.body.token as string, id: response.body.user.id as string };
    };
    const inbox = async (token: string) => {
      const stream = await openSse(`${stack.running.url}/api/events?access_token=${token}`);
      streams.push(stream);
      return stream;
    };
    const me = async (token: string) => (await stack.request('GET', '/api/me', { token })).body;
    const presenceOf = async (token: string) => (await me(token)).presence as string;
    const inbound = (client: string, ext: string, text: string) =>
      stack.inbound(
        DEMO_WEBHOOK_CHANNEL_ID,
        JSON.stringify({
          externalMessageId: ext,
          client: { externalId: client, name: `Client ${client}` },
          text,
        }),
        secret,
      );

    beforeAll(async () => {
      stack = await TestStack.startOn(engine, { LINEFLOW_PRESENCE_GRACE: '1' });
      secret = await stack.channelSecret(DEMO_WEBHOOK_CHANNEL_ID);
      op1 = await login('operator1@lineflow.local');
    });
    afterAll(async () => {
      for (const stream of streams) stream.close();
      await stack?.stop();
    });

    it('lists each dialog with its channel kind, newest message and since when the client waits', async () => {
      const first = await inbound('row-1', 'row-m1', 'Hello, is anyone there?');
      expect(first.status).toBe(202);
      const dialogId = first.body.dialogId as string;
      await inbound('row-1', 'row-m2', 'My order #42 is late');
      const row = await eventually(async () => {
        const list = await stack.request('GET', '/api/dialogs?view=unanswered', { token: op1.token });
        const found = list.body.items.find((d: { id: string }) => d.id === dialogId);
        return found?.lastMessage?.text === 'My order #42 is late' ? found : undefined;
      });
      const detail = (await stack.request('GET', `/api/dialogs/${dialogId}`, { token: op1.token })).body;
      const [m1] = detail.messages;
      expect(row).toMatchObject({
        channelKind: 'webhook',
        lastMessage: { author: 'client', text: 'My order #42 is late', attachments: [] },
        waitingSince: m1.createdAt, // from the first message nobody has answered yet
      });
      expect(detail).toMatchObject({ channelKind: 'webhook', waitingSince: m1.createdAt });
      expect(Date.parse(row.waitingSince)).toBeLessThanOrEqual(Date.parse(row.lastMessage.createdAt));
    });

    it('makes an operator online while their inbox is open, offers them what waited, and offline after the grace', async () => {
      expect(await presenceOf(op1.token)).toBe('offline');
      const waiting = await inbound('row-2', 'row-m3', 'Waiting for someone');
      const stream = await inbox(op1.token);
      await eventually(async () => ((await presenceOf(op1.token)) === 'online' ? true : undefined));
      expect((await me(op1.token)).online).toBe(true);
      // coming online nudged the dialogs waiting in the queue: one is offered to op1 at once
      await stream.waitFor((e) => e.type === 'dialog.offered' && e.dialog.offeredTo.includes(op1.id));
      await eventually(async () => {
        const d = (await stack.request('GET', `/api/dialogs/${waiting.body.dialogId}`, { token: op1.token }))
          .body;
        return d.offeredTo.includes(op1.id) || d.responsibleOperatorId ? true : undefined;
      });

      // a second tab: closing one of two keeps them online
      const second = await inbox(op1.token);
      stream.close();
      await new Promise((resolve) => setTimeout(resolve, 1_600));
      expect(await presenceOf(op1.token)).toBe('online');
      second.close();
      await eventually(async () => ((await presenceOf(op1.token)) === 'offline' ? true : undefined), 10_000);
    });

    it('answers: the row shows the answer and the client no longer waits', async () => {
      const stream = await inbox(op1.token);
      const opened = await inbound('row-3', 'row-m4', 'Question three');
      const dialogId = opened.body.dialogId as string;
      await stream.waitFor((e) => e.dialogId === dialogId && e.type === 'dialog.offered');
      expect(
        (await stack.request('POST', `/api/dialogs/${dialogId}/accept`, { token: op1.token })).status,
      ).toBe(200);
      const answer = { token: op1.token, json: { text: 'Here is the answer' } };
      expect((await stack.request('POST', `/api/dialogs/${dialogId}/messages`, answer)).status).toBe(201);
      const note = { token: op1.token, json: { text: 'internal note', hidden: true } };
      expect((await stack.request('POST', `/api/dialogs/${dialogId}/messages`, note)).status).toBe(201);
      const row = await eventually(async () => {
        const list = await stack.request('GET', '/api/dialogs?view=mine', { token: op1.token });
        const found = list.body.items.find((d: { id: string }) => d.id === dialogId);
        return found?.lastMessage?.author === 'operator' ? found : undefined;
      });
      // the note is not what the row shows
      expect(row).toMatchObject({ lastMessage: { text: 'Here is the answer' }, waitingSince: null });
      stream.close();
    });

    it('stores an answer sent again with the same Idempotency-Key once (a retry after a network error)', async () => {
      const stream = await inbox(op1.token);
      const opened = await inbound('row-5', 'row-m6', 'Did my answer arrive twice?');
      const dialogId = opened.body.dialogId as string;
      await stream.waitFor((e) => e.dialogId === dialogId && e.type === 'dialog.offered');
      expect(
        (await stack.request('POST', `/api/dialogs/${dialogId}/accept`, { token: op1.token })).status,
      ).toBe(200);
      const send = (key: string, text = 'Only once, please') =>
        stack.request('POST', `/api/dialogs/${dialogId}/messages`, {
          token: op1.token,
          json: { text },
          headers: { 'idempotency-key': key },
        });
      const first = await send('answer-1');
      expect(first.status).toBe(201);
      const [again, parallel] = await Promise.all([send('answer-1'), send('answer-1')]);
      expect([again.status, again.body, parallel.status, parallel.body]).toEqual([
        201,
        first.body,
        201,
        first.body,
      ]);
      const other = await send('answer-2', 'A second answer');
      expect(other.status).toBe(201);
      expect(other.body.messageId).not.toBe(first.body.messageId);
      const messages = (await stack.request('GET', `/api/dialogs/${dialogId}`, { token: op1.token })).body
        .messages;
      expect(
        messages
          .filter((m: { author: string }) => m.author === 'operator')
          .map((m: { text: string }) => m.text),
      ).toEqual(['Only once, please', 'A second answer']);
      const bad = await send('not a key!');
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('bad_request');
      stream.close();
    });

    it('keeps someone who set themselves away away while their inbox is open, until they come back', async () => {
      const op2 = await login('operator2@lineflow.local');
      const away = await stack.request('POST', '/api/me/presence', {
        token: op2.token,
        json: { online: false },
      });
      expect(away.status).toBe(200);
      expect(await presenceOf(op2.token)).toBe('away');
      const stream = await inbox(op2.token);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await me(op2.token)).toMatchObject({ presence: 'away', online: false });
      await stack.request('POST', '/api/me/presence', { token: op2.token, json: { online: true } });
      expect(await presenceOf(op2.token)).toBe('online');
      // away again, then the tab goes: offline after the grace, and "away" is forgotten
      await stack.request('POST', '/api/me/presence', { token: op2.token, json: { online: false } });
      stream.close();
      await eventually(async () => ((await presenceOf(op2.token)) === 'offline' ? true : undefined), 10_000);
      const next = await inbox(op2.token);
      await eventually(async () => ((await presenceOf(op2.token)) === 'online' ? true : undefined));
      next.close();
    });

    it('signing out ends that session’s streams and makes the person offline at once', async () => {
      const tab = await login('operator3@lineflow.local');
      const other = await login('operator3@lineflow.local'); // another device, no inbox open
      const stream = await inbox(tab.token);
      await eventually(async () => ((await presenceOf(other.token)) === 'online' ? true : undefined));
      expect((await stack.request('POST', '/api/auth/logout', { token: tab.token })).status).toBe(204);
      await stream.ended; // a signed-out token receives nothing more
      expect(await presenceOf(other.token)).toBe('offline');
      expect((await stack.request('GET', '/api/me', { token: tab.token })).status).toBe(401);
    });
  });
}
