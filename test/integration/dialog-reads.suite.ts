import { randomBytes, randomUUID } from 'node:crypto';
import { In } from 'typeorm';
import { STATS_CSV_HEADER } from '../../api/stats/stats-csv';
import { DEMO_LINE_ID, DEMO_WEBHOOK_CHANNEL_ID } from '../../runtime/demo-seed';
import { DialogEntity, QueueWaitEntity, UserEntity, type User } from '../../db/entities';
import { DEMO_PASSWORD, ADMIN_PASSWORD, eventually, TestStack, type Engine } from '../support/test-stack';

/** A small RFC 4180 reader, so the export is checked as a spreadsheet would read it. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      row.push(cell);
      cell = '';
    } else if (!quoted && c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else {
      cell += c;
    }
  }
  if (cell !== '' || row.length) throw new Error('the CSV does not end with CRLF');
  return rows;
}

/** What a list item must be: the single dialog without its messages and timeline. */
const summaryOf = ({ messages: _m, timeline: _t, ...summary }: any) => summary;

/**
 * GET /api/dialogs (views, filters, keyset pages) and GET /api/stats (JSON and CSV) on a real Temporal
 * dev server and a real database, with dialogs made by signed webhook messages and worked on through
 * the operator routes. Line "Support" (demo) and a second line "Billing" with its own operator.
 */
