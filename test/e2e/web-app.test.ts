import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_LINE_ID, DEMO_WEBHOOK_CHANNEL_ID } from '../../runtime/demo-seed';
import { ClientEntity, DialogEntity, type Client, type Dialog } from '../../db/entities';
import { PROJECT_ROOT } from '../../runtime/temporal-binaries';
import { launchChromium } from '../support/browser';
import { ADMIN_PASSWORD, DEMO_PASSWORD, eventually, TestStack } from '../support/test-stack';

const SCREENSHOTS = path.join(PROJECT_ROOT, '.cache', 'test', 'screenshots');
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core in the page: the violations that matter (serious, critical), as readable lines. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE); // evaluated, not a <script>: the page's CSP allows no inline script
  const result = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<any> } }).axe;
    return axe.run();
  });
  return (result.violations as Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }>)
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** The web app (designer/) served by `npm start`'s server, in Chromium, against a real stack. */
describe('web app in Chromium: login, header and the live inbox', () => {
  let stack: TestStack;
  let browser: Browser;
  let secret: string;
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];

  const newPage = async (options: Parameters<Browser['newContext']>[0] = {}) => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      locale: 'en-US',
      ...options,
    });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      // CSP violations and React's warnings land here; 401s of the bad-credentials step are expected
      if (message.type() === 'error' && !/401 \(Unauthorized\)/.test(message.text()))
        problems.push(`console: ${message.text()}`);
    });
    return page;
  };
  const signIn = async (page: Page, email: string, password: string) => {
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  };
  const inbound = (client: string, name: string, ext: string, text: string) =>
    stack.inbound(
      DEMO_WEBHOOK_CHANNEL_ID,
      JSON.stringify({ externalMessageId: ext, client: { externalId: client, name }, text }),
      secret,
    );
  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });

  beforeAll(async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    [stack, browser] = await Promise.all([TestStack.startOn('sqlite'), launchChromium()]);
    secret = await stack.channelSecret(DEMO_WEBHOOK_CHANNEL_ID);
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await stack?.stop();
  });

  it('serves the app on every page path with its security headers, and never on /api', async () => {
    for (const page of ['/', '/login', '/dialogs/some-id', '/stats', '/lines']) {
      const response = await fetch(`${stack.running.url}${page}`, { headers: { accept: 'text/html' } });
      expect([page, response.status]).toEqual([page, 200]);
      expect(await response.text()).toContain('<div id="root">');
      expect(response.headers.get('content-security-policy')).toMatch(/script-src 'self'(;|$)/);
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
    // only the flow designer, which compiles schemas in the browser, may eval
    const designer = await fetch(`${stack.running.url}/lines/demo-support/flow`, {
      headers: { accept: 'text/html' },
    });
    expect(designer.headers.get('content-security-policy')).toMatch(/script-src 'self' 'unsafe-eval'(;|$)/);
    const api = await fetch(`${stack.running.url}/api/nothing-here`, { headers: { accept: 'text/html' } });
    expect(api.status).toBe(404);
    expect(await api.json()).toMatchObject({ error: { code: 'not_found' } });
    const html = await (await fetch(`${stack.running.url}/`, { headers: { accept: 'text/html' } })).text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
  });

  it('refuses bad credentials with the API’s reason, then signs in and shows the inbox', async () => {
    const page = await newPage();
    await page.goto(`${stack.running.url}/`);
    await page.waitForURL(/\/login$/);
    expect(await seriousViolations(page)).toEqual([]);
    await signIn(page, 'operator1@lineflow.local', 'wrong-password');
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Email or password is wrong');
    await shot(page, 'login-error');

    await signIn(page, 'operator1@lineflow.local', DEMO_PASSWORD);
    await page.getByRole('heading', { name: 'Inbox' }).waitFor();
    await page.getByRole('tab', { name: /Unanswered/ }).waitFor();
    expect(await page.getByRole('tab').allTextContents()).toEqual(['Unanswered', 'Mine']); // no All for operators
    // the open inbox makes the operator online (the server ties presence to the event stream)
    await eventually(async () =>
      (await page.getByLabel('Your status').inputValue()) === 'online' ? true : undefined,
    );
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows a dialog that arrives after the page loaded, live, and opens it with the keyboard', async () => {
    const page = await newPage();
    await page.goto(`${stack.running.url}/login`);
    await signIn(page, 'operator1@lineflow.local', DEMO_PASSWORD);
    await page.getByRole('heading', { name: 'Inbox' }).waitFor();
    await page.getByText('Live', { exact: true }).waitFor();

    const sent = await inbound('e2e-ann', 'Ann Lee', 'e2e-m1', 'Hello, my parcel has not arrived');
    expect(sent.status).toBe(202);
    const row = page.getByRole('option', { name: /Ann Lee/ });
    await row.waitFor({ timeout: 20_000 });
    // the row comes with the dialog's start; its message follows as the workflow records it
    await eventually(async () =>
      (await row.textContent())?.includes('Hello, my parcel has not arrived') ? true : undefined,
    );
    await eventually(async () => ((await row.textContent())?.includes('Offered to you') ? true : undefined));
    // the tab and the window title count what is new
    await eventually(async () => (/^\(\d+\) Inbox/.test(await page.title()) ? true : undefined));
    await expect(page.getByRole('tab', { name: /Unanswered/ }).textContent()).resolves.toMatch(
      /Unanswered\d+/,
    );
    await inbound('e2e-bob', 'Bob Stone', 'e2e-m2', 'Can I change my delivery address?');
    await page.getByRole('option', { name: /Bob Stone/ }).waitFor();
    await shot(page, 'inbox');

    const list = page.getByRole('listbox');
    await list.focus();
    await page.keyboard.press('Home'); // the newest: Bob
    await page.keyboard.press('j'); // then Ann
    await expect(list.getByRole('option', { selected: true }).textContent()).resolves.toContain('Ann Lee');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/dialogs/${encodeURIComponent(sent.body.dialogId)}$`));
    await page.locator('[role="option"][aria-current="true"]', { hasText: 'Ann Lee' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'inbox-open');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('gives supervisors the All tab and the KPI alerts', async () => {
    const page = await newPage();
    await page.goto(`${stack.running.url}/login`);
    await signIn(page, 'supervisor@lineflow.local', DEMO_PASSWORD);
    await page.getByRole('tab', { name: /All/ }).click();
    await page.getByRole('option', { name: /Ann Lee/ }).waitFor();
    await page.getByRole('button', { name: /KPI alert/ }).click();
    await page.getByRole('region', { name: 'KPI alerts' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'inbox-supervisor');
    await page.close();
  });

  it('speaks Russian to a ru-RU browser, and the header switch changes it and remembers it', async () => {
    const page = await newPage({ locale: 'ru-RU' });
    await page.goto(`${stack.running.url}/login`);
    await page.getByRole('heading', { name: 'Вход в Lineflow' }).waitFor();
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.lang)).toBe('ru');
    await page.getByLabel('Электронная почта').fill('operator2@lineflow.local');
    await page.getByLabel('Пароль').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.getByRole('tab', { name: /Неотвеченные/ }).waitFor();
    await page.getByRole('option', { name: /Ann Lee/ }).waitFor();
    await page.getByRole('button', { name: 'Выйти' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'inbox-ru');
    await page.getByLabel('Язык').selectOption('en');
    await page.getByRole('tab', { name: /Unanswered/ }).waitFor();
    await page.reload();
    await page.getByRole('tab', { name: /Unanswered/ }).waitFor();
    await page.close();
  });

  it('keeps a thousand dialogs smooth: only the rows in view are in the page, the rest come page by page', async () => {
    // read-model rows written straight in (closed dialogs: no workflow needs to run for a list)
    const at = Date.parse('2026-01-01T09:00:00.000Z');
    const clients: Client[] = [];
    const dialogs: Dialog[] = [];
    for (let i = 0; i < 1000; i++) {
      const when = new Date(at - i * 60_000);
      const id = `bulk-${String(i).padStart(4, '0')}`;
      clients.push({
        id: `c-${id}`,
        name: `Bulk client ${i}`,
        phone: null,
        email: null,
        responsibleOperatorId: null,
        createdAt: when,
        updatedAt: when,
      });
      dialogs.push({
        id,
        workflowId: `wf-${id}`,
        lineId: DEMO_LINE_ID,
        channelId: DEMO_WEBHOOK_CHANNEL_ID,
        clientId: `c-${id}`,
        status: 'closed',
        responsibleOperatorId: null,
        offeredTo: [],
        participants: [],
        pinned: false,
        flowVersion: 1,
        firstAnswerMs: 1000,
        kpiBreaches: 0,
        rating: null,
        leadId: null,
        createdAt: when,
        updatedAt: when,
        closedAt: when,
      });
    }
    for (let i = 0; i < 1000; i += 200) {
      await stack.db.getRepository<Client>(ClientEntity).insert(clients.slice(i, i + 200) as never);
      await stack.db.getRepository<Dialog>(DialogEntity).insert(dialogs.slice(i, i + 200) as never);
    }
    const page = await newPage();
    await page.goto(`${stack.running.url}/login`);
    await signIn(page, 'admin@lineflow.local', ADMIN_PASSWORD);
    await page.getByRole('tab', { name: /All/ }).click();
    await page.getByRole('option', { name: /Bulk client 0\b/ }).waitFor();
    await eventually(async () =>
      (await page.getByLabel('Your status').inputValue()) === 'online' ? true : undefined,
    );
    const list = page.getByRole('listbox');
    expect(await list.getByRole('option').count()).toBeLessThan(40);
    await list.focus();
    const started = Date.now();
    // End, again and again: each time the next keyset page comes, until the oldest is there
    await eventually(async () => {
      await page.keyboard.press('End');
      const active = await list.getAttribute('aria-activedescendant');
      const selected = active && (await page.locator(`[id="${active}"]`).textContent({ timeout: 2000 }));
      return /Bulk client 999(?!\d)/.test(selected || '') ? true : undefined;
    }, 60_000);
    const elapsed = Date.now() - started;
    expect(await list.getByRole('option').count()).toBeLessThan(40);
    const last = page.getByRole('option', { name: /Bulk client 999\b/ });
    expect(Number(await last.getAttribute('aria-setsize'))).toBeGreaterThanOrEqual(1000);
    await expect(list.getByRole('option', { selected: true }).textContent()).resolves.toContain(
      'Bulk client 999',
    );
    await shot(page, 'inbox-1000');
    expect(elapsed).toBeLessThan(60_000);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('sends an expired session to the login page with a message, and back where it was after signing in', async () => {
    const page = await newPage();
    await page.goto(`${stack.running.url}/login`);
    await page.evaluate(() =>
      (globalThis as any).localStorage.setItem(
        'lineflow.session',
        JSON.stringify({
          token: 'expired-or-revoked-token-0000000000',
          expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
          user: { id: 'x', email: 'admin@lineflow.local', name: 'Admin', role: 'admin' },
        }),
      ),
    );
    await page.goto(`${stack.running.url}/stats`);
    await page.waitForURL(/\/login\?returnTo=%2Fstats$/);
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('Your session has ended');
    await shot(page, 'login-expired');
    await signIn(page, 'admin@lineflow.local', ADMIN_PASSWORD);
    await page.waitForURL(/\/stats$/);

    // and signing out ends it: back to the login page, the inbox no longer opens
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login\?signedOut=1$/);
    await page.goto(`${stack.running.url}/`);
    await page.waitForURL(/\/login$/);
    await page.close();
  });
});
