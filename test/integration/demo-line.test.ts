import { Client, Connection } from '@temporalio/client';
import { DEMO_LINE_ID, DEMO_WEBHOOK_CHANNEL_ID } from '../../runtime/demo-seed';
import { LineEntity, UserEntity } from '../../db/entities';
import { dialogWorkflowId } from '../../workflows/definitions';
import { DEMO_PASSWORD, eventually, tempDir, testConfig, TestStack } from '../support/test-stack';

/**
 * Issue 4's "done when", as `npm start` runs it: the seeded demo line with its default flow on a real
 * Temporal dev server and SQLite. A message is offered to the available operator with the fewest
 * dialogs; unaccepted for the 1-minute step, it moves on; accepting, answering, closing and the
 * client's rating go through the API and show in the dialog's timeline and KPI. (One minute of real
 * waiting: the step timeout is the seed's, not shortened for the test.)
 */
describe('the demo line on its default flow', () => {
  let stack: TestStack;
  let secret: string;
  const token: Record<string, string> = {};
  const id: Record<string, string> = {};

  beforeAll(async () => {
    stack = await TestStack.start(testConfig({ LINEFLOW_DATA_DIR: tempDir() }));
    secret = await stack.channelSecret(DEMO_WEBHOOK_CHANNEL_ID);
    for (const who of ['operator1', 'operator2', 'operator3', 'supervisor']) {
      const email = `${who}@lineflow.local`;
      token[who] = await stack.login(email, DEMO_PASSWORD);
      id[who] = (await stack.db.getRepository(UserEntity).findOneByOrFail({ email })).id;
    }
    for (const who of ['operator1', 'operator2']) {
      const online = await stack.request('POST', '/api/me/presence', {
        token: token[who],
        json: { online: true },
      });
      expect(online.status).toBe(200);
    }
    // The seed's first-answer KPI is 3 minutes; 10 seconds lets this test see an alert without waiting.
    const lines = stack.db.getRepository(LineEntity);
    const line = await lines.findOneByOrFail({ id: DEMO_LINE_ID });
    await lines.update(DEMO_LINE_ID, {
      settings: { ...line.settings, kpi: { ...line.settings.kpi, firstAnswer: { threshold: '10s' } } },
    });
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const send = (externalMessageId: string, client: string, extra: object) =>
    stack.inbound(
      DEMO_WEBHOOK_CHANNEL_ID,
      JSON.stringify({ externalMessageId, client: { externalId: client, name: client }, ...extra }),
      secret,
    );
  const read = (dialogId: string, until: (dialog: any) => boolean, timeoutMs?: number) =>
    eventually(async () => {
      const response = await stack.request('GET', `/api/dialogs/${dialogId}`, { token: token.supervisor });
      return response.status === 200 && until(response.body) ? response.body : undefined;
    }, timeoutMs);
  const post = (dialogId: string, action: string, who: string, json?: unknown) =>
    stack.request('POST', `/api/dialogs/${dialogId}/${action}`, { token: token[who], json });
  const events = (dialog: any, type: string) =>
    dialog.timeline.filter((e: { type: string }) => e.type === type);

  it('offers, escalates after the step, and takes accept, answer, close and rating into timeline and KPI', async () => {
    // A first dialog goes to operator 1 (both have none; the queue's order breaks the tie).
    const first = (await send('demo-a1', 'client-a', { text: 'Hi' })).body.dialogId;
    await read(first, (d) => d.offeredTo.length > 0).then((d) => expect(d.offeredTo).toEqual([id.operator1]));
    expect((await post(first, 'accept', 'operator1')).status).toBe(200);
    await read(first, (d) => d.status === 'in_progress');

    // The next goes to operator 2, who has fewer open dialogs (operator 3 is offline).
    const second = (await send('demo-b1', 'client-b', { text: 'My order is late' })).body.dialogId;
    const offered = await read(second, (d) => d.offeredTo.length > 0);
    expect(offered).toMatchObject({ status: 'offered', offeredTo: [id.operator2], flowVersion: 1 });

    // Operator 2 lets the 1-minute step pass: the offer moves on to operator 1.
    const movedOn = await read(second, (d) => events(d, 'dialog.offered').length === 2, 100_000);
    expect(events(movedOn, 'dialog.offered').map((e: any) => e.operatorIds)).toEqual([
      [id.operator2],
      [id.operator1],
    ]);
    expect(events(movedOn, 'dialog.offerWithdrawn').map((e: any) => e.operatorIds)).toEqual([[id.operator2]]);
    expect((await post(second, 'accept', 'operator2')).body.error.message).toBe(
      'the dialog is offered to another operator',
    );
    expect((await post(second, 'accept', 'operator1')).status).toBe(200);

    // Over a minute unanswered: the first-answer KPI is breached and the supervisor alerted.
    expect((await post(second, 'messages', 'operator1', { text: 'Sorry, checking now' })).status).toBe(201);
    const answered = await read(second, (d) => d.status === 'waiting_client' && d.kpi.breaches > 0);
    expect(answered.kpi.firstAnswerMs).toBeGreaterThan(60_000);
    expect(answered.kpi.breaches).toBe(1);
    expect(events(answered, 'kpi.exceeded')).toEqual([
      expect.objectContaining({ kpi: 'firstAnswer', thresholdMs: 10_000 }),
    ]);
    const alerts = await eventually(async () => {
      const response = await stack.request('GET', '/api/me/alerts', { token: token.supervisor });
      const mine = response.body.items.filter((a: { dialogId: string }) => a.dialogId === second);
      return mine.length ? mine : undefined;
    });
    expect(alerts).toEqual([expect.objectContaining({ kpi: 'firstAnswer', lineId: DEMO_LINE_ID })]);
    expect((await stack.request('GET', '/api/me/alerts', { token: token.operator1 })).body.items).toEqual([]);

    // Closing asks the client for a rating; the rating closes the dialog for good.
    expect((await post(second, 'close', 'operator1')).status).toBe(200);
    const awaiting = await read(second, (d) => d.status === 'closed_awaiting_rating');
    expect(awaiting.messages.at(-1)).toMatchObject({
      author: 'system',
      text: expect.stringContaining('rate'),
    });
    expect((await send('demo-b2', 'client-b', { rating: 'like' })).body.dialogId).toBe(second);
    const rated = await read(second, (d) => d.status === 'closed');
    expect(rated).toMatchObject({ rating: 'like', responsibleOperatorId: id.operator1 });
    expect(rated.closedAt).not.toBeNull();
    const steps = rated.timeline.filter((e: any) => e.type === 'flow.node').map((e: any) => e.nodeId);
    expect(steps).toEqual(expect.arrayContaining(['askRating', 'waitRating', 'closeRated']));

    // The client's next message is a new dialog; a rating sent after the workflow ended still counts.
    const next = (await send('demo-b3', 'client-b', { text: 'One more question' })).body.dialogId;
    expect(next).not.toBe(second);
  });

  it('records a rating that arrives after the dialog has ended', async () => {
    const dialogId = (await send('late-1', 'client-late', { text: 'Hello' })).body.dialogId;
    const offered = await read(dialogId, (d) => d.offeredTo.length > 0);
    const who = offered.offeredTo[0] === id.operator1 ? 'operator1' : 'operator2';
    expect((await post(dialogId, 'accept', who)).status).toBe(200);
    expect((await post(dialogId, 'spam', who)).status).toBe(200); // spam: no rating wait
    const connection = await Connection.connect({ address: stack.running.temporalAddress });
    try {
      const temporal = new Client({ connection, namespace: stack.config.temporal.namespace });
      await temporal.workflow.getHandle(dialogWorkflowId(dialogId)).result(); // the workflow has ended
    } finally {
      await connection.close();
    }
    const late = await send('late-2', 'client-late', { rating: 2 });
    expect(late).toMatchObject({ status: 202, body: { dialogId } });
    const rated = await read(dialogId, (d) => d.rating === 2);
    expect(events(rated, 'rating.received')).toEqual([expect.objectContaining({ late: true, rating: 2 })]);
    expect(rated.status).toBe('spam');
    // a rating from someone who never wrote has nothing to rate
    expect((await send('late-3', 'client-never-wrote', { rating: 'like' })).status).toBe(409);
  });
});
