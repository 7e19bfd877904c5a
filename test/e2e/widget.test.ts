import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_LIVECHAT_CHANNEL_ID } from '../../runtime/demo-seed';
import { PROJECT_ROOT } from '../../runtime/temporal-binaries';
import { launchChromium } from '../support/browser';
import { ADMIN_PASSWORD, DEMO_PASSWORD, eventually, TestStack } from '../support/test-stack';

// What the page.evaluate callbacks use runs in the browser; the test project has no DOM types.
declare const window: any, document: any, localStorage: any, getComputedStyle: any;

const SCREENSHOTS = path.join(PROJECT_ROOT, '.cache', 'test', 'screenshots');
const AXE = path.join(PROJECT_ROOT, 'node_modules', 'axe-core', 'axe.min.js');
const STORAGE_KEY = `lineflow-chat:${DEMO_LIVECHAT_CHANNEL_ID}`;

/** Host-page elements and the styles of theirs the widget must not change. */
const HOST_ELEMENTS = [
  'body',
  'header',
  '.hero h1',
  '.hero p',
  '#subscribe',
  'header nav a',
  '.products li',
  'footer',
];
const STYLE_PROPERTIES = [
  'font-family',
  'font-size',
  'color',
  'background-color',
  'margin',
  'padding',
  'line-height',
  'letter-spacing',
  'text-transform',
  'border',
  'display',
  'box-sizing',
];

/**
 * The website chat as a visitor meets it: the demo page of a running Lineflow in Chromium, with the
 * operator's side played through the API (operator1 of the demo line).
 */
