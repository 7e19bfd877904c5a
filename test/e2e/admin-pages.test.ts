import type { Browser, Page } from 'playwright-core';
import { DEMO_LINE_ID, DEMO_WEBHOOK_CHANNEL_ID } from '../../runtime/demo-seed';
import { launchChromium } from '../support/browser';
import { ADMIN_PASSWORD, TestStack } from '../support/test-stack';
import { screenshot, seriousA11yViolations, signIn, type SignedIn } from './web-app-pages';

/**
 * The admin pages (/lines, /lines/:id/settings, /admin/channels, /admin/employees) in a real Chromium
 * against a real stack: every change is made through the page and checked through the API.
 */
describe('admin pages in Chromium', () => {
  let stack: TestStack;
  let browser: Browser;
  let admin: SignedIn;
  let token: string;
  const a11y: Record<string, unknown[]> = {};

  beforeAll(async () => {
    [stack, browser] = await Promise.all([TestStack.startOn('sqlite'), launchChromium()]);
    token = await stack.login('admin@lineflow.local', ADMIN_PASSWORD);
    admin = await signIn(browser, stack, 'admin@lineflow.local', {
      password: ADMIN_PASSWORD,
      prepare: (context) =>
        context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.running.url }),
    });
  });
  afterAll(async () => {
    await admin?.context.close().catch(() => undefined);
    await browser?.close();
    await stack?.stop();
  });

  const line = async () =>
    (await stack.request('GET', `/api/lines/${DEMO_LINE_ID}`, { token })).body as {
      settings: {
        kpi: { firstAnswer: { threshold: string } };
        queue: { operators: string[] };
        workingHours?: unknown;
      };
    };
  const axe = async (page: Page, name: string) => {
    a11y[name] = await seriousA11yViolations(page);
  };

  it('lists the lines with their channels, queue and published flow', async () => {
    const { page } = admin;
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const link of ['Lines', 'Channels', 'Employees'])
      await nav.getByRole('link', { name: link }).waitFor();
    await nav.getByRole('link', { name: 'Lines' }).click();
    await page.getByRole('heading', { level: 1, name: 'Lines' }).waitFor();
    const row = page.getByRole('row', { name: /Support/ });
    await row.getByText('v1 published').waitFor();
    await expect(row.getByRole('cell').nth(1).textContent()).resolves.toBe('2'); // Demo webhook, Website chat
    await row.getByText('3 in order').waitFor();
    expect(await row.getByRole('link', { name: 'Flow' }).getAttribute('href')).toBe(
      `/lines/${DEMO_LINE_ID}/flow`,
    );

    // a new line: the API's refusal is shown, then it is created and its settings open
    await page.getByRole('button', { name: 'New line' }).click();
    await page.getByRole('button', { name: 'Create line' }).click();
    await page
      .getByRole('alert')
      .getByText(/The line was not created: .+/)
      .waitFor();
    await page.getByLabel('Name of the new line').fill('Sales');
    await page.getByRole('button', { name: 'Create line' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sales: settings' }).waitFor();
    const lines = (await stack.request('GET', '/api/lines', { token })).body.items as Array<{ name: string }>;
    expect(lines.map((l) => l.name)).toContain('Sales');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Lines' }).click();
    await page.getByRole('row', { name: /Sales/ }).getByText('v1 published').waitFor();
    await screenshot(page, 'admin-01-lines');
    await axe(page, 'lines');
  });

  it("changes the demo line's KPI time and queue order, which a reload and the API show", async () => {
    const { page } = admin;
    const before = await line();
    expect(before.settings.kpi.firstAnswer.threshold).toBe('3m');
    await page
      .getByRole('row', { name: /Support/ })
      .getByRole('link', { name: 'Settings' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Support: settings' }).waitFor();
    const firstAnswer = page.getByRole('group', { name: /^First answer/ });
    const within = firstAnswer.getByRole('spinbutton', { name: 'Within' });
    await expect(within.inputValue()).resolves.toBe('3');
    // One change at a time, each seen taken before the next, as a person makes them: a change made in the
    // same instant as the form's answer to the one before is not what this test is about.
    const queue = page.getByRole('list', { name: 'Queue, in order' }).getByRole('listitem');
    const queueOrder = async () =>
      (await queue.allTextContents()).map((text) => /Operator \d/.exec(text)![0]);
    const queueShows = (...names: string[]) =>
      Promise.all(names.map((name, i) => queue.nth(i).filter({ hasText: name }).waitFor()));
    await within.fill('4');
    await firstAnswer.getByRole('combobox', { name: 'Unit of Within' }).selectOption('m');
    await page.getByRole('status').getByText('Unsaved changes').waitFor();
    await page.getByRole('button', { name: 'Move Operator 1 down' }).click();
    await queueShows('Operator 2', 'Operator 1', 'Operator 3');
    await page.getByRole('button', { name: 'Move Operator 1 down' }).click();
    await queueShows('Operator 2', 'Operator 3', 'Operator 1');
    await expect(within.inputValue()).resolves.toBe('4'); // the first change is still there
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').getByText('Saved').waitFor();

    const [op1, op2, op3] = before.settings.queue.operators;
    const after = await line();
    expect(after.settings.kpi.firstAnswer.threshold).toBe('4m');
    expect(after.settings.queue.operators).toEqual([op2, op3, op1]);

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Support: settings' }).waitFor();
    await expect(
      page
        .getByRole('group', { name: /^First answer/ })
        .getByRole('spinbutton', { name: 'Within' })
        .inputValue(),
    ).resolves.toBe('4');
    await expect(queueOrder()).resolves.toEqual(['Operator 2', 'Operator 3', 'Operator 1']);
    await screenshot(page, 'admin-02-line-settings');
    await axe(page, 'settings');
  });

  it("shows a value out of range at its field, and the server's refusal at the interval it names; nothing is saved", async () => {
    const { page } = admin;
    const before = await line();
    // out of the schema's range: said live at the field, and the form does not send it
    const firstAnswer = page.getByRole('group', { name: /^First answer/ });
    await firstAnswer.getByRole('spinbutton', { name: 'Within' }).fill('5');
    await firstAnswer.getByRole('combobox', { name: 'Unit of Within' }).selectOption('s');
    await firstAnswer.getByText('This value is not allowed here.').waitFor();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').getByText('Fix the highlighted fields to save.').waitFor();
    await firstAnswer.getByRole('spinbutton', { name: 'Within' }).fill('4');
    await firstAnswer.getByRole('combobox', { name: 'Unit of Within' }).selectOption('m');

    // what only the server checks: an interval that ends before it starts
    await page.getByRole('radio', { name: 'On a schedule' }).check();
    await page.getByLabel('Monday, interval 1: to').fill('08:00');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('alert').getByText('The line settings have problems').waitFor();
    const to = page.getByLabel('Monday, interval 1: to');
    await expect(to.getAttribute('aria-invalid')).resolves.toBe('true');
    const describedBy = (await to.getAttribute('aria-describedby'))!;
    await expect(page.locator(`[id="${describedBy}"]`).textContent()).resolves.toBe(
      'must be later than from',
    );
    await page.getByRole('status').getByText('Not saved.').waitFor();
    await page.locator('#hours').scrollIntoViewIfNeeded();
    await screenshot(page, 'admin-03-line-settings-refused');
    expect(await line()).toEqual(before);
    expect((await line()).settings.workingHours).toBeUndefined();
  });

  it('creates a website chat channel and copies its widget snippet', async () => {
    const { page } = admin;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Channels' }).click();
    await page.getByRole('heading', { level: 1, name: 'Channels' }).waitFor();
    await page.getByRole('button', { name: 'New channel' }).click();
    await page.getByLabel('Kind').selectOption('livechat');
    await page.getByLabel('Line', { exact: true }).selectOption({ label: 'Support' });
    await page.getByLabel('Name', { exact: true }).fill('Shop chat');
    await page.getByRole('button', { name: 'Create channel' }).click();
    const card = page.getByRole('region', { name: 'Shop chat' });
    await card.waitFor();
    const channels = (await stack.request('GET', '/api/channels', { token })).body.items as Array<{
      id: string;
      name: string;
      kind: string;
    }>;
    const created = channels.find((c) => c.name === 'Shop chat')!;
    expect(created.kind).toBe('livechat');
    const expected = `<script src="${stack.running.url}/widget.js" data-channel="${created.id}" async></script>`;
    await expect(card.getByRole('textbox', { name: 'Widget snippet' }).textContent()).resolves.toBe(expected);
    await card.getByRole('button', { name: 'Copy Widget snippet' }).click();
    await card.getByRole('status').getByText('Widget snippet copied to the clipboard').waitFor();
    await expect(
      page.evaluate(() => (globalThis as any).navigator.clipboard.readText() as Promise<string>),
    ).resolves.toBe(expected);
  });

  it('rotates a secret: the old one stops working on inbound', async () => {
    const { page } = admin;
    const old = await stack.channelSecret(DEMO_WEBHOOK_CHANNEL_ID);
    const card = page.getByRole('region', { name: 'Demo webhook' });
    await expect(card.getByLabel('Secret', { exact: true }).textContent()).resolves.not.toContain(old);
    await card.getByRole('button', { name: 'Show secret' }).click();
    await expect(card.getByLabel('Secret', { exact: true }).textContent()).resolves.toBe(old);
    await card.getByRole('button', { name: 'Rotate secret' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rotate the secret of Demo webhook?' });
    await dialog.waitFor();
    await screenshot(page, 'admin-04-rotate-confirm');
    await dialog.getByRole('button', { name: 'Rotate secret' }).click();
    await dialog.waitFor({ state: 'detached' });
    const fresh = await stack.channelSecret(DEMO_WEBHOOK_CHANNEL_ID);
    expect(fresh).not.toBe(old);
    await expect(card.getByLabel('Secret', { exact: true }).textContent()).resolves.toBe(fresh);

    const body = (n: number) =>
      JSON.stringify({
        externalMessageId: `rotate-${n}`,
        client: { externalId: 'rotate-client' },
        text: 'Hello',
      });
    expect((await stack.inbound(DEMO_WEBHOOK_CHANNEL_ID, body(1), old)).status).toBe(401);
    expect((await stack.inbound(DEMO_WEBHOOK_CHANNEL_ID, body(2), fresh)).status).toBe(202);
    await card.getByRole('button', { name: 'Hide secret' }).click();
    await page.locator('#main').evaluate((main) => (main as any).scrollTo(0, 0));
    await screenshot(page, 'admin-05-channels');
    await axe(page, 'channels');
  });

  it('creates an employee and gives them a vacation', async () => {
    const { page } = admin;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Employees' }).click();
    await page.getByRole('heading', { level: 1, name: 'Employees' }).waitFor();
    await page.getByRole('button', { name: 'New employee' }).click();
    const editor = page.getByRole('region', { name: 'New employee' });
    await editor.getByLabel('Name').fill('Dana Field');
    await editor.getByLabel('Email').fill('dana@lineflow.local');
    await editor.getByLabel('Role').selectOption({ label: 'Operator' });
    await editor.getByRole('button', { name: 'Generate' }).click();
    const password = await editor.getByLabel('Password').inputValue();
    expect(password).toMatch(/^[A-Za-z0-9]{16}$/);
    await editor.getByRole('checkbox', { name: 'Support' }).check();
    await editor.getByRole('button', { name: 'Create employee' }).click();
    const row = page.getByRole('row', { name: /Dana Field/ });
    await row.waitFor();
    await stack.login('dana@lineflow.local', password); // the generated password signs in

    await row.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('region', { name: 'Edit Dana Field' });
    await edit.getByLabel('Vacation from').fill('2026-07-01');
    await edit.getByLabel('Vacation to').fill('2026-07-14');
    await edit.getByRole('button', { name: 'Add vacation' }).click();
    await edit.getByText('2026-07-01 – 2026-07-14').waitFor();
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.getByRole('status').getByText('Saved').waitFor();
    const people = (await stack.request('GET', '/api/operators', { token })).body.items as Array<{
      email: string;
      lines: string[];
      role: string;
      vacations: unknown[];
    }>;
    const dana = people.find((p) => p.email === 'dana@lineflow.local')!;
    expect(dana).toMatchObject({
      role: 'operator',
      lines: [DEMO_LINE_ID],
      vacations: [{ from: '2026-07-01', to: '2026-07-14' }],
    });
    await screenshot(page, 'admin-06-employees');
    await axe(page, 'employees');
    expect(a11y).toEqual({ lines: [], settings: [], channels: [], employees: [] });
    expect(admin.errors).toEqual([]);
  });

  it('shows an operator no admin links, and "no access" on an admin page', async () => {
    const operator = await signIn(browser, stack, 'operator1@lineflow.local');
    try {
      const { page } = operator;
      const nav = page.getByRole('navigation', { name: 'Main' });
      await nav.getByRole('link', { name: 'Inbox' }).waitFor();
      await expect(nav.getByRole('link').allTextContents()).resolves.toEqual(['Inbox']);
      await page.goto(`${stack.running.url}/admin/employees`);
      await page.getByRole('heading', { level: 1, name: 'Employees' }).waitFor();
      await page.getByText('Only admins can open this page.', { exact: false }).waitFor();
      await expect(page.getByRole('table').count()).resolves.toBe(0);
      await screenshot(page, 'admin-07-no-access');
    } finally {
      await operator.context.close();
    }
  });
});
