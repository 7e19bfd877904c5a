import fs from 'node:fs';
import type { Page, Response } from 'playwright-core';
import { bundleSize, type BundleSize } from '../runtime/bundle-size';
import { buildWidgetIfStale, ensureWebBuild, WIDGET_FILE } from '../runtime/web-build';
import { launchChromium, signInThroughPage } from '../test/support/browser';
import { summarize, type Summary } from './stats';

/** Cold loads of the inbox measured (each in a browser context of its own: an empty cache). */
const INBOX_LOADS = 3;
/** a row of the inbox's dialog list (designer/src/inbox/DialogRow.tsx) */
const ROW = '[role="listbox"] [role="option"]';
/**
 * Installed before the page's own scripts (the app's CSP forbids evaluating strings, so nothing is
 * polled from outside): notes the time since navigation began of the first frame that draws a row.
 */
const NOTE_FIRST_ROW = `(() => {
  const seen = new MutationObserver(() => {
    const row = document.querySelector('${ROW}');
    if (!row || row.getBoundingClientRect().height === 0) return;
    seen.disconnect();
    requestAnimationFrame(() => (window.__lineflowFirstRowAt = performance.now()));
  });
  seen.observe(document, { childList: true, subtree: true });
})();`;

export interface LoadedFile extends BundleSize {
  url: string;
  type: 'script' | 'stylesheet';
}

export interface InboxLoad {
  /** from the navigation's start (the page's time origin) to the first dialog row on screen */
  timeToFirstListMs: number;
  /** the scripts and stylesheets the page asked for before that row was on screen */
  files: LoadedFile[];
}

export interface WebFigures {
  /** the operator app's inbox (`/`) opened cold by a signed-in operator in headless Chromium */
  inbox: {
    signedInAs: string;
    loads: number;
    timeToFirstListMs: Summary;
    js: BundleSize;
    css: BundleSize;
    total: BundleSize;
    files: LoadedFile[];
  };
  /** the website chat widget's one file (designer/widget's build) */
  widget: BundleSize;
}

/** Builds what is stale of the web app and the widget (what `npm start` serves) before the run. */
export async function prepareWebBuilds(log: (line: string) => void): Promise<void> {
  await buildWidgetIfStale(log);
  await ensureWebBuild(log);
}

/** One cold load of the inbox: a fresh context with the session already stored, as after a sign-in. */
async function loadInbox(page: Page, url: string): Promise<InboxLoad> {
  const responses: Array<{ response: Response; type: LoadedFile['type'] }> = [];
  page.on('response', (response) => {
    const type = response.request().resourceType();
    if (type === 'script' || type === 'stylesheet') responses.push({ response, type });
  });
  await page.goto(url, { waitUntil: 'commit' });
  await page.locator(ROW).first().waitFor({ state: 'visible', timeout: 60_000 });
  let firstRowAt: number | undefined;
  for (let tries = 0; firstRowAt === undefined; tries++) {
    if (tries > 500) throw new Error('the first row was seen, but its frame was not noted');
    firstRowAt = await page.evaluate<number | undefined>('window.__lineflowFirstRowAt');
    if (firstRowAt === undefined) await page.waitForTimeout(10);
  }
  const timeToFirstListMs = Math.round(firstRowAt * 10) / 10;
  // what the page asked for before that frame (requests' start times are wall-clock milliseconds)
  const listedAt = (await page.evaluate<number>('performance.timeOrigin')) + firstRowAt;
  const files = await Promise.all(
    responses
      .filter(({ response }) => response.request().timing().startTime < listedAt)
      .map(async ({ response, type }) => ({
        url: new URL(response.url()).pathname,
        type,
        ...bundleSize(await response.body()),
      })),
  );
  return { timeToFirstListMs, files };
}

const sum = (sizes: BundleSize[]): BundleSize => ({
  bytes: sizes.reduce((n, s) => n + s.bytes, 0),
  gzipBytes: sizes.reduce((n, s) => n + s.gzipBytes, 0),
});

/**
 * The web app's own figures on a running stack: the operator's inbox opened cold in Chromium (time
 * from navigation to the first dialog row on screen; what it loaded first, JS and CSS, gzipped) and
 * the widget's size. The inbox must list a dialog (the caller leaves one waiting).
 */
export async function measureWeb(url: string, email: string, password: string): Promise<WebFigures> {
  const browser = await launchChromium();
  try {
    const viewport = { width: 1440, height: 900 };
    const signing = await browser.newContext({ viewport, locale: 'en-US' });
    await signInThroughPage(await signing.newPage(), url, email, password);
    const storageState = await signing.storageState();
    await signing.close();
    const loads: InboxLoad[] = [];
    for (let i = 0; i < INBOX_LOADS; i++) {
      const context = await browser.newContext({ viewport, locale: 'en-US', storageState });
      await context.addInitScript(NOTE_FIRST_ROW);
      try {
        loads.push(await loadInbox(await context.newPage(), url));
      } finally {
        await context.close();
      }
    }
    const files = loads[0]!.files;
    return {
      inbox: {
        signedInAs: email,
        loads: loads.length,
        timeToFirstListMs: summarize(loads.map((l) => l.timeToFirstListMs)),
        js: sum(files.filter((f) => f.type === 'script')),
        css: sum(files.filter((f) => f.type === 'stylesheet')),
        total: sum(files),
        files,
      },
      widget: bundleSize(fs.readFileSync(WIDGET_FILE)),
    };
  } finally {
    await browser.close();
  }
}