export function describeDialogReads(engine: Engine): void {
  describe(`dialog list and statistics on ${engine}`, () => {
    let stack: TestStack;
    let supportSecret: string;
    const billingSecret = randomBytes(24).toString('hex');
    const billingLine = 'billing';
    const billingName = '=Billing, "EU"'; // a formula and a quote: the CSV must defuse and quote it
    const billingOperatorName = '@Bea "B", billing';
    const tokens: Record<'admin' | 'supervisor' | 'one' | 'two' | 'three' | 'billing', string> = {} as never;
    const ids: Record<'supervisor' | 'one' | 'two' | 'three' | 'billing', string> = {} as never;
    /** the dialogs this suite makes, by role in the story */
    const d: Record<'s1' | 's2' | 's3' | 's4' | 's5' | 'b1', string> = {} as never;
    let parked: string[] = [];
    let suiteStart: Date;

    const send = async (channelId: string, secret: string, externalId: string, extra: object) => {
      const body = JSON.stringify({
        externalMessageId: randomUUID(),
        client: { externalId, name: `Client ${externalId}` },
        ...extra,
      });
      const response = await stack.inbound(channelId, body, secret);
      expect(response.status).toBe(202);
      return response.body.dialogId as string;
    };
    const toSupport = (externalId: string, extra: object = { text: 'Hello' }) =>
      send(DEMO_WEBHOOK_CHANNEL_ID, supportSecret, externalId, extra);
    const readDialog = (id: string, until: (dialog: any) => boolean) =>
      eventually(async () => {
        const response = await stack.request('GET', `/api/dialogs/${id}`, { token: tokens.admin });
        return response.status === 200 && until(response.body) ? response.body : undefined;
      });
    const post = async (id: string, action: string, token: string, json?: unknown) => {
      const response = await stack.request('POST', `/api/dialogs/${id}/${action}`, { token, json });
      if (response.status !== 200 && response.status !== 201)
        throw new Error(`${action} ${id}: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body;
    };
    const list = (token: string, query: Record<string, string> = {}) =>
      stack.request('GET', `/api/dialogs?${new URLSearchParams(query)}`, { token });
    const listIds = async (token: string, query: Record<string, string> = {}) => {
      const response = await list(token, { limit: '200', ...query });
      expect(response.status).toBe(200);
      expect(response.body.nextCursor).toBeNull();
      return response.body.items.map((item: { id: string }) => item.id) as string[];
    };
    const sorted = (values: string[]) => [...values].sort();
    const stats = (token: string, query: Record<string, string> = {}) =>
      stack.request('GET', `/api/stats?${new URLSearchParams(query)}`, { token });

    beforeAll(async () => {
      stack = await TestStack.startOn(engine);
      supportSecret = await stack.channelSecret(DEMO_WEBHOOK_CHANNEL_ID);
      tokens.admin = await stack.login('admin@lineflow.local', ADMIN_PASSWORD);
      const users = stack.db.getRepository<User>(UserEntity);
      for (const [key, email] of [
        ['supervisor', 'supervisor@lineflow.local'],
        ['one', 'operator1@lineflow.local'],
        ['two', 'operator2@lineflow.local'],
        ['three', 'operator3@lineflow.local'],
      ] as const) {
        ids[key] = (await users.findOneByOrFail({ email })).id;
        tokens[key] = await stack.login(email, DEMO_PASSWORD);
      }

      // Support without KPI clocks: no breach may arrive on its own while the suite runs.
      const support = await stack.request('GET', `/api/lines/${DEMO_LINE_ID}`, { token: tokens.admin });
      const { kpi: _kpi, ...settings } = support.body.settings;
      const patched = await stack.request('PATCH', `/api/lines/${DEMO_LINE_ID}`, {
        token: tokens.admin,
        json: { settings },
      });
      expect(patched.status).toBe(200);

      // Billing: a second line whose first-answer KPI (10 s) its one dialog will breach.
      const created = await stack.request('POST', '/api/lines', {
        token: tokens.admin,
        json: {
          id: billingLine,
          name: billingName,
          settings: { kpi: { firstAnswer: { threshold: '10s', notify: ['supervisors'] } } },
        },
      });
      expect(created.status).toBe(201);
      const channel = await stack.request('POST', '/api/channels', {
        token: tokens.admin,
        json: {
          id: 'billing-webhook',
          lineId: billingLine,
          kind: 'webhook',
          name: 'Billing webhook',
          secret: billingSecret,
        },
      });
      expect(channel.status).toBe(201);
      const bea = await stack.request('POST', '/api/operators', {
        token: tokens.admin,
        json: {
          email: 'bea@lineflow.local',
          name: billingOperatorName,
          role: 'operator',
          password: DEMO_PASSWORD,
          lines: [billingLine],
        },
      });
      expect(bea.status).toBe(201);
      ids.billing = bea.body.id;
      tokens.billing = await stack.login('bea@lineflow.local', DEMO_PASSWORD);

      suiteStart = new Date();
      d.b1 = await send('billing-webhook', billingSecret, 'billing-client', { text: 'Invoice?' });

      // S1: operator 1 accepts and answers; the client writes again and is answered again (a later
      // answer time), rates "like", and operator 1 closes (the flow then waits for a rating).
      d.s1 = await toSupport('s1');
      await readDialog(d.s1, (x) => x.messages.length === 1);
      await post(d.s1, 'accept', tokens.one);
      await post(d.s1, 'messages', tokens.one, { text: 'Hi, how can I help?' });
      await readDialog(d.s1, (x) => x.status === 'waiting_client');
      await toSupport('s1', { text: 'My order is late' });
      await readDialog(d.s1, (x) => x.messages.length === 3);
      await post(d.s1, 'messages', tokens.one, { text: 'Let me check' });
      await toSupport('s1', { rating: 'like' });
      await readDialog(d.s1, (x) => x.rating === 'like' && x.messages.length === 4);
      await post(d.s1, 'close', tokens.one);
      await readDialog(d.s1, (x) => x.status === 'closed_awaiting_rating');

      // S2: operator 2 accepts, answers, and transfers to operator 3.
      d.s2 = await toSupport('s2');
      await readDialog(d.s2, (x) => x.messages.length === 1);
      await post(d.s2, 'accept', tokens.two);
      await post(d.s2, 'messages', tokens.two, { text: 'One moment' });
      await post(d.s2, 'transfer', tokens.two, { operatorId: ids.three });
      await readDialog(d.s2, (x) => x.responsibleOperatorId === ids.three);

      // S3: the supervisor marks it as spam before anyone took it.
      d.s3 = await toSupport('s3', { text: 'Buy cheap watches' });
      await readDialog(d.s3, (x) => x.messages.length === 1);
      await post(d.s3, 'spam', tokens.supervisor);
      await readDialog(d.s3, (x) => x.status === 'spam');

      // S4: nobody answers.
      d.s4 = await toSupport('s4');

      // S5: operator 3 accepts, answers, and invites operator 1.
      d.s5 = await toSupport('s5');
      await readDialog(d.s5, (x) => x.messages.length === 1);
      await post(d.s5, 'accept', tokens.three);
      await post(d.s5, 'messages', tokens.three, { text: 'Hello from 3' });
      await post(d.s5, 'invite', tokens.three, { operatorId: ids.one });
      await readDialog(d.s5, (x) => x.participants.includes(ids.one) && x.kpi.firstAnswerMs !== null);

      // Seven more that wait in the queue (nobody is online), for pages.
      parked = [];
      for (let i = 0; i < 7; i++) parked.push(await toSupport(`parked-${i}`));
      const waiting = [d.s4, ...parked];
      // in the queue means past the CRM step: nothing changes these dialogs any more
      await eventually(async () =>
        (await stack.db.getRepository(QueueWaitEntity).countBy({ dialogId: In(waiting) })) === 8
          ? true
          : undefined,
      );
      // The parked seven share one updatedAt, so pages must break the tie by id.
      await stack.db
        .getRepository(DialogEntity)
        .update({ id: In(parked) }, { updatedAt: new Date('2025-01-01T00:00:00.500Z') });

      // B1 breaches its 10-second KPI unanswered; then the Billing operator takes and answers it.
      await readDialog(d.b1, (x) => x.kpi.breaches >= 1);
      await post(d.b1, 'accept', tokens.billing);
      await post(d.b1, 'messages', tokens.billing, { text: 'Here is your invoice' });
      await readDialog(d.b1, (x) => x.kpi.firstAnswerMs !== null);
    }, 240_000);

    afterAll(async () => {
      await stack?.stop();
    });

    describe('GET /api/dialogs', () => {
      const support = () => [d.s1, d.s2, d.s3, d.s4, d.s5, ...parked];

      it('lists a dialog in the same shape as GET /api/dialogs/:id, without messages and timeline', async () => {
        // compared only when the dialog did not change between the two reads of it
        const [item, full] = await eventually(async () => {
          const before = await stack.request('GET', `/api/dialogs/${d.s2}`, { token: tokens.three });
          const page = await list(tokens.three, { view: 'mine' });
          const after = await stack.request('GET', `/api/dialogs/${d.s2}`, { token: tokens.three });
          return before.body.updatedAt === after.body.updatedAt
            ? [page.body.items.find((i: { id: string }) => i.id === d.s2), after.body]
            : undefined;
        });
        expect(item).toEqual(summaryOf(full));
        expect(item).not.toHaveProperty('messages');
        expect(item).not.toHaveProperty('timeline');
        expect(item).toMatchObject({
          lineId: DEMO_LINE_ID,
          responsibleOperatorId: ids.three,
          client: { name: 'Client s2' },
          kpi: { firstAnswerMs: expect.any(Number), breaches: 0 },
        });
      });

      it('shows each operator only the lines they work on', async () => {
        expect(sorted(await listIds(tokens.one))).toEqual(sorted(support()));
        expect(sorted(await listIds(tokens.supervisor, { view: 'all' }))).toEqual(sorted(support()));
        expect(await listIds(tokens.billing)).toEqual([d.b1]);
        expect(sorted(await listIds(tokens.admin))).toEqual(sorted([...support(), d.b1]));
        expect(await listIds(tokens.admin, { lineId: billingLine })).toEqual([d.b1]);
        // a line one may not see reads as missing, like a dialog on it
        const hidden = await list(tokens.billing, { lineId: DEMO_LINE_ID });
        expect(hidden.status).toBe(404);
        expect(hidden.body.error.code).toBe('not_found');
        expect((await list(tokens.one, { lineId: billingLine })).status).toBe(404);
        expect((await list(tokens.admin, { lineId: 'no-such-line' })).status).toBe(404);
        expect((await stack.request('GET', '/api/dialogs')).status).toBe(401);
        // another line's dialog, guessed by id, reads and acts as missing: the same 404 as no dialog at all
        const guessed = [d.b1, 'no-such-dialog'];
        for (const id of guessed) {
          const read = await stack.request('GET', `/api/dialogs/${id}`, { token: tokens.one });
          expect([read.status, read.body.error?.code]).toEqual([404, 'not_found']);
          for (const [action, json] of [
            ['accept', undefined],
            ['messages', { text: 'peek' }],
            ['take', undefined],
            ['close', undefined],
          ] as const) {
            const acted = await stack.request('POST', `/api/dialogs/${id}/${action}`, {
              token: tokens.one,
              json,
            });
            expect([action, acted.status]).toEqual([action, 404]);
          }
        }
      });

      it('unanswered: open dialogs nobody is responsible for', async () => {
        expect(sorted(await listIds(tokens.two, { view: 'unanswered' }))).toEqual(sorted([d.s4, ...parked]));
        expect(await listIds(tokens.billing, { view: 'unanswered' })).toEqual([]);
        expect(await listIds(tokens.one, { view: 'unanswered', status: 'spam' })).toEqual([]);
      });

      it('mine: responsible or taking part (invited, or having acted on it)', async () => {
        expect(sorted(await listIds(tokens.one, { view: 'mine' }))).toEqual(sorted([d.s1, d.s5]));
        expect(await listIds(tokens.two, { view: 'mine' })).toEqual([d.s2]); // transferred on, still theirs
        expect(sorted(await listIds(tokens.three, { view: 'mine' }))).toEqual(sorted([d.s2, d.s5]));
        expect(await listIds(tokens.supervisor, { view: 'mine' })).toEqual([d.s3]);
        expect(await listIds(tokens.billing, { view: 'mine' })).toEqual([d.b1]);
        expect(await listIds(tokens.one, { view: 'mine', status: 'closed_awaiting_rating' })).toEqual([d.s1]);
      });

      it('filters by one status or several', async () => {
        expect(await listIds(tokens.admin, { status: 'spam' })).toEqual([d.s3]);
        expect(sorted(await listIds(tokens.admin, { status: 'spam,closed_awaiting_rating' }))).toEqual(
          sorted([d.s1, d.s3]),
        );
        expect(sorted(await listIds(tokens.admin, { status: 'new', lineId: DEMO_LINE_ID }))).toEqual(
          sorted([d.s4, ...parked]),
        );
      });

      it('pages newest activity first, breaking ties by id, without repeats or gaps', async () => {
        // S4 changed last of these eight; the parked seven share one instant, so their order is by id
        const expected = [d.s4, ...[...parked].sort().reverse()];
        const seen: string[] = [];
        const pageSizes: number[] = [];
        let cursor: string | null = null;
        do {
          const query: Record<string, string> = { view: 'unanswered', limit: '3' };
          if (cursor) query.cursor = cursor;
          const page: { status: number; body: any } = await list(tokens.one, query);
          expect(page.status).toBe(200);
          pageSizes.push(page.body.items.length);
          seen.push(...page.body.items.map((i: { id: string }) => i.id));
          cursor = page.body.nextCursor;
        } while (cursor);
        expect(pageSizes).toEqual([3, 3, 2]);
        expect(seen).toEqual(expected);
      });

      it('pages the whole list in the order of one big page', async () => {
        // compared when nothing changed meanwhile (the first read equals the last)
        const [whole, paged] = await eventually(async () => {
          const before = (await list(tokens.admin, { limit: '200' })).body.items;
          const pages: any[] = [];
          let cursor: string | null = null;
          do {
            const query: Record<string, string> = { limit: '4' };
            if (cursor) query.cursor = cursor;
            const page: { body: any } = await list(tokens.admin, query);
            pages.push(...page.body.items);
            cursor = page.body.nextCursor;
          } while (cursor);
          const after = (await list(tokens.admin, { limit: '200' })).body.items;
          return JSON.stringify(before) === JSON.stringify(after) ? [after, pages] : undefined;
        });
        expect(whole).toHaveLength(13);
        expect(paged.map((i: { id: string }) => i.id)).toEqual(whole.map((i: { id: string }) => i.id));
        const times = whole.map((i: { updatedAt: string }) => i.updatedAt);
        expect(times).toEqual([...times].sort().reverse());
        // the default page is 50: everything here, and no next page
        const defaultPage = await list(tokens.admin);
        expect(defaultPage.body.items).toHaveLength(13);
        expect(defaultPage.body.nextCursor).toBeNull();
      });

      it('refuses a malformed query with 400 and the parameter it is about', async () => {
        const pointers = async (query: string) => {
          const response = await stack.request('GET', `/api/dialogs?${query}`, { token: tokens.one });
          expect(response.status).toBe(400);
          expect(response.body.error.code).toBe('invalid_request');
          return response.body.error.details.map((detail: { pointer: string }) => detail.pointer);
        };
        expect(await pointers('view=everything')).toEqual(['/view']);
        expect(await pointers('limit=0')).toEqual(['/limit']);
        expect(await pointers('limit=201')).toEqual(['/limit']);
        expect(await pointers('status=new,archived')).toEqual(['/status']);
        expect(await pointers('status=new&status=spam')).toEqual(['/status']);
        expect(await pointers('cursor=not%20a%20cursor')).toEqual(['/cursor']);
        expect(await pointers('cursor=0')).toEqual(['/cursor']);
        expect(await pointers(`cursor=${Buffer.from('["yesterday","x"]').toString('base64url')}`)).toEqual([
          '/cursor',
        ]);
        expect(await pointers('sort=name')).toEqual(['/sort']);
      });
    });

    describe('GET /api/stats', () => {
      const fetchDialog = async (id: string) =>
        (await stack.request('GET', `/api/dialogs/${id}`, { token: tokens.admin })).body;

      it('is for supervisors (their lines) and admins (every line), not operators', async () => {
        expect((await stats(tokens.one)).status).toBe(403);
        expect((await stats(tokens.billing)).status).toBe(403);
        const supervisor = await stats(tokens.supervisor);
        expect(supervisor.status).toBe(200);
        expect(supervisor.body.lines.map((l: { lineId: string }) => l.lineId)).toEqual([DEMO_LINE_ID]);
        expect((await stats(tokens.supervisor, { lineId: billingLine })).status).toBe(404);
        const admin = await stats(tokens.admin);
        expect(sorted(admin.body.lines.map((l: { lineId: string }) => l.lineId))).toEqual(
          sorted([DEMO_LINE_ID, billingLine]),
        );
      });

      it('counts what the operators did on Support, per line and per operator', async () => {
        const [s1, s2, s5] = await Promise.all([d.s1, d.s2, d.s5].map(fetchDialog));
        const firstAnswers = [s1, s2, s5].map((x) => x.kpi.firstAnswerMs as number).sort((a, b) => a - b);
        // the later answer: S1's second client message to operator 1's second answer
        const laterMs = Date.parse(s1.messages[3].createdAt) - Date.parse(s1.messages[2].createdAt);
        expect(s1.messages.map((m: { author: string }) => m.author)).toEqual([
          'client',
          'operator',
          'client',
          'operator',
          'system', // the rating request
        ]);

        const response = await stats(tokens.supervisor, { lineId: DEMO_LINE_ID });
        expect(response.status).toBe(200);
        const [line] = response.body.lines;
        expect(line).toMatchObject({ lineId: DEMO_LINE_ID, lineName: 'Support' });
        expect(line.totals).toEqual({
          dialogs: 12,
          // nearest rank of three values: p50 is the 2nd, p90 the 3rd
          firstAnswer: { answered: 3, p50Ms: firstAnswers[1], p90Ms: firstAnswers[2] },
          answer: { answers: 1, averageMs: laterMs, p50Ms: laterMs },
          kpiBreaches: 0,
          ratings: { like: 1, dislike: 0, scored: 0, averageScore: null },
          spam: 1,
          transfers: 1,
        });
        const row = (operatorId: string | null) =>
          line.operators.find((o: { operatorId: string | null }) => o.operatorId === operatorId);
        expect(line.operators.map((o: { operatorId: string | null }) => o.operatorId)).toEqual([
          ids.one,
          ids.two,
          ids.three,
          null,
        ]);
        expect(row(ids.one)).toMatchObject({
          operatorName: 'Operator 1',
          dialogs: 1,
          firstAnswer: { answered: 1, p50Ms: s1.kpi.firstAnswerMs, p90Ms: s1.kpi.firstAnswerMs },
          answer: { answers: 1, averageMs: laterMs },
          ratings: { like: 1 },
          transfers: 0,
        });
        // operator 2 answered S2 first and transferred it: the dialog itself is now operator 3's
        expect(row(ids.two)).toMatchObject({
          dialogs: 0,
          firstAnswer: { answered: 1, p50Ms: s2.kpi.firstAnswerMs },
          transfers: 1,
        });
        expect(row(ids.three)).toMatchObject({
          dialogs: 2,
          firstAnswer: { answered: 1, p50Ms: s5.kpi.firstAnswerMs },
          transfers: 0,
        });
        // S3 (spam), S4 and the parked seven: nobody's
        expect(row(null)).toMatchObject({
          operatorName: null,
          dialogs: 9,
          spam: 1,
          firstAnswer: { answered: 0 },
        });
      });

      it('counts the Billing KPI breach and first answer', async () => {
        const b1 = await fetchDialog(d.b1);
        expect(b1.kpi.breaches).toBeGreaterThanOrEqual(1);
        const response = await stats(tokens.admin, { lineId: billingLine });
        expect(response.body.lines).toEqual([
          expect.objectContaining({
            lineId: billingLine,
            lineName: billingName,
            totals: expect.objectContaining({
              dialogs: 1,
              kpiBreaches: b1.kpi.breaches,
              firstAnswer: { answered: 1, p50Ms: b1.kpi.firstAnswerMs, p90Ms: b1.kpi.firstAnswerMs },
            }),
            operators: [
              expect.objectContaining({
                operatorId: ids.billing,
                operatorName: billingOperatorName,
                dialogs: 1,
                kpiBreaches: b1.kpi.breaches,
              }),
            ],
          }),
        ]);
      });

      it('reports dialogs created in [from, to)', async () => {
        const total = async (query: Record<string, string>) => {
          const response = await stats(tokens.admin, { lineId: DEMO_LINE_ID, ...query });
          expect(response.status).toBe(200);
          return response.body.lines[0].totals.dialogs;
        };
        const later = new Date(Date.now() + 3_600_000).toISOString();
        expect(await total({ from: suiteStart.toISOString(), to: later })).toBe(12);
        expect(await total({ to: suiteStart.toISOString() })).toBe(0);
        expect(await total({ from: later, to: new Date(Date.now() + 7_200_000).toISOString() })).toBe(0);
        const bad = await stats(tokens.admin, { from: '2026-02-30' });
        expect(bad.status).toBe(400);
        expect(bad.body.error.details).toEqual([{ pointer: '/from', message: expect.any(String) }]);
        expect((await stats(tokens.admin, { from: 'yesterday' })).body.error.details[0].pointer).toBe(
          '/from',
        );
        expect((await stats(tokens.admin, { format: 'xlsx' })).status).toBe(400);
      });

      it('exports CSV: a header, a row per line and operator, each line’s total, formulas defused', async () => {
        const response = await fetch(`${stack.running.url}/api/stats?format=csv`, {
          headers: { authorization: `Bearer ${tokens.admin}` },
        });
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
        expect(response.headers.get('content-disposition')).toMatch(
          /^attachment; filename="?lineflow-stats-/,
        );
        const text = await response.text();
        expect(text).toContain(`"'=Billing, ""EU"""`);
        const [header, ...rows] = parseCsv(text);
        expect(header).toEqual(STATS_CSV_HEADER);
        for (const row of rows) expect(row).toHaveLength(STATS_CSV_HEADER.length);
        const cell = (row: string[], name: string) => row[STATS_CSV_HEADER.indexOf(name)];
        const shape = rows.map((r) => [cell(r, 'row'), cell(r, 'lineId'), cell(r, 'operatorId')]);
        expect(sorted(shape.map((s) => s.join(' ')))).toEqual(
          sorted([
            `operator ${billingLine} ${ids.billing}`,
            `total ${billingLine} `,
            `operator ${DEMO_LINE_ID} ${ids.one}`,
            `operator ${DEMO_LINE_ID} ${ids.two}`,
            `operator ${DEMO_LINE_ID} ${ids.three}`,
            `operator ${DEMO_LINE_ID} `,
            `total ${DEMO_LINE_ID} `,
          ]),
        );
        const billingRow = rows.find((r) => cell(r, 'operatorId') === ids.billing)!;
        expect(cell(billingRow, 'lineName')).toBe(`'${billingName}`);
        expect(cell(billingRow, 'operatorName')).toBe(`'${billingOperatorName}`);
        const supportTotal = rows.find(
          (r) => cell(r, 'row') === 'total' && cell(r, 'lineId') === DEMO_LINE_ID,
        )!;
        expect([
          cell(supportTotal, 'dialogs'),
          cell(supportTotal, 'spam'),
          cell(supportTotal, 'transfers'),
        ]).toEqual(['12', '1', '1']);
        expect(cell(supportTotal, 'ratingAverageScore')).toBe(''); // no 1–5 scores: an empty cell
      });
    });

    describe('GET /api/clients/:id', () => {
      it("shows a client's profile, identities, leads and dialogs to the people of their lines only", async () => {
        const first = await readDialog(d.s1, (x) => x.client !== null);
        const clientId = first.client.id as string;
        // the same client writes again after their dialog was closed: a second dialog of theirs
        const again = await toSupport('s1', { text: 'One more question' });
        await readDialog(again, (x) => x.messages.length === 1);
        const card = await stack.request('GET', `/api/clients/${clientId}`, { token: tokens.one });
        expect(card.status).toBe(200);
        expect(card.body).toMatchObject({ id: clientId, name: 'Client s1' });
        expect(card.body.identities).toEqual([{ channelKind: 'webhook', externalId: 's1' }]);
        const dialogIds = card.body.dialogs.map((x: { id: string }) => x.id);
        expect(dialogIds).toEqual(expect.arrayContaining([d.s1, again]));
        expect(dialogIds.indexOf(again)).toBeLessThan(dialogIds.indexOf(d.s1)); // newest first
        expect(Array.isArray(card.body.leads)).toBe(true);
        // an operator of another line does not learn that the client exists; nor does anyone of a bogus id
        expect(
          (await stack.request('GET', `/api/clients/${clientId}`, { token: tokens.billing })).status,
        ).toBe(404);
        expect((await stack.request('GET', '/api/clients/nobody', { token: tokens.admin })).status).toBe(404);
      });
    });
  });
}
