import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { ADMIN_PASSWORD, DEMO_PASSWORD, eventually, TestStack } from '../support/test-stack';
import { employeeIds, screenshot, seriousA11yViolations, signIn, type SignedIn } from './web-app-pages';

/**
 * Statistics (/stats) in a real Chromium against a real stack: activity made through the API (offers,
 * accepts, answers, a client rating, a first-answer KPI breach on a second line) drawn as charts, the
 * CSV export downloaded with the bearer token, and no serious accessibility problem.
 */
describe('statistics page in Chromium', () => {
  let stack: TestStack;
  let browser: Browser;
  let supervisor: SignedIn | undefined;
  let sent = 0;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([TestStack.startOn('sqlite'), launchChromium()]);
  });
  afterAll(async () => {
    await supervisor?.context.close().catch(() => undefined);
    await browser?.close();
    await stack?.stop();
  });

  it('draws the seeded activity per line and operator, downloads the CSV, and passes axe', async () => {
    const admin = await stack.login('admin@lineflow.local', ADMIN_PASSWORD);
    const ids = await employeeIds(stack, admin);
    const emailOf = new Map([...ids].map(([email, id]) => [id, email]));
    const tokens = new Map<string, string>();
    for (const n of [1, 2, 3]) {
      const email = `operator${n}@lineflow.local`;
      tokens.set(ids.get(email)!, await stack.login(email, DEMO_PASSWORD));
    }
    // a second line whose first-answer KPI is 10 seconds, worked by operator 2 and watched by the supervisor
    expect(
      (
        await stack.request('POST', '/api/lines', {
          token: admin,
          json: { id: 'sales', name: 'Sales', settings: { kpi: { firstAnswer: { threshold: '10s' } } } },
        })
      ).status,
    ).toBe(201);
    for (const email of ['operator2@lineflow.local', 'supervisor@lineflow.local'])
      await stack.request('PATCH', `/api/operators/${ids.get(email)}`, {
        token: admin,
        json: { lines: ['demo-support', 'sales'] },
      });
    await stack.request('POST', '/api/channels', {
      token: admin,
      json: { id: 'sales-webhook', lineId: 'sales', kind: 'webhook', name: 'Sales webhook' },
    });
    for (const n of [1, 2])
      await stack.request('POST', '/api/me/presence', {
        token: tokens.get(ids.get(`operator${n}@lineflow.local`)!)!,
        json: { online: true },
      });

    const secrets = new Map([
      ['demo-webhook', await stack.channelSecret('demo-webhook')],
      ['sales-webhook', await stack.channelSecret('sales-webhook')],
    ]);
    const inbound = async (channel: string, payload: Record<string, unknown>) => {
      sent += 1;
      const body = JSON.stringify({ externalMessageId: `stats-${sent}`, ...payload });
      const answer = await stack.inbound(channel, body, secrets.get(channel)!);
      expect(answer.status).toBe(202);
      return answer.body.dialogId as string;
    };
    const dialog = (id: string) =>
      stack.request('GET', `/api/dialogs/${id}`, { token: admin }).then((r) => r.body);
    /** The operator the queue offered the dialog to accepts and answers it; resolves with their token. */
    const acceptAndAnswer = async (id: string) => {
      const offered = await eventually(async () => (await dialog(id))?.offeredTo?.[0] as string | undefined);
      const token = tokens.get(offered)!;
      expect(emailOf.get(offered)).toBeDefined();
      expect((await stack.request('POST', `/api/dialogs/${id}/accept`, { token })).status).toBe(200);
      expect(
        (
          await stack.request('POST', `/api/dialogs/${id}/messages`, {
            token,
            json: { text: 'Hello, how can I help?' },
          })
        ).status,
      ).toBe(201);
      return token;
    };

    const support: string[] = [];
    for (const n of [1, 2, 3, 4])
      support.push(
        await inbound('demo-webhook', {
          client: { externalId: `client-${n}`, name: `Client ${n}` },
          text: `Question ${n}`,
        }),
      );
    const closers: string[] = [];
    for (const id of support) closers.push(await acceptAndAnswer(id));
    // two dialogs closed, and the client of the first rates it
    for (const i of [0, 1])
      expect(
        (await stack.request('POST', `/api/dialogs/${support[i]}/close`, { token: closers[i] })).status,
      ).toBe(200);
    await eventually(async () =>
      (await dialog(support[0]!)).status === 'closed_awaiting_rating' ? true : undefined,
    );
    await inbound('demo-webhook', { client: { externalId: 'client-1' }, rating: 5 });
    await eventually(async () => ((await dialog(support[0]!)).rating === 5 ? true : undefined));

    // on Sales the first answer comes too late: a KPI breach
    const late = await inbound('sales-webhook', {
      client: { externalId: 'late-1', name: 'Late Client' },
      text: 'Anyone?',
    });
    await eventually(async () => ((await dialog(late)).kpi.breaches > 0 ? true : undefined), 30_000);
    await acceptAndAnswer(late);

    supervisor = await signIn(browser, stack, 'supervisor@lineflow.local');
    const { page } = supervisor;
    await page.getByRole('link', { name: 'Statistics' }).click();
    await page.getByRole('heading', { level: 1, name: 'Statistics' }).waitFor();
    await page.getByLabel('Line', { exact: true }).selectOption({ label: 'Support' });
    await page.getByLabel('Period').selectOption('7d');
    await page
      .getByRole('figure', { name: 'Dialogs and KPI breaches' })
      .locator('.recharts-bar-rectangle')
      .first()
      .waitFor();
    // the tiles: 4 dialogs on Support, none breached; the table names the operators who answered
    const tiles = page.getByRole('definition');
    await expect(tiles.first().textContent()).resolves.toBe('4');
    const table = page.getByRole('table', { name: 'Support: figures by operator' });
    await table.waitFor();
    const answered = new Set(closers.map((token) => [...tokens].find(([, t]) => t === token)![0]));
    for (const id of answered) {
      const name = emailOf.get(id)!.replace(/^operator(\d)@.*/, 'Operator $1');
      await table.getByRole('rowheader', { name }).waitFor();
    }
    await table
      .getByRole('row', { name: /Line total/ })
      .getByText('avg 5.0 of 1 score')
      .waitFor();
    // charts for every figure: over time, per operator, and the lines side by side
    for (const title of [
      'Dialogs and KPI breaches',
      'First answer p50 / p90',
      'Dialogs and KPI breaches by operator',
      'First answer p50 / p90 by operator',
      'Client ratings by operator',
      'Dialogs and KPI breaches by line',
      'First answer p50 / p90 by line',
    ])
      await page
        .getByRole('figure', { name: title, exact: true })
        .locator('svg.recharts-surface')
        .first()
        .waitFor();
    const lines = page.getByRole('table', { name: 'Figures by line' });
    await expect(lines.getByRole('row', { name: /Sales/ }).textContent()).resolves.toMatch(/^Sales1/);
    await screenshot(page, 'stats-01-support');
    await page.locator('#main').evaluate((main) => main.scrollTo(0, main.scrollHeight));
    await screenshot(page, 'stats-01b-support-operators-and-lines');
    await page.locator('#main').evaluate((main) => main.scrollTo(0, 0));

    const axe = await seriousA11yViolations(page);
    expect(axe).toEqual([]);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^lineflow-stats-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    const rows = csv.trim().split('\r\n');
    expect(rows[0]).toMatch(/^row,lineId,lineName,operatorId,operatorName,dialogs,/);
    expect(rows).toEqual(expect.arrayContaining([expect.stringMatching(/^total,demo-support,Support,,,4,/)]));
    expect(rows).toEqual(expect.arrayContaining([expect.stringMatching(/^total,sales,Sales,,,1,1,/)]));

    // the Sales line: its breach shows
    await page.getByLabel('Line', { exact: true }).selectOption({ label: 'Sales' });
    await page.getByRole('table', { name: 'Sales: figures by operator' }).waitFor();
    await page.getByRole('heading', { name: 'Sales over time' }).waitFor();
    await screenshot(page, 'stats-02-sales');

    // and in Russian
    await page.getByLabel('Language').selectOption('ru');
    await page.getByRole('heading', { level: 1, name: 'Статистика' }).waitFor();
    await page.getByRole('button', { name: 'Скачать CSV' }).waitFor();
    await screenshot(page, 'stats-03-russian');
    expect(supervisor.errors).toEqual([]);
  });
});