describe('website chat widget on /demo/livechat in Chromium', () => {
  let stack: TestStack;
  let browser: Browser;
  let admin: string;
  let operator: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    [stack, browser] = await Promise.all([TestStack.startOn('sqlite'), launchChromium()]);
    admin = await stack.login('admin@lineflow.local', ADMIN_PASSWORD);
    operator = await stack.login('operator1@lineflow.local', DEMO_PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const demoUrl = () => `${stack.running.url}/demo/livechat`;

  async function newPage(options: { viewport?: { width: number; height: number } } = {}): Promise<Page> {
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 } });
    contexts.push(context);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    (page as Page & { problems?: string[] }).problems = problems;
    return page;
  }
  const launcher = (page: Page) => page.getByRole('button', { name: /^Open chat/ });
  const log = (page: Page) => page.getByRole('log');
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(SCREENSHOTS, `widget-${name}.png`) });
  const visitorToken = (page: Page) =>
    page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? '{}').token as string, STORAGE_KEY);
  const api = (method: string, urlPath: string, json?: unknown, token = operator) =>
    stack.request(method, urlPath, { token, ...(json === undefined ? {} : { json }) });
  const dialogOf = async (page: Page) =>
    eventually(async () => {
      const history = await api('GET', '/api/livechat/messages', undefined, await visitorToken(page));
      return history.body.dialogId ?? undefined;
    });

  /** axe-core on the whole page, the widget's (open) shadow root included: no serious or critical finding. */
  async function seriousViolations(page: Page) {
    await page.addScriptTag({ path: AXE });
    return page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<any> } })
        .axe;
      const result = await axe.run(document, { resultTypes: ['violations'] });
      return (result.violations as any[])
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n: any) => n.target) }));
    });
  }

  async function hostStyles(page: Page) {
    return page.evaluate(
      ({ selectors, properties }) =>
        selectors.map((selector) => {
          const style = getComputedStyle(document.querySelector(selector)!);
          return [selector, properties.map((p) => `${p}: ${style.getPropertyValue(p)}`)];
        }),
      { selectors: HOST_ELEMENTS, properties: STYLE_PROPERTIES },
    );
  }
  const pageFacts = (page: Page) =>
    page.evaluate(() => ({
      globals: Object.keys(window),
      styleSheets: document.styleSheets.length,
      headChildren: document.head.children.length,
    }));

  it("leaves the host page's styles and globals as they were, and serves the script to any site", async () => {
    const script = await fetch(`${stack.running.url}/widget.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(script.headers.get('access-control-allow-origin')).toBe('*');
    expect(script.headers.get('cache-control')).toMatch(/max-age=\d+/);
    expect(script.headers.get('etag')).toBeTruthy();

    const bare = await newPage();
    await bare.route('**/widget.js', (route) => route.abort());
    await bare.goto(demoUrl());
    const before = await hostStyles(bare);
    const factsBefore = await pageFacts(bare);

    const page = await newPage();
    await page.goto(demoUrl());
    await launcher(page).waitFor();
    expect(await hostStyles(page)).toEqual(before);
    const factsAfter = await pageFacts(page);
    expect(factsAfter.styleSheets).toBe(factsBefore.styleSheets);
    expect(factsAfter.headChildren).toBe(factsBefore.headChildren);
    expect(factsAfter.globals.filter((g) => !factsBefore.globals.includes(g))).toEqual(['LineflowWidget']);
    await shot(page, 'launcher');

    // The widget's own look does not come from the page: the page's uppercase yellow buttons stay its own.
    const launcherStyle = await launcher(page).evaluate((el) => {
      const s = getComputedStyle(el);
      return { transform: s.textTransform, font: s.fontFamily, background: s.backgroundColor };
    });
    expect(launcherStyle.transform).toBe('none');
    expect(launcherStyle.font).not.toMatch(/Georgia/);
    expect(launcherStyle.background).not.toBe('rgb(244, 201, 93)');
    expect(await seriousViolations(page)).toEqual([]);
    expect((page as Page & { problems?: string[] }).problems).toEqual([]);
  });

  it('with nobody online, takes a message and an email to answer later', async () => {
    const page = await newPage();
    await page.goto(demoUrl());
    await launcher(page).click();
    await expect(page.getByText('We are away', { exact: true }).isVisible()).resolves.toBe(true);
    const send = page.getByRole('button', { name: 'Send message' });
    await send.click();
    await expect(page.getByText('Please fill this in.').count()).resolves.toBe(2); // email and message
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByLabel('Your name').fill('Olga');
    await page.getByLabel('Message').fill('Do you roast decaf?');
    await send.click();
    await page.getByText('Please enter a valid email address.').waitFor();
    await shot(page, 'offline-form');
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel('Email').fill('olga@example.com');
    await send.click();
    await page.getByText('Thank you! We will reply to olga@example.com.').waitFor();
    await log(page).getByText('Do you roast decaf?').waitFor();
    await shot(page, 'offline-sent');
    const dialogId = await dialogOf(page);
    const dialog = await eventually(async () => {
      const d = await api('GET', `/api/dialogs/${dialogId}`, undefined, admin);
      return d.status === 200 && d.body.messages.length ? d.body : undefined;
    });
    expect(dialog.client).toMatchObject({ name: 'Olga', email: 'olga@example.com' });
    expect(dialog.messages[0]).toMatchObject({ author: 'client', text: 'Do you roast decaf?' });
  });

  describe('a conversation with an operator', () => {
    let page: Page;
    let dialogId: string;
    let next: string; // the visitor's second dialog

    beforeAll(async () => {
      expect((await api('POST', '/api/me/presence', { online: true })).status).toBe(200);
      page = await newPage();
      // Keeps the page's event streams within the test's reach, to drop one as a flaky network would.
      await page.addInitScript(() => {
        const Native = window.EventSource;
        const sources: any[] = [];
        (window as any).__sources = sources;
        window.EventSource = class extends Native {
          constructor(url: string, init?: object) {
            super(url, init);
            sources.push(this);
          }
        };
      });
      await page.goto(demoUrl());
    });

    it('asks who is writing first (the channel has a pre-chat form), then sends with Enter', async () => {
      await launcher(page).click();
      await page.getByText('We are online').waitFor();
      await page.getByRole('button', { name: 'Start chat' }).click();
      await page.getByText('Please fill this in.').waitFor(); // the name; the email is optional here
      await shot(page, 'prechat');
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByLabel('Your name').fill('Vera');
      await page.getByLabel('Email').fill('vera@example.com');
      await page.getByRole('button', { name: 'Start chat' }).click();

      const compose = page.getByRole('textbox', { name: 'Message' });
      await expect(compose.evaluate((el) => el === (el.getRootNode() as any).activeElement)).resolves.toBe(
        true,
      );
      await compose.pressSequentially('Do you ship to Riga?');
      await compose.press('Shift+Enter');
      await compose.pressSequentially('And to Tallinn?');
      await compose.press('Enter');
      await expect(compose.inputValue()).resolves.toBe('');
      await log(page).getByText('Do you ship to Riga?\nAnd to Tallinn?').waitFor();

      dialogId = await dialogOf(page);
      const dialog = await eventually(async () => {
        const d = await api('GET', `/api/dialogs/${dialogId}`);
        return d.status === 200 && d.body.status === 'offered' ? d.body : undefined;
      });
      expect(dialog.client).toMatchObject({ name: 'Vera', email: 'vera@example.com' });
      expect(dialog.messages.map((m: any) => m.text)).toEqual(['Do you ship to Riga?\nAnd to Tallinn?']);
    });

    it("shows the operator's answers live, and counts the unread ones on the launcher", async () => {
      expect((await api('POST', `/api/dialogs/${dialogId}/accept`)).status).toBe(200);
      expect(
        (await api('POST', `/api/dialogs/${dialogId}/messages`, { text: 'Yes, to both, in 3 days.' })).status,
      ).toBe(201);
      expect(
        (await api('POST', `/api/dialogs/${dialogId}/messages`, { text: 'VIP client', hidden: true })).status,
      ).toBe(201);
      await log(page).getByText('Yes, to both, in 3 days.').waitFor();
      await shot(page, 'conversation');
      expect(await seriousViolations(page)).toEqual([]);

      await page.getByRole('button', { name: 'Minimize chat' }).first().click();
      expect(
        (await api('POST', `/api/dialogs/${dialogId}/messages`, { text: 'Anything else?' })).status,
      ).toBe(201);
      await page.getByRole('button', { name: 'Open chat (1 unread)' }).waitFor();
      await shot(page, 'unread');
      await launcher(page).click();
      await log(page).getByText('Anything else?').waitFor();
      await page.getByRole('button', { name: 'Minimize chat' }).first().click();
      await page.getByRole('button', { name: 'Open chat', exact: true }).waitFor(); // read: no badge
      await launcher(page).click();
      // the internal note never reached the visitor
      await expect(log(page).getByText('VIP client').count()).resolves.toBe(0);
    });

    it('catches up after the network drops: what the operator wrote meanwhile shows once', async () => {
      // The network goes; the open stream breaks (an established connection outlives Chromium's offline
      // emulation, so the test breaks it the way the browser reports a broken stream).
      await page.context().setOffline(true);
      await page.evaluate(() =>
        (window as any).__sources
          .filter((s: any) => s.readyState !== 2) // not CLOSED
          .forEach((s: any) => s.dispatchEvent(new Event('error'))),
      );
      await page.getByText('Connection lost. Reconnecting…').waitFor();
      expect(
        (await api('POST', `/api/dialogs/${dialogId}/messages`, { text: 'Sent while you were offline' }))
          .status,
      ).toBe(201);
      await shot(page, 'reconnecting');
      await page.waitForTimeout(1500); // a reconnection attempt or two fail meanwhile
      await page.context().setOffline(false);
      await log(page).getByText('Sent while you were offline').waitFor({ timeout: 20_000 });
      await page.getByText('Connection lost. Reconnecting…').waitFor({ state: 'hidden' });
      await expect(log(page).getByText('Sent while you were offline').count()).resolves.toBe(1);
    });

    it('asks for a rating when the operator closes, and the rating reaches the dialog', async () => {
      expect((await api('POST', `/api/dialogs/${dialogId}/close`)).status).toBe(200);
      const rating = page.getByRole('group', { name: 'How was the conversation?' });
      await rating.waitFor();
      await expect(rating.getByRole('button').count()).resolves.toBe(5);
      await rating.getByRole('button', { name: '4 out of 5' }).hover();
      await shot(page, 'rating');
      expect(await seriousViolations(page)).toEqual([]);
      await rating.getByRole('button', { name: '5 out of 5' }).click();
      await page.getByText('Thank you for your feedback!').waitFor();
      const rated = await eventually(async () => {
        const d = await api('GET', `/api/dialogs/${dialogId}`);
        return d.body.status === 'closed' ? d.body : undefined;
      });
      expect(rated.rating).toBe(5);
    });

    it('keeps the conversation (and the open panel) across a reload', async () => {
      await page.reload();
      await log(page).getByText('Do you ship to Riga?\nAnd to Tallinn?').waitFor();
      await log(page).getByText('Yes, to both, in 3 days.').waitFor();
      await log(page).getByText('Sent while you were offline').waitFor();
      await page.getByText('The conversation has ended. Write to us any time.').waitFor();
      // the same visitor: no pre-chat form again
      await expect(page.getByRole('button', { name: 'Start chat' }).count()).resolves.toBe(0);
    });

    it('shows hostile text as text and runs none of it', async () => {
      const hostile = '<img src=x onerror="window.__pwned=1"> & <b>bold</b>';
      const compose = page.getByRole('textbox', { name: 'Message' });
      await compose.fill(hostile);
      await compose.press('Enter');
      await log(page).getByText(hostile).waitFor();
      next = await eventually(async () => {
        const id = await dialogOf(page);
        return id !== dialogId ? id : undefined;
      });
      await eventually(async () => {
        const d = await api('GET', `/api/dialogs/${next}`);
        return d.body.status === 'offered' ? d.body : undefined;
      });
      expect((await api('POST', `/api/dialogs/${next}/accept`)).status).toBe(200);
      const answer = '<script>window.__pwned=2</script><a href="javascript:alert(1)">link</a>';
      expect((await api('POST', `/api/dialogs/${next}/messages`, { text: answer })).status).toBe(201);
      await log(page).getByText(answer).waitFor();
      await page.waitForTimeout(300);
      await expect(page.evaluate(() => (window as any).__pwned)).resolves.toBeUndefined();
      const markup = await page.evaluate(
        () =>
          document
            .querySelector('lineflow-chat')!
            .shadowRoot!.querySelectorAll('.log img, .log script, .log b, .log a').length,
      );
      expect(markup).toBe(0);
      expect((page as Page & { problems?: string[] }).problems).toEqual([]);
      await shot(page, 'hostile');
    });

    it('asks for a like or a dislike on a line that rates so', async () => {
      const linePath = '/api/lines/demo-support';
      const { settings } = (await api('GET', linePath, undefined, admin)).body;
      expect(
        (
          await api(
            'PATCH',
            linePath,
            { settings: { ...settings, rating: { scale: 'like_dislike' } } },
            admin,
          )
        ).status,
      ).toBe(200);
      try {
        await page.reload(); // the widget reads the line's settings when the page loads
        expect((await api('POST', `/api/dialogs/${next}/close`)).status).toBe(200);
        await log(page).getByText('Please rate this conversation: like or dislike.').waitFor();
        const rating = page.getByRole('group', { name: 'How was the conversation?' });
        await rating.getByRole('button', { name: 'Bad' }).waitFor();
        await shot(page, 'rating-like');
        await rating.getByRole('button', { name: 'Good' }).click();
        await page.getByText('Thank you for your feedback!').waitFor();
        const rated = await eventually(async () => {
          const d = await api('GET', `/api/dialogs/${next}`);
          return d.body.status === 'closed' ? d.body : undefined;
        });
        expect(rated.rating).toBe('like');
      } finally {
        await api('PATCH', linePath, { settings }, admin);
      }
    });
  });

  it('speaks Russian on a Russian page and fills a phone screen', async () => {
    const page = await newPage({ viewport: { width: 390, height: 800 } });
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(`${demoUrl()}?lang=ru`);
    await page.getByRole('button', { name: 'Открыть чат' }).click();
    await page.getByText('Мы на связи').waitFor();
    const panel = await page.getByRole('region', { name: 'Чат: Support' }).boundingBox();
    expect(panel).toMatchObject({ x: 0, y: 0, width: 390, height: 800 });
    await shot(page, 'mobile-ru');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('stays off a site the channel does not allow, and works across origins on one it does', async () => {
    // A customer's site on a server of its own: http://127.0.0.1:<port> is the allowed shop, the same
    // server as http://localhost:<port> another origin the channel does not list. (Real servers on the
    // loopback: Chromium refuses pages from elsewhere calling a loopback API.)
    const site = http.createServer((_req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(
        '<!doctype html><html lang="en"><head><title>A shop</title></head><body><main><h1>A shop</h1></main>' +
          `<script src="${stack.running.url}/widget.js" data-channel="${DEMO_LIVECHAT_CHANNEL_ID}" async></script>` +
          '</body></html>',
      );
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    const port = (site.address() as AddressInfo).port;
    const shop = `http://127.0.0.1:${port}`;
    const other = `http://localhost:${port}`;
    const channelPath = `/api/channels/${DEMO_LIVECHAT_CHANNEL_ID}`;
    const before = (await api('GET', channelPath, undefined, admin)).body.config;
    expect(
      (await api('PATCH', channelPath, { config: { ...before, allowedOrigins: [shop] } }, admin)).status,
    ).toBe(200);
    try {
      const refused = await fetch(`${stack.running.url}/api/livechat/${DEMO_LIVECHAT_CHANNEL_ID}/sessions`, {
        method: 'POST',
        headers: { origin: other, 'content-type': 'application/json' },
        body: '{}',
      });
      expect(refused.status).toBe(403);
      expect(refused.headers.get('access-control-allow-origin')).toBeNull();
      expect(await refused.json()).toEqual({
        error: {
          code: 'origin_not_allowed',
          message: `This chat is not available on pages of ${other}`,
          details: [],
        },
      });

      // The refusal carries no CORS permission: the page cannot even read it, and the widget stays out.
      const otherPage = await newPage();
      const consoleErrors: string[] = [];
      otherPage.on('console', (m) => {
        if (m.type() === 'error') consoleErrors.push(m.text());
      });
      const failed = otherPage.waitForEvent('requestfailed', (r) => r.url().endsWith('/widget'));
      await otherPage.goto(`${other}/`);
      await failed;
      await otherPage.waitForTimeout(300);
      await expect(otherPage.locator('lineflow-chat').count()).resolves.toBe(0);
      await expect(launcher(otherPage).count()).resolves.toBe(0);
      expect(consoleErrors.join('\n')).toContain('CORS policy');

      const shopPage = await newPage();
      await shopPage.goto(`${shop}/`);
      await launcher(shopPage).click();
      await shopPage.getByLabel('Your name').fill('Shop visitor');
      await shopPage.getByRole('button', { name: 'Start chat' }).click();
      const compose = shopPage.getByRole('textbox', { name: 'Message' });
      await compose.fill('Hello from the shop');
      await compose.press('Enter');
      await log(shopPage).getByText('Hello from the shop').waitFor();
      await shopPage.getByText('Sending…').waitFor({ state: 'detached' });
      await expect(shopPage.getByText('Not sent.').count()).resolves.toBe(0);
      const token = await visitorToken(shopPage);
      const stored = await eventually(async () => {
        const history = await api('GET', '/api/livechat/messages', undefined, token);
        return history.body.items.length ? history.body.items : undefined;
      });
      expect(stored.map((m: any) => m.text)).toEqual(['Hello from the shop']);
      // and the answer comes back over the event stream, across origins too
      const shopDialog = await dialogOf(shopPage);
      await eventually(async () => {
        const d = await api('GET', `/api/dialogs/${shopDialog}`);
        return d.body.status === 'offered' ? d.body : undefined;
      });
      expect((await api('POST', `/api/dialogs/${shopDialog}/accept`)).status).toBe(200);
      expect(
        (await api('POST', `/api/dialogs/${shopDialog}/messages`, { text: 'Hello, shop!' })).status,
      ).toBe(201);
      await log(shopPage).getByText('Hello, shop!').waitFor();
      expect((shopPage as Page & { problems?: string[] }).problems).toEqual([]);
    } finally {
      await api('PATCH', channelPath, { config: before }, admin);
      site.close();
    }
  });
});
