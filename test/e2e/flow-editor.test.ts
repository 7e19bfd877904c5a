import type { Browser, Page } from 'playwright-core';
import { DEFAULT_FLOW } from '../../db/default-flow';
import { DEMO_LINE_ID, DEMO_WEBHOOK_CHANNEL_ID } from '../../runtime/demo-seed';
import { launchChromium } from '../support/browser';
import { ADMIN_PASSWORD, eventually, TestStack } from '../support/test-stack';
import { screenshot, seriousA11yViolations, signIn, type SignedIn } from './web-app-pages';

/**
 * The flow designer in Chromium against a real stack: the demo line's flow drawn node by node, a
 * "Send message" added from the palette and filled in through the generated form, published, and a
 * new dialog receiving that message; a deleted node's problem on the canvas and in the panel blocking
 * Publish until Ctrl+Z; versions 1 and 2 compared; Russian for a ru-RU browser; axe.
 */
describe('flow designer in Chromium', () => {
  let stack: TestStack;
  let browser: Browser;
  let admin: SignedIn;
  let page: Page;
  let adminToken: string;
  const flowUrl = () => `${stack.running.url}/lines/${DEMO_LINE_ID}/flow`;
  const GREETING = 'Hello from the flow designer: an operator will be with you shortly.';
  const node = (id: string) => page.getByRole('group', { name: new RegExp(`\\(${id}\\)$`) });
  const publish = () => page.getByRole('button', { name: 'Publish', exact: true });

  beforeAll(async () => {
    [stack, browser] = await Promise.all([TestStack.startOn('sqlite'), launchChromium()]);
    admin = await signIn(browser, stack, 'admin@lineflow.local', { password: ADMIN_PASSWORD });
    page = admin.page;
    adminToken = await stack.login('admin@lineflow.local', ADMIN_PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('draws every node of the demo line’s flow, adds a Send message after the start and publishes it; a new dialog gets the message', async () => {
    await page.goto(flowUrl());
    await page.getByRole('heading', { name: 'Flow of Support' }).waitFor();
    // with no draft yet, the editor opens the line's newest version (version 1, the default flow)
    for (const n of DEFAULT_FLOW.nodes) await node(n.id).waitFor();
    expect(await page.getByRole('group', { name: /\(.+\)$/ }).count()).toBe(DEFAULT_FLOW.nodes.length);
    await expect(node('queue').textContent()).resolves.toContain('evenly · 1m · 1 round');
    await expect(node('queue').textContent()).resolves.toMatch(/accepted.*exhausted/);
    expect(await publish().isEnabled()).toBe(true); // the default flow has no errors

    // the custom activity that ships is in the palette next to the built-in ones
    await page.getByRole('button', { name: 'Add Classify priority' }).waitFor();
    await page.getByRole('searchbox', { name: 'Search nodes' }).fill('send mess');
    await node('started').click();
    await page.getByRole('button', { name: 'Add Send message' }).click();
    await page.getByRole('searchbox', { name: 'Search nodes' }).fill('');
    await node('sendMessage').waitFor();
    // its text is required: the problem is on the node and at the field until it is filled in
    await expect(node('sendMessage').textContent()).resolves.toContain('1 error');
    expect(await publish().isDisabled()).toBe(true);
    const text = page.getByRole('textbox', { name: /^Text/ });
    await text.fill(GREETING);
    await eventually(async () =>
      (await node('sendMessage').textContent())?.includes('error') ? undefined : true,
    );
    await page.getByRole('status').filter({ hasText: 'Draft saved' }).waitFor();
    await screenshot(page, 'flow-editor-01-added');

    // saved on the server as drawn: started → sendMessage → crm
    const draft = (await stack.request('GET', `/api/lines/${DEMO_LINE_ID}/flow`, { token: adminToken })).body;
    expect(draft.document.edges).toEqual(
      expect.arrayContaining([
        { source: 'started', target: 'sendMessage' },
        { source: 'sendMessage', target: 'crm' },
      ]),
    );

    await publish().click();
    const dialog = page.getByRole('dialog', { name: 'Publish the draft' });
    await dialog.getByLabel('Note (optional)').fill('Greet every client');
    await dialog.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('Published as version 2.').waitFor();

    // a client writes: the new dialog runs version 2 and receives the greeting
    const secret = await stack.channelSecret(DEMO_WEBHOOK_CHANNEL_ID);
    const body = JSON.stringify({
      externalMessageId: 'fe-1',
      client: { externalId: 'fe-client', name: 'Flo' },
      text: 'Hi',
    });
    expect((await stack.inbound(DEMO_WEBHOOK_CHANNEL_ID, body, secret)).status).toBe(202);
    const received = await eventually(async () => {
      const list = await stack.request('GET', '/api/dialogs?view=all', { token: adminToken });
      const found = list.body.items.find(
        (d: { client: { name: string } | null }) => d.client?.name === 'Flo',
      );
      if (!found) return undefined;
      const detail = (await stack.request('GET', `/api/dialogs/${found.id}`, { token: adminToken })).body;
      return detail.messages.some((m: { text: string }) => m.text === GREETING) ? detail : undefined;
    }, 30_000);
    expect(received.flowVersion).toBe(2);
    expect(admin.errors).toEqual([]);
  });

  it('shows what deleting the queue breaks, on the node and in the panel, and blocks Publish until Ctrl+Z', async () => {
    await page.goto(flowUrl());
    await node('queue').waitFor();
    await node('queue').click();
    await page.keyboard.press('Delete');
    await eventually(async () => ((await node('queue').count()) === 0 ? true : undefined));
    // "accepted" came after the queue: nothing leads to it now
    await expect(node('accepted').textContent()).resolves.toContain('1 error');
    const panel = page.getByRole('region', { name: 'Problems' });
    await expect(panel.textContent()).resolves.toContain(
      'node "accepted" cannot be reached from any trigger',
    );
    expect(await publish().isDisabled()).toBe(true);
    await page.getByText('Publishing is blocked by 1 error; see Problems.').count();
    await screenshot(page, 'flow-editor-02-problems');
    // a click on the problem selects the node and shows it in the inspector
    await panel.getByRole('button', { name: 'accepted' }).click();
    await page.getByRole('textbox', { name: 'Node id' }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Node id' }).inputValue()).toBe('accepted');

    await page.locator('body').click({ position: { x: 700, y: 300 } }); // back to the canvas
    await page.keyboard.press('Control+z');
    await node('queue').waitFor();
    await eventually(async () => ((await publish().isEnabled()) ? true : undefined));
    await expect(node('accepted').textContent()).resolves.not.toContain('error');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('compares versions 1 and 2 on the canvas: the added node is marked', async () => {
    await page.goto(flowUrl());
    await node('started').waitFor();
    await page.getByRole('tab', { name: 'Versions' }).click();
    await page.getByRole('combobox', { name: 'From' }).selectOption('1');
    await page.getByRole('combobox', { name: 'To' }).selectOption('2');
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.getByText('Comparing versions 1 and 2 · read-only').waitFor();
    await expect(node('sendMessage').textContent()).resolves.toContain('added');
    await expect(node('crm').textContent()).resolves.not.toContain('added');
    const changes = page.getByRole('region', { name: 'Version 1 → 2' });
    await expect(changes.textContent()).resolves.toMatch(/sendMessage\s*added/);
    expect(await publish().isDisabled()).toBe(true); // a comparison is read-only
    await screenshot(page, 'flow-editor-03-compare');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('tries the flow with nobody accepting for 3 minutes: the queue steps and the KPI alert light up, with the reasons', async () => {
    await page.goto(flowUrl());
    await node('started').waitFor();
    await page.getByRole('tab', { name: 'Try it' }).click();
    await page.getByRole('button', { name: 'Nobody accepts for 3 minutes' }).click();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const timeline = page.getByRole('list', { name: 'Timeline of the run' });
    await timeline.getByText('First answer KPI exceeded').first().waitFor();
    const said = (await timeline.innerText()).replace(/\s+/g, ' ');
    // the escalation: offered to one operator after another, each step saying why
    expect(said.match(/Offered to/g)?.length).toBeGreaterThanOrEqual(3);
    expect(said).toContain('did not accept in time; the offer was taken back');
    expect(said).toContain('already offered it this round');
    // on the canvas: the path the run took is numbered, what it did not take is not
    const ran = (id: string) => node(id).getByTitle(/^Ran as step/);
    for (const id of ['started', 'queue', 'firstAnswerLate', 'alertFirstAnswer']) await ran(id).waitFor();
    expect(await ran('askRating').count()).toBe(0);
    await screenshot(page, 'flow-editor-05-try-it');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('speaks Russian in a ru-RU browser', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'ru-RU' });
    const ru = await context.newPage();
    await ru.goto(`${stack.running.url}/login`);
    await ru.getByLabel('Электронная почта').fill('admin@lineflow.local');
    await ru.getByLabel('Пароль').fill(ADMIN_PASSWORD);
    await ru.getByRole('button', { name: 'Войти' }).click();
    await ru.getByRole('button', { name: 'Выйти' }).waitFor();
    await ru.goto(flowUrl());
    await ru.getByRole('heading', { name: 'Сценарий линии Support' }).waitFor();
    await ru.getByRole('button', { name: 'Опубликовать' }).waitFor();
    await ru
      .getByRole('toolbar', { name: 'Редактирование' })
      .getByRole('button', { name: 'Отменить' })
      .waitFor();
    await ru.getByRole('region', { name: 'Проблемы' }).waitFor();
    await ru.getByText('Очередь', { exact: true }).first().waitFor();
    await screenshot(ru, 'flow-editor-04-ru');
    await context.close();
  });
});
