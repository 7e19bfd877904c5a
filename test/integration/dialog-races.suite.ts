import { DEFAULT_FLOW } from '../../db/default-flow';
import { DEMO_LINE_ID, DEMO_LIVECHAT_CHANNEL_ID, DEMO_WEBHOOK_CHANNEL_ID } from '../../runtime/demo-seed';
import {
  DialogEntity,
  DialogOfferEntity,
  LineEntity,
  MessageEntity,
  QueueWaitEntity,
  type Dialog,
  type DialogOffer,
  type Line,
  type Message,
  type QueueWait,
} from '../../db/entities';
import type { QueueMode } from '../../workflows/engine/routing-rules';
import { ADMIN_PASSWORD, DEMO_PASSWORD, eventually, TestStack, type Engine } from '../support/test-stack';

/**
 * What happens when people (and integrators) do the same thing at the same instant, through the API of
 * a real stack: three operators accepting one dialog, a supervisor's take-over racing an accept, and
 * one inbound message id posted again and again, back to back and concurrently.
 */
export function describeDialogRaces(engine: Engine): void {
  describe(`races on ${engine}`, () => {
    let stack: TestStack;
    let secret: string;
    let admin: string;
    let operators: Array<{ id: string; token: string }>;
    let supervisor: string;
    let clients = 0;

    beforeAll(async () => {
      stack = await TestStack.startOn(engine);
      secret = await stack.channelSecret(DEMO_WEBHOOK_CHANNEL_ID);
      admin = await stack.login('admin@lineflow.local', ADMIN_PASSWORD);
      supervisor = await stack.login('supervisor@lineflow.local', DEMO_PASSWORD);
      operators = await Promise.all(
        [1, 2, 3].map(async (n) => {
          const login = await stack.request('POST', '/api/auth/login', {
            json: { email: `operator${n}@lineflow.local`, password: DEMO_PASSWORD },
          });
          const token = login.body.token as string;
          expect(
            (await stack.request('POST', '/api/me/presence', { token, json: { online: true } })).status,
          ).toBe(200);
          return { id: login.body.user.id as string, token };
        }),
      );
    });

    afterAll(async () => {
      await stack?.stop();
    });

    const usingMode = async (mode: QueueMode) => {
      const flow = {
        ...DEFAULT_FLOW,
        nodes: DEFAULT_FLOW.nodes.map((n) =>
          n.type === 'queue' ? { ...n, params: { ...n.params, mode, stepTimeout: '5m' } } : n,
        ),
      };
      const path = `/api/lines/${DEMO_LINE_ID}/flow`;
      expect((await stack.request('PUT', path, { token: admin, json: flow })).status).toBe(200);
      expect((await stack.request('POST', `${path}/publish`, { token: admin })).status).toBe(201);
    };

    const readDialog = (id: string, until: (dialog: any) => boolean) =>
      eventually(async () => {
        const response = await stack.request('GET', `/api/dialogs/${id}`, { token: admin });
        return response.status === 200 && until(response.body) ? response.body : undefined;
      });

    /** A new client writes; resolves when the queue has offered the dialog. */
    const offeredDialog = async () => {
      const n = ++clients;
      const body = JSON.stringify({
        externalMessageId: `race-${n}`,
        client: { externalId: `race-client-${n}`, name: `Racer ${n}` },
        text: 'hello',
      });
      const sent = await stack.inbound(DEMO_WEBHOOK_CHANNEL_ID, body, secret);
      expect(sent.status).toBe(202);
      return readDialog(sent.body.dialogId, (d) => d.status === 'offered');
    };

    const press = (dialogId: string, action: 'accept' | 'take', token: string) =>
      stack.request('POST', `/api/dialogs/${dialogId}/${action}`, { token });

    /** A new operator of the demo line with room for one dialog, signed in and online. */
    const operatorWithRoomForOne = async (email: string, name: string) => {
      const created = await stack.request('POST', '/api/operators', {
        token: admin,
        json: {
          email,
          name,
          role: 'operator',
          password: DEMO_PASSWORD,
          lines: [DEMO_LINE_ID],
          maxOpenDialogs: 1,
        },
      });
      expect(created.status).toBe(201);
      const token = await stack.login(email, DEMO_PASSWORD);
      await stack.request('POST', '/api/me/presence', { token, json: { online: true } });
      return { id: created.body.id as string, token };
    };

    /** Runs `body` with the demo line's queue offering to `operatorIds` only; its settings come back after. */
    const withQueueOf = async (operatorIds: string[], body: () => Promise<void>) => {
      const lines = stack.db.getRepository<Line>(LineEntity);
      const before = (await lines.findOneByOrFail({ id: DEMO_LINE_ID })).settings;
      await lines.update(DEMO_LINE_ID, {
        settings: { ...before, queue: { ...before.queue, operators: operatorIds } },
      });
      try {
        await body();
      } finally {
        await lines.update(DEMO_LINE_ID, { settings: before });
      }
    };

    it.each<QueueMode>(['strict', 'evenly', 'all'])(
      '%s: three operators accept at the same instant; exactly one gets the dialog',
      async (mode) => {
        await usingMode(mode);
        const dialog = await offeredDialog();
        const offered: string[] = dialog.offeredTo;
        expect(offered.length).toBe(mode === 'all' ? 3 : 1);
        // the holders last: a colleague's doomed accept must not block theirs
        const order = [...operators].sort(
          (a, b) => Number(offered.includes(a.id)) - Number(offered.includes(b.id)),
        );
        const answers = await Promise.all(order.map((o) => press(dialog.id, 'accept', o.token)));
        const winners = order.filter((_, i) => answers[i]!.status === 200);
        expect(winners).toHaveLength(1);
        expect(offered).toContain(winners[0]!.id);
        // A colleague of the holder is refused because the offer is not theirs, or, when the holder's
        // accept was done before theirs arrived (a loaded machine spaces the requests; with local
        // activities an accept is done in one workflow task), because it is taken.
        for (const answer of answers.filter((a) => a.status !== 200)) {
          expect(answer.status).toBe(409);
          expect(answer.body.error.message).toMatch(
            mode === 'all'
              ? /already taken by another operator/
              : /offered to another operator|already taken by another operator/,
          );
        }
        const accepted = await readDialog(dialog.id, (d) => d.status === 'in_progress');
        expect(accepted.responsibleOperatorId).toBe(winners[0]!.id);
        expect(accepted.timeline.filter((e: { type: string }) => e.type === 'dialog.accepted')).toHaveLength(
          1,
        );
      },
    );

    it("a supervisor's take-over racing the holder's accept: exactly one wins and has the dialog", async () => {
      await usingMode('strict');
      const dialog = await offeredDialog();
      const holder = operators.find((o) => o.id === dialog.offeredTo[0])!;
      const [take, accept] = await Promise.all([
        press(dialog.id, 'take', supervisor),
        press(dialog.id, 'accept', holder.token),
      ]);
      const me = await stack.request('GET', '/api/me', { token: supervisor });
      if (take.status === 200 && accept.status === 200) {
        // The accept was done before the take-over was admitted (local activities: one workflow task),
        // so the supervisor took the dialog from the holder, one after the other: still one responsible.
        const after = await readDialog(dialog.id, (d) => d.responsibleOperatorId === me.body.id);
        const changes = after.timeline
          .filter((e: { type: string }) => e.type === 'dialog.accepted' || e.type === 'dialog.taken')
          .map((e: { type: string; operatorId: string; from?: string }) => [e.type, e.operatorId, e.from]);
        expect(changes).toEqual([
          ['dialog.accepted', holder.id, undefined],
          ['dialog.taken', me.body.id, holder.id],
        ]);
        expect(after.offeredTo).toEqual([]);
        return;
      }
      expect([take.status, accept.status].sort()).toEqual([200, 409]);
      const loser = take.status === 409 ? take : accept;
      expect(loser.body.error.message).toMatch(/accepted the dialog meanwhile|already taken/);
      const winner = take.status === 200 ? me.body.id : holder.id;
      const after = await readDialog(dialog.id, (d) => d.responsibleOperatorId === winner);
      expect(after.status).toBe('in_progress');
      expect(after.offeredTo).toEqual([]);
    });

    it("an operator's close the flow reacts to keeps their place until the reaction ends", async () => {
      // One operator with room for one dialog; the flow waits 3 s after a close before it asks for the
      // rating, which widens the moment between the close and the rating request. A dialog arriving then
      // must wait: the closed dialog is about to await its rating and still counts (docs/product.md §3.3).
      const keeper = await operatorWithRoomForOne('keeper@example.com', 'Keeper');
      await withQueueOf([keeper.id], async () => {
        const flow = {
          ...DEFAULT_FLOW,
          nodes: [
            ...DEFAULT_FLOW.nodes.filter((n) => n.type !== 'queue'),
            {
              id: 'queue',
              type: 'queue',
              params: { mode: 'evenly', stepTimeout: '5m', checkAvailability: true },
            },
            { id: 'pause', type: 'delay', params: { duration: '3s' } },
          ],
          edges: [
            ...DEFAULT_FLOW.edges.filter((e) => e.source !== 'closedByOperator'),
            { source: 'closedByOperator', target: 'pause' },
            { source: 'pause', target: 'askRating' },
          ],
        };
        const path = `/api/lines/${DEMO_LINE_ID}/flow`;
        expect((await stack.request('PUT', path, { token: admin, json: flow })).status).toBe(200);
        expect((await stack.request('POST', `${path}/publish`, { token: admin })).status).toBe(201);

        const first = await offeredDialog();
        expect(first.offeredTo).toEqual([keeper.id]);
        expect((await press(first.id, 'accept', keeper.token)).status).toBe(200);
        const closed = await stack.request('POST', `/api/dialogs/${first.id}/close`, { token: keeper.token });
        expect(closed.status).toBe(200);
        const row = await stack.db.getRepository<Dialog>(DialogEntity).findOneByOrFail({ id: first.id });
        expect([row.status, row.closedAt]).toEqual(['closed', null]);

        const n = ++clients;
        const sent = await stack.inbound(
          DEMO_WEBHOOK_CHANNEL_ID,
          JSON.stringify({
            externalMessageId: `race-${n}`,
            client: { externalId: `race-client-${n}` },
            text: 'hi',
          }),
          secret,
        );
        expect(sent.status).toBe(202);
        const second = sent.body.dialogId as string;
        await readDialog(first.id, (d) => d.status === 'closed_awaiting_rating');
        // it asked the queue and took a place in line: nobody has room
        await eventually(async () =>
          (await stack.db.getRepository<QueueWait>(QueueWaitEntity).countBy({ dialogId: second }))
            ? true
            : undefined,
        );
        expect((await readDialog(second, () => true)).status).toBe('new');
        expect(
          await stack.db.getRepository<DialogOffer>(DialogOfferEntity).countBy({ dialogId: second }),
        ).toBe(0);

        // The rating ends the reaction: the place frees and the waiting dialog is offered at once (nudged,
        // not at the queue's 60-second recheck).
        const rated = await stack.inbound(
          DEMO_WEBHOOK_CHANNEL_ID,
          JSON.stringify({
            externalMessageId: `race-${n}-rating`,
            client: { externalId: `race-client-${n - 1}` },
            rating: 'like',
          }),
          secret,
        );
        expect(rated.status).toBe(202);
        const done = await readDialog(first.id, (d) => d.status === 'closed');
        expect(done.closedAt).not.toBeNull();
        const offered = await readDialog(second, (d) => d.status === 'offered');
        expect(offered.offeredTo).toEqual([keeper.id]);
      });
    });

    it('a transfer to a colleague at their limit is refused with the reason and changes nothing', async () => {
      // Nobody goes over their limit, whoever hands them the dialog: a transfer is an accept on the
      // colleague's behalf (docs/product.md §3.3).
      const full = await operatorWithRoomForOne('full@example.com', 'Full');
      const [op1] = operators;
      const transfer = (dialogId: string, from: string, operatorId: string) =>
        stack.request('POST', `/api/dialogs/${dialogId}/transfer`, { token: from, json: { operatorId } });
      await withQueueOf([op1!.id], async () => {
        await usingMode('evenly');
        const [a, b] = [await offeredDialog(), await offeredDialog()];
        for (const d of [a, b]) expect((await press(d.id, 'accept', op1!.token)).status).toBe(200);
        expect((await transfer(b.id, op1!.token, full.id)).status).toBe(200); // 1 of 1: room

        const refused = await transfer(a.id, op1!.token, full.id);
        expect(refused.status).toBe(409);
        expect(refused.body.error.message).toBe('that operator is at their limit of 1 open dialogs');
        const kept = await readDialog(a.id, () => true);
        expect([kept.status, kept.responsibleOperatorId]).toEqual(['in_progress', op1!.id]);
        expect(kept.timeline.filter((e: { type: string }) => e.type === 'dialog.transferred')).toEqual([]);

        // Once their dialog is handed back, they have room again: the same transfer goes through.
        expect((await transfer(b.id, full.token, op1!.id)).status).toBe(200);
        const moved = await transfer(a.id, op1!.token, full.id);
        expect(moved.status).toBe(200);
        expect(moved.body.responsibleOperatorId).toBe(full.id);
        const row = await readDialog(a.id, (d) => d.responsibleOperatorId === full.id);
        expect([row.status, row.offeredTo]).toEqual(['in_progress', []]);
      });
    });

    const messagesWithId = async (externalMessageId: string) =>
      stack.db.getRepository<Message>(MessageEntity).countBy({ externalMessageId });

    it('the same message id posted back to back: the first is new, the second a duplicate', async () => {
      const body = JSON.stringify({
        externalMessageId: 'twice-1',
        client: { externalId: 'twice-client' },
        text: 'are you there?',
      });
      const first = await stack.inbound(DEMO_WEBHOOK_CHANNEL_ID, body, secret);
      const second = await stack.inbound(DEMO_WEBHOOK_CHANNEL_ID, body, secret);
      expect(first.body.duplicate).toBe(false);
      expect(second.body).toEqual({ ...first.body, duplicate: true });
      await readDialog(first.body.dialogId, (d) => d.messages.length === 1);
      expect(await messagesWithId('twice-1')).toBe(1);
    });

    it('20 concurrent posts of one message id: exactly one is new, one message is stored', async () => {
      const body = JSON.stringify({
        externalMessageId: 'burst-1',
        client: { externalId: 'burst-client' },
        text: 'hello?',
      });
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => stack.inbound(DEMO_WEBHOOK_CHANNEL_ID, body, secret)),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(20).fill(202));
      expect(answers.filter((a) => a.body.duplicate === false)).toHaveLength(1);
      expect(new Set(answers.map((a) => a.body.dialogId)).size).toBe(1);
      await readDialog(answers[0]!.body.dialogId, (d) => d.messages.length === 1);
      expect(await messagesWithId('burst-1')).toBe(1);
    });

    it('livechat: one clientMessageId sent concurrently is new once, stored once', async () => {
      const session = await stack.request('POST', `/api/livechat/${DEMO_LIVECHAT_CHANNEL_ID}/sessions`, {
        json: { name: 'Vera' },
      });
      expect(session.status).toBe(201);
      const send = () =>
        stack.request('POST', '/api/livechat/messages', {
          token: session.body.token,
          json: { clientMessageId: 'widget-1', text: 'hi' },
        });
      const answers = await Promise.all(Array.from({ length: 10 }, send));
      expect(answers.map((a) => a.status)).toEqual(Array(10).fill(202));
      expect(answers.filter((a) => a.body.duplicate === false)).toHaveLength(1);
      expect((await send()).body.duplicate).toBe(true);
      await readDialog(answers[0]!.body.dialogId, (d) => d.messages.length === 1);
    });
  });
}
