import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { tempDir, testConfig, TestStack } from '../support/test-stack';

/** The browsable API page, in a real browser, against a running Lineflow. */
describe('API docs page (/api/docs) in Chromium', () => {
  let stack: TestStack;
  let browser: Browser;
  beforeAll(async () => {
    [stack, browser] = await Promise.all([
      TestStack.start(testConfig({ LINEFLOW_DATA_DIR: tempDir() })),
      launchChromium(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('lists every operation of the OpenAPI document by tag, with who may call it and its body schema', async () => {
    const doc = (await stack.request('GET', '/api/openapi.json')).body;
    const operations = Object.values(doc.paths as Record<string, object>).reduce(
      (n, ops) => n + Object.keys(ops).length,
      0,
    );
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${stack.running.url}/api/docs`);
    await page.waitForSelector('details');
    expect(await page.locator('details').count()).toBe(operations);
    const tags = await page.locator('h2').allTextContents();
    expect(tags).toEqual(expect.arrayContaining(['Dialogs', 'Livechat', 'Channels', 'Lines']));

    const login = page.locator('details', { hasText: '/api/auth/login' });
    await login.locator('summary').click();
    await expect(login.locator('pre').textContent()).resolves.toContain('"password"');
    await expect(login.locator('summary').textContent()).resolves.toContain('public');
    const createLine = page
      .locator('details')
      .filter({ hasText: 'Create a line (it starts with the default flow' });
    await expect(createLine.locator('.who').textContent()).resolves.toBe('admin');
    expect(problems).toEqual([]);
  });
});
