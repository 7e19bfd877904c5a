import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './temporal-binaries';

/**
 * The browser bundles Lineflow serves, built with Vite when missing or older than their sources: the
 * web app (designer/ → designer/dist) and the website chat widget (api/web/widget-assets.ts). What
 * `npm start` and the tests' global setup do, so nobody serves yesterday's bundle.
 */

/** The newest modification time under `target`, leaving out what `skip` says (the build's output). */
function newestInput(target: string, skip: (p: string) => boolean): number {
  if (skip(target) || !fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted file changes its folder's time
  for (const entry of fs.readdirSync(target))
    newest = Math.max(newest, newestInput(path.join(target, entry), skip));
  return newest;
}

/** Is `outFile` missing, or older than a file under `sources` (the output's own folder aside)? */
export function isStale(sources: string | readonly string[], outFile: string): boolean {
  if (!fs.existsSync(outFile)) return true;
  const output = path.dirname(outFile);
  const skip = (p: string) => p === output || path.basename(p) === 'node_modules';
  const newest = Math.max(...[sources].flat().map((source) => newestInput(source, skip)));
  return newest > fs.statSync(outFile).mtimeMs;
}

/** Runs `build` when `outFile` is missing or older than `sources`, saying so. Returns whether it built. */
export async function buildIfStale(
  name: string,
  sources: string | readonly string[],
  outFile: string,
  build: () => Promise<void>,
  log: (text: string) => void = () => undefined,
): Promise<boolean> {
  if (!isStale(sources, outFile)) return false;
  const why = fs.existsSync(outFile) ? 'older than its sources' : 'missing';
  log(`Building ${name} (${path.relative(PROJECT_ROOT, outFile)} is ${why}) …`);
  const started = Date.now();
  await build();
  if (!fs.existsSync(outFile)) throw new Error(`building ${name} did not write ${outFile}`);
  log(`Built ${name} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return true;
}

/**
 * `vite build --config <configFile>` in a child process (Vite is ESM only, and its memory is not the
 * server's). Rejects with Vite's output when the build fails.
 */
export function viteBuild(configFile: string): Promise<void> {
  const vite = path.join(PROJECT_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  if (!fs.existsSync(vite))
    return Promise.reject(new Error('Vite is not installed (a development dependency): run npm install'));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [vite, 'build', '--config', configFile, '--logLevel', 'warn'], {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`vite build --config ${configFile} failed:\n${output}`)),
    );
  });
}

/** The web app (designer/): its sources, its Vite config and where `vite build` puts it. */
export const DESIGNER_DIR = path.join(PROJECT_ROOT, 'designer');
export const WEB_DIST_DIR = path.join(DESIGNER_DIR, 'dist');
/** Written last by every successful build (designer/vite.config.mts): a build that died halfway is missing. */
export const BUILD_STAMP = path.join(WEB_DIST_DIR, '.build-stamp');
/**
 * What the app's build reads: its own files (the widget beside them is a build of its own), the schemas'
 * generated types, the routing rules and status machine it bundles, the locked packages.
 */
const WEB_SOURCES = [
  ...['src', 'public', 'index.html', 'vite.config.mts', 'tsconfig.json'].map((p) =>
    path.join(DESIGNER_DIR, p),
  ),
  ...['schemas', path.join('workflows', 'engine'), 'package-lock.json'].map((p) =>
    path.join(PROJECT_ROOT, p),
  ),
];

/** Builds the web app when designer/dist is missing or stale (`npm run build:web` always builds). */
export async function ensureWebBuild(print: (text: string) => void): Promise<void> {
  await buildIfStale(
    'the web app',
    WEB_SOURCES,
    BUILD_STAMP,
    () => viteBuild(path.join(DESIGNER_DIR, 'vite.config.mts')),
    print,
  );
}

/** The website chat widget (designer/widget): plain TypeScript, one file. */
export const WIDGET_DIR = path.join(DESIGNER_DIR, 'widget');
export const WIDGET_FILE = path.join(WIDGET_DIR, 'dist', 'widget.js');

/** Builds designer/widget into WIDGET_FILE when it is missing or older than its sources. */
export function buildWidgetIfStale(log?: (text: string) => void): Promise<boolean> {
  return buildIfStale(
    'the website chat widget',
    WIDGET_DIR,
    WIDGET_FILE,
    () => viteBuild(path.join(WIDGET_DIR, 'vite.config.mts')),
    log,
  );
}
