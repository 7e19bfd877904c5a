import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../runtime/temporal-binaries';
import { signInThroughPage } from '../support/browser';
import { DEMO_PASSWORD, type TestStack } from '../support/test-stack';

/** Where the browser tests of the web app leave their screenshots, to be looked at. */
export const SCREENSHOT_DIR = path.join(PROJECT_ROOT, '.cache', 'test', 'screenshots');

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });
}

export interface SignedIn {
  context: BrowserContext;
  page: Page;
  /** alert() / confirm() the page opened: hostile text must never open one */
  dialogs: string[];
  /** uncaught errors of the page */
  errors: string[];
}

/** A browser context of its own for one employee, signed in through the login page. */
export async function signIn(
  browser: Browser,
  stack: TestStack,
  email: string,
  {
    password = DEMO_PASSWORD,
    prepare,
  }: { password?: string; prepare?(context: BrowserContext): Promise<unknown> } = {},
): Promise<SignedIn> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
  await prepare?.(context);
  const page = await context.newPage();
  const dialogs: string[] = [];
  const errors: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await signInThroughPage(page, stack.running.url!, email, password);
  return { context, page, dialogs, errors };
}

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * axe-core run in the page (less the elements `exclude` selects); the serious and critical violations,
 * each with the elements it found.
 */
export async function seriousA11yViolations(page: Page, exclude: string[] = []): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async (excluded) => {
    // (runs in the page, where axe is a global)
    const axe = (
      globalThis as unknown as {
        axe: { run(context: unknown): Promise<{ violations: unknown[] }> };
      }
    ).axe;
    const result = await axe.run({ include: [['html']], exclude: excluded.map((s) => [s]) });
    return result.violations as Array<{
      id: string;
      impact: string | null;
      help: string;
      nodes: Array<{ target: string[] }>;
    }>;
  }, exclude);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(' ')),
    }));
}

/** Employee ids by email (GET /api/operators as the admin). */
export async function employeeIds(stack: TestStack, adminToken: string): Promise<Map<string, string>> {
  const { body } = await stack.request<{ items: Array<{ id: string; email: string }> }>(
    'GET',
    '/api/operators',
    {
      token: adminToken,
    },
  );
  return new Map(body.items.map((u) => [u.email, u.id]));
}
