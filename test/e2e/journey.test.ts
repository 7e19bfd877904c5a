import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { ADMIN_PASSWORD, eventually, TestStack } from '../support/test-stack';
import { screenshot, signIn, type SignedIn } from './web-app-pages';

/**
 * A contact center worked from the browser alone, both sides at once: a visitor writes in the website
 * chat on /demo/livechat, the operator (signed in to the web app, so online) sees it appear in
 * Unanswered without a reload, accepts, answers; the visitor sees the answer live; the operator
 * closes, the widget asks for a rating, the visitor rates, and the dialog reads closed with it.
 */
describe('the whole journey in Chromium: website chat and operator inbox', () => {
  let stack: TestStack;
  let browser: Browser;
  let operator: SignedIn;
  let visitor: Page;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([TestStack.startOn('sqlite'), launchChromium()]);
    operator = await signIn(browser, stack, 'operator1@lineflow.local');
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    visitor = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it("goes from a visitor's first line to a rated, closed dialog with no reload on either side", async () => {
    const inbox = operator.page;
    await inbox.getByRole('tab', { name: /Unanswered/ }).click();
    // the operator's open inbox makes them online: the widget says someone is there
    await visitor.goto(`${stack.running.url}/demo/livechat`);
    await visitor.getByRole('button', { name: /^Open chat/ }).click();
    await visitor.getByText('We are online').waitFor();
    await visitor.getByLabel('Your name').fill('Nina');
    await visitor.getByRole('button', { name: 'Start chat' }).click();
    const compose = visitor.getByRole('textbox', { name: 'Message' });
    await compose.fill('My order #1042 has not arrived');
    await compose.press('Enter');

    // the dialog appears in the operator's Unanswered list, offered to them, without a reload
    const row = inbox.getByRole('option', { name: /Nina/ });
    await row.waitFor({ timeout: 30_000 });
    await screenshot(inbox, 'journey-01-inbox-new-dialog');
    await row.click();
    await inbox.getByRole('button', { name: 'Accept' }).click();
    const box = inbox.getByLabel('Message to the client');
    await box.fill('Sorry about that, Nina. It ships today.');
    await box.press('Enter');

    // the visitor sees the answer live
    await visitor.getByRole('log').getByText('Sorry about that, Nina. It ships today.').waitFor();
    await screenshot(visitor, 'journey-02-widget-answer');

    // the operator closes; the flow asks for a rating; the widget shows it; the visitor rates
    await inbox.getByRole('button', { name: 'Close', exact: true }).click();
    const rating = visitor.getByRole('group', { name: 'How was the conversation?' });
    await rating.waitFor({ timeout: 30_000 });
    await screenshot(visitor, 'journey-03-widget-rating');
    await rating.getByRole('button', { name: '5 out of 5' }).click();
    await visitor.getByText('Thank you for your feedback!').waitFor();

    const admin = await stack.login('admin@lineflow.local', ADMIN_PASSWORD);
    const list = await stack.request('GET', '/api/dialogs?view=all', { token: admin });
    const id = list.body.items.find((d: { client: { name: string } | null }) => d.client?.name === 'Nina').id;
    const closed = await eventually(async () => {
      const dialog = (await stack.request('GET', `/api/dialogs/${id}`, { token: admin })).body;
      return dialog.status === 'closed' && dialog.rating === 5 ? dialog : undefined;
    }, 30_000);
    expect(closed.messages.map((m: { author: string }) => m.author)).toEqual(
      expect.arrayContaining(['client', 'operator']),
    );
    await screenshot(inbox, 'journey-04-inbox-closed');
    expect(operator.errors).toEqual([]);
  });
});
