import { DEMO_LINE_ID, DEMO_LIVECHAT_CHANNEL_ID, DEMO_WEBHOOK_CHANNEL_ID } from '../../runtime/demo-seed';
import { openSse, type SseStream } from '../support/sse';
import { ADMIN_PASSWORD, DEMO_PASSWORD, eventually, TestStack, type Engine } from '../support/test-stack';

/**
 * Real-time streams and the website chat on a real Temporal dev server and database, with two API
 * processes sharing them: the first runs the worker, the second is an API replica only, so an event
 * seen on the replica's stream crossed processes through the database.
 */
export function describeRealtime(engine: Engine): void {
  describe(`real-time events and livechat on ${engine}`, () => {
    let stack: TestStack;
    let replica: TestStack;
    let secret: string;
    let admin: string;
    let op1: { token: string; id: string };
    let outsider: string;
    const streams: SseStream[] = [];
    const otherLineChannel = 'rt-other-webhook';
    const otherSecret = 'other-line-secret-123';

    const inbound = (channel: string, key: string, ext: string, text: string, withSecret = secret) =>
      stack.inbound(
        channel,
        JSON.stringify({ externalMessageId: ext, client: { externalId: key, name: 'Ann' }, text }),
        withSecret,
      );
    const sse = async (url: string, headers: Record<string, string> = {}) => {
      const stream = await openSse(url, headers);
      streams.push(stream);
      return stream;
    };
    const inboxOf = (on: TestStack, token: string) =>
      sse(`${on.running.url}/api/events?access_token=${token}`);
    const post = (path: string, token: string, json?: unknown) =>
      stack.request('POST', path, { token, ...(json === undefined ? {} : { json }) });

    beforeAll(async () => {
      stack = await TestStack.startOn(engine);
      replica = await TestStack.start(stack.replicaConfig(), { worker: false });
      secret = await stack.channelSecret(DEMO_WEBHOOK_CHANNEL_ID);
      admin = await stack.login('admin@lineflow.local', ADMIN_PASSWORD);
      const login = await stack.request('POST', '/api/auth/login', {
        json: { email: 'operator1@lineflow.local', password: DEMO_PASSWORD },
      });
      op1 = { token: login.body.token, id: login.body.user.id };
      expect((await post('/api/me/presence', op1.token, { online: true })).status).toBe(200);

      // A second line with its own webhook channel and one operator who works only there.
      expect((await post('/api/lines', admin, { id: 'rt-other', name: 'Other line' })).status).toBe(201);
      const channel = await post('/api/channels', admin, {
        id: otherLineChannel,
        lineId: 'rt-other',
        kind: 'webhook',
        name: 'Other webhook',
        secret: otherSecret,
      });
      expect(channel.status).toBe(201);
      const outsiderUser = await post('/api/operators', admin, {
        email: 'outsider@lineflow.local',
        name: 'Outsider',
        role: 'operator',
        password: 'outsider-pass-1',
        lines: ['rt-other'],
      });
      expect(outsiderUser.status).toBe(201);
      outsider = await stack.login('outsider@lineflow.local', 'outsider-pass-1');
    });

    afterAll(async () => {
      for (const stream of streams) stream.close();
      await replica?.stop();
      await stack?.stop();
    });

    it('refuses the streams without a token', async () => {
      await expect(openSse(`${stack.running.url}/api/events`)).rejects.toMatchObject({ status: 401 });
      await expect(
        openSse(`${stack.running.url}/api/events?access_token=not-a-real-token-at-all`),
      ).rejects.toMatchObject({
        status: 401,
      });
      await expect(openSse(`${stack.running.url}/api/livechat/events`)).rejects.toMatchObject({
        status: 401,
      });
      // an employee's token is not a visitor's
      await expect(
        openSse(`${stack.running.url}/api/livechat/events?access_token=${admin}`),
      ).rejects.toMatchObject({
        status: 401,
      });
    });

    it('takes a token from ?access_token= on the event streams only, never on other routes', async () => {
      expect((await stack.request('GET', `/api/me?access_token=${admin}`)).status).toBe(401);
      expect((await stack.request('GET', `/api/dialogs?access_token=${admin}`)).status).toBe(401);
      expect((await stack.request('GET', '/api/me', { token: admin })).status).toBe(200);
    });

    it("pushes a line's dialogs to its operators through another API process, and only to them", async () => {
      const mine = await inboxOf(replica, op1.token);
      const theirs = await inboxOf(replica, outsider);
      const adminStream = await sse(`${stack.running.url}/api/events`, { authorization: `Bearer ${admin}` });

      const support = await inbound(DEMO_WEBHOOK_CHANNEL_ID, 'rt-client-1', 'rt-m1', 'Where is my order?');
      expect(support.status).toBe(202);
      const other = await inbound(
        otherLineChannel,
        'rt-client-2',
        'rt-m2',
        'Other line question',
        otherSecret,
      );
      expect(other.status).toBe(202);
      const supportDialog = support.body.dialogId;
      const otherDialog = other.body.dialogId;

      const message = await mine.waitFor((e) => e.dialogId === supportDialog && e.type === 'message.created');
      expect(message).toMatchObject({
        lineId: DEMO_LINE_ID,
        data: { message: { author: 'client', text: 'Where is my order?', hidden: false } },
      });
      const offered = await mine.waitFor((e) => e.dialogId === supportDialog && e.type === 'dialog.offered');
      expect(offered.data.operatorIds).toEqual([op1.id]);
      expect(offered.dialog).toMatchObject({ status: 'offered', offeredTo: [op1.id] });

      await theirs.waitFor((e) => e.dialogId === otherDialog && e.type === 'message.created');
      await adminStream.waitFor((e) => e.dialogId === otherDialog && e.type === 'message.created');
      await adminStream.waitFor((e) => e.dialogId === supportDialog && e.type === 'dialog.offered');
      // Each saw the other's line's events arrive by now (same process, same order of reading): none leaked.
      await mine.waitFor((e) => e.dialogId === supportDialog && e.type === 'dialog.started');
      expect(mine.events.some((e) => e.data.dialogId === otherDialog)).toBe(false);
      expect(theirs.events.some((e) => e.data.dialogId === supportDialog)).toBe(false);
      const ids = mine.events.map((e) => Number(e.id));
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
    });

    it('replays what a reconnecting stream missed (Last-Event-ID), hidden notes included for operators', async () => {
      const first = await inboxOf(stack, op1.token);
      const opened = await inbound(DEMO_WEBHOOK_CHANNEL_ID, 'rt-client-3', 'rt-m3', 'Hello again');
      const dialogId = opened.body.dialogId;
      const seen = await first.waitFor((e) => e.dialogId === dialogId && e.type === 'dialog.offered');
      const lastId = first.events.find((e) => e.data === seen)!.id!;
      first.close();

      expect((await post(`/api/dialogs/${dialogId}/accept`, op1.token)).status).toBe(200);
      expect(
        (await post(`/api/dialogs/${dialogId}/messages`, op1.token, { text: 'note', hidden: true })).status,
      ).toBe(201);
      expect(
        (await post(`/api/dialogs/${dialogId}/messages`, op1.token, { text: 'On its way' })).status,
      ).toBe(201);

      const again = await sse(`${stack.running.url}/api/events?access_token=${op1.token}`, {
        'last-event-id': lastId,
      });
      const accepted = await again.waitFor((e) => e.dialogId === dialogId && e.type === 'dialog.accepted');
      expect(accepted.data.operatorId).toBe(op1.id);
      const texts = () =>
        again.events
          .filter((e) => e.data.dialogId === dialogId && e.data.type === 'message.created')
          .map((e) => [e.data.data.message.text, e.data.data.message.hidden]);
      await again.waitFor((e) => e.dialogId === dialogId && e.data.message?.text === 'On its way');
      expect(texts()).toEqual([
        ['note', true],
        ['On its way', false],
      ]);
      // nothing from before the id it reconnected with
      expect(again.events.every((e) => Number(e.id) > Number(lastId))).toBe(true);
    });

    it('runs a livechat conversation end to end: visitor → operator → answer → close → rating', async () => {
      const session = await stack.request('POST', `/api/livechat/${DEMO_LIVECHAT_CHANNEL_ID}/sessions`, {
        json: { name: 'Vera', email: 'vera@example.com' },
      });
      expect(session.status).toBe(201);
      const visitor = session.body.token as string;
      const stranger = (
        await stack.request('POST', `/api/livechat/${DEMO_LIVECHAT_CHANNEL_ID}/sessions`, { json: {} })
      ).body.token as string;
      const visitorStream = await sse(`${replica.running.url}/api/livechat/events?access_token=${visitor}`);
      const strangerStream = await sse(`${stack.running.url}/api/livechat/events`, {
        authorization: `Bearer ${stranger}`,
      });

      const asVisitor = (path: string, json: unknown, token = visitor) =>
        stack.request('POST', path, { token, json });
      const sent = await asVisitor('/api/livechat/messages', {
        text: 'Do you ship to Riga?',
        clientMessageId: 'w-1',
      });
      expect(sent.status).toBe(202);
      expect(sent.body.duplicate).toBe(false);
      const dialogId = sent.body.dialogId;
      // The widget retries (e.g. after a timeout): the same ids, and once stored the API says so.
      const retried = await asVisitor('/api/livechat/messages', {
        text: 'Do you ship to Riga?',
        clientMessageId: 'w-1',
      });
      expect(retried.body).toMatchObject({ dialogId, messageId: sent.body.messageId });
      await eventually(async () => {
        const again = await asVisitor('/api/livechat/messages', {
          text: 'Do you ship to Riga?',
          clientMessageId: 'w-1',
        });
        return again.body.duplicate === true ? again : undefined;
      });

      await eventually(async () => {
        const d = await stack.request('GET', `/api/dialogs/${dialogId}`, { token: op1.token });
        return d.status === 200 && d.body.offeredTo.includes(op1.id) ? d.body : undefined;
      });
      const dialog = (await stack.request('GET', `/api/dialogs/${dialogId}`, { token: op1.token })).body;
      expect(dialog).toMatchObject({
        channelId: DEMO_LIVECHAT_CHANNEL_ID,
        client: { name: 'Vera', email: 'vera@example.com' },
        messages: [{ author: 'client', text: 'Do you ship to Riga?' }],
      });
      expect((await post(`/api/dialogs/${dialogId}/accept`, op1.token)).status).toBe(200);
      expect(
        (await post(`/api/dialogs/${dialogId}/messages`, op1.token, { text: 'VIP?', hidden: true })).status,
      ).toBe(201);
      expect(
        (await post(`/api/dialogs/${dialogId}/messages`, op1.token, { text: 'Yes, in 3 days' })).status,
      ).toBe(201);

      const answer = await visitorStream.waitFor((e) => e.message?.text === 'Yes, in 3 days');
      expect(answer).toEqual({
        type: 'message.created',
        dialogId,
        status: expect.any(String),
        message: {
          id: expect.any(String),
          author: 'operator',
          text: 'Yes, in 3 days',
          attachments: [],
          createdAt: expect.any(String),
        },
      });
      // the note was written before the answer, so it would have arrived first had it leaked
      expect(visitorStream.events.some((e) => JSON.stringify(e.data).includes('VIP?'))).toBe(false);
      expect(visitorStream.events.some((e) => JSON.stringify(e.data).includes(op1.id))).toBe(false);

      const history = await stack.request('GET', '/api/livechat/messages', { token: visitor });
      expect(history.body).toMatchObject({ dialogId, items: [{ author: 'client' }, { author: 'operator' }] });
      expect(history.body.items.map((m: { text: string }) => m.text)).toEqual([
        'Do you ship to Riga?',
        'Yes, in 3 days',
      ]);

      expect((await post(`/api/dialogs/${dialogId}/close`, op1.token)).status).toBe(200);
      const asked = await visitorStream.waitFor((e) => e.type === 'rating.requested');
      expect(asked).toMatchObject({ dialogId, status: 'closed_awaiting_rating' });
      await visitorStream.waitFor((e) => e.type === 'message.created' && e.message.author === 'system');

      expect((await asVisitor('/api/livechat/rating', { value: 5 })).status).toBe(202);
      const rated = await eventually(async () => {
        const d = await stack.request('GET', `/api/dialogs/${dialogId}`, { token: op1.token });
        return d.body.status === 'closed' ? d.body : undefined;
      });
      expect(rated.rating).toBe(5);
      await visitorStream.waitFor((e) => e.type === 'rating.received');

      // The other visitor on the same channel saw nothing of it and has no conversation.
      expect(strangerStream.events.some((e) => e.data.dialogId === dialogId)).toBe(false);
      expect((await stack.request('GET', '/api/livechat/messages', { token: stranger })).body).toEqual({
        dialogId: null,
        status: null,
        items: [],
      });
    });

    it('refuses bad livechat requests and stores nothing for them', async () => {
      const messagesBefore = await stack.db.query('SELECT COUNT(*) AS n FROM messages');
      expect(
        (await stack.request('POST', `/api/livechat/${DEMO_WEBHOOK_CHANNEL_ID}/sessions`, { json: {} }))
          .status,
      ).toBe(404);
      const bad = await stack.request('POST', `/api/livechat/${DEMO_LIVECHAT_CHANNEL_ID}/sessions`, {
        json: { email: 'not an email' },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details).toEqual([{ pointer: '/email', message: expect.any(String) }]);
      const token = (
        await stack.request('POST', `/api/livechat/${DEMO_LIVECHAT_CHANNEL_ID}/sessions`, { json: {} })
      ).body.token;
      expect((await stack.request('POST', '/api/livechat/messages', { json: { text: 'x' } })).status).toBe(
        401,
      );
      expect(
        (await stack.request('POST', '/api/livechat/messages', { token, json: { text: '' } })).status,
      ).toBe(400);
      expect(
        (await stack.request('POST', '/api/livechat/messages', { token, json: { hidden: true } })).status,
      ).toBe(400);
      // a rating with no dialog to rate
      expect(
        (await stack.request('POST', '/api/livechat/rating', { token, json: { value: 'like' } })).status,
      ).toBe(409);
      expect(await stack.db.query('SELECT COUNT(*) AS n FROM messages')).toEqual(messagesBefore);
    });

    it("tells the widget the line's chat settings and who is there, and keeps a visitor's new email", async () => {
      const widget = await stack.request('GET', `/api/livechat/${DEMO_LIVECHAT_CHANNEL_ID}/widget`);
      expect(widget).toEqual({
        status: 200,
        body: {
          channelId: DEMO_LIVECHAT_CHANNEL_ID,
          name: 'Support',
          language: 'en',
          ratingScale: 'five_point',
          preChatForm: { enabled: true, requireEmail: false },
          withinWorkingHours: true,
          online: true, // operator1 is online
        },
      });
      expect((await stack.request('GET', `/api/livechat/${DEMO_WEBHOOK_CHANNEL_ID}/widget`)).status).toBe(
        404,
      );

      // A line that rates with like/dislike, closed on Sundays only… and today is a day off.
      const line = (await stack.request('GET', `/api/lines/${DEMO_LINE_ID}`, { token: admin })).body;
      const dayOff = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'][new Date().getUTCDay()]!;
      const week = Object.fromEntries(
        ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [
          d,
          d === dayOff ? [] : [{ from: '00:00', to: '24:00' }],
        ]),
      );
      const patchLine = (settings: object) =>
        stack.request('PATCH', `/api/lines/${DEMO_LINE_ID}`, { token: admin, json: { settings } });
      expect(
        (
          await patchLine({
            ...line.settings,
            rating: { scale: 'like_dislike' },
            workingHours: { week },
          })
        ).status,
      ).toBe(200);
      try {
        expect(
          (await stack.request('GET', `/api/livechat/${DEMO_LIVECHAT_CHANNEL_ID}/widget`)).body,
        ).toMatchObject({ ratingScale: 'like_dislike', withinWorkingHours: false });
        const token = (
          await stack.request('POST', `/api/livechat/${DEMO_LIVECHAT_CHANNEL_ID}/sessions`, { json: {} })
        ).body.token;
        const wrongKind = await stack.request('POST', '/api/livechat/rating', { token, json: { value: 5 } });
        expect(wrongKind.status).toBe(400);
        expect(wrongKind.body.error.details).toEqual([{ pointer: '/value', message: expect.any(String) }]);

        // The offline form: the visitor leaves an email, then the message; their dialog carries it.
        const changed = await stack.request('PATCH', '/api/livechat/session', {
          token,
          json: { name: 'Olga', email: 'olga@example.com' },
        });
        expect(changed).toMatchObject({ status: 200, body: { name: 'Olga', email: 'olga@example.com' } });
        const bad = await stack.request('PATCH', '/api/livechat/session', { token, json: { email: 'nope' } });
        expect(bad.status).toBe(400);
        const sent = await stack.request('POST', '/api/livechat/messages', {
          token,
          json: { text: 'Please call me back', clientMessageId: 'offline-1' },
        });
        expect(sent.status).toBe(202);
        const dialog = await eventually(async () => {
          const d = await stack.request('GET', `/api/dialogs/${sent.body.dialogId}`, { token: admin });
          return d.status === 200 ? d.body : undefined;
        });
        expect(dialog.client).toMatchObject({ name: 'Olga', email: 'olga@example.com' });
      } finally {
        expect((await patchLine(line.settings)).status).toBe(200);
      }
    });

    it("serves the widget's script to any site, and its demo page", async () => {
      const script = await fetch(`${stack.running.url}/widget.js`);
      expect(script.status).toBe(200);
      expect(script.headers.get('access-control-allow-origin')).toBe('*');
      expect(await script.text()).toContain('LineflowWidget');
      const again = await fetch(`${stack.running.url}/widget.js`, {
        headers: { 'if-none-match': script.headers.get('etag')! },
      });
      expect(again.status).toBe(304);
      const demo = await stack.request('GET', '/demo/livechat?channel=x"><script>&lang=ru');
      expect(demo.status).toBe(200);
      expect(demo.body).toContain(`data-channel="${DEMO_LIVECHAT_CHANNEL_ID}" data-lang="ru"`);
      expect(demo.body).not.toContain('"><script>');
    });

    it('lets only the allowed origins use a livechat channel that lists them', async () => {
      const channelPath = `/api/channels/${DEMO_LIVECHAT_CHANNEL_ID}`;
      const before = (await stack.request('GET', channelPath, { token: admin })).body.config;
      const allowed = 'https://shop.example.com';
      const call = (method: string, path: string, origin?: string, token?: string) =>
        fetch(`${stack.running.url}${path}`, {
          method,
          headers: {
            ...(origin ? { origin } : {}),
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...(method === 'OPTIONS'
              ? { 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' }
              : {}),
          },
        });
      const widgetPath = `/api/livechat/${DEMO_LIVECHAT_CHANNEL_ID}/widget`;
      const sessionsPath = `/api/livechat/${DEMO_LIVECHAT_CHANNEL_ID}/sessions`;
      const token = (await stack.request('POST', sessionsPath, { json: {} })).body.token;

      // No list: any page may use it.
      const open = await call('GET', widgetPath, 'https://anyone.example.net');
      expect(open.status).toBe(200);
      expect(open.headers.get('access-control-allow-origin')).toBe('https://anyone.example.net');

      const patched = await stack.request('PATCH', channelPath, {
        token: admin,
        json: { config: { ...before, allowedOrigins: [allowed] } },
      });
      expect(patched.status).toBe(200);
      try {
        for (const [method, path, withToken] of [
          ['GET', widgetPath, false],
          ['GET', '/api/livechat/messages', true],
          ['GET', '/api/livechat/events', true],
        ] as const) {
          const refused = await call(method, path, 'https://evil.example.org', withToken ? token : undefined);
          expect([path, refused.status]).toEqual([path, 403]);
          expect(await refused.json()).toEqual({
            error: {
              code: 'origin_not_allowed',
              message: expect.stringContaining('https://evil.example.org'),
              details: [],
            },
          });
          expect(refused.headers.get('access-control-allow-origin')).toBeNull();
        }
        const preflight = await call('OPTIONS', sessionsPath, 'https://evil.example.org');
        expect(preflight.status).toBe(403);
        expect(preflight.headers.get('access-control-allow-origin')).toBeNull();

        const fromShop = await call('GET', widgetPath, allowed);
        expect(fromShop.status).toBe(200);
        expect(fromShop.headers.get('access-control-allow-origin')).toBe(allowed);
        expect(fromShop.headers.get('vary')).toMatch(/origin/i);
        const shopPreflight = await call('OPTIONS', sessionsPath, allowed);
        expect(shopPreflight.status).toBe(204);
        expect(shopPreflight.headers.get('access-control-allow-origin')).toBe(allowed);
        expect(shopPreflight.headers.get('access-control-allow-headers')).toMatch(/authorization/i);
        const history = await call('GET', '/api/livechat/messages', allowed, token);
        expect(history.status).toBe(200);
        // Lineflow's own pages (the demo page) and callers that are not web pages stay allowed.
        expect((await call('GET', widgetPath, stack.running.url)).status).toBe(200);
        expect((await call('GET', widgetPath)).status).toBe(200);
      } finally {
        await stack.request('PATCH', channelPath, { token: admin, json: { config: before } });
      }
    });
  });
}
