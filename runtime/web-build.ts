import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './temporal-binaries';

/** The web app (designer/): its sources, its Vite config and where `vite build` puts it. */
export const DESIGNER_DIR = path.join(PROJECT_ROOT, 'designer');
export const WEB_DIST_DIR = path.join(DESIGNER_DIR, 'dist');
const VITE_CONFIG = path.join(DESIGNER_DIR, 'vite.config.mts');
const VITE_BIN = path.join(PROJECT_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
/** What the build depends on besides designer/'s own files. */
const INPUTS_OUTSIDE = ['package-lock.json', 'schemas'].map((p) => path.join(PROJECT_ROOT, p));
/** Written last by every successful `vite build` (designer/vite.config.mts), so a build that died halfway counts as missing. */
export const BUILD_STAMP = path.join(WEB_DIST_DIR, '.build-stamp');

function newestMtime(target: string, skip: (p: string) => boolean): number {
  if (skip(target) || !fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted file changes its folder's time
  for (const entry of fs.readdirSync(target))
    newest = Math.max(newest, newestMtime(path.join(target, entry), skip));
  return newest;
}

/** Why the built app cannot be served as it is, or null when it is up to date. */
export function webBuildStaleness(): 'missing' | 'stale' | null {
  if (!fs.existsSync(BUILD_STAMP) || !fs.existsSync(path.join(WEB_DIST_DIR, 'index.html'))) return 'missing';
  const builtAt = fs.statSync(BUILD_STAMP).mtimeMs;
  const skip = (p: string) => p === WEB_DIST_DIR || path.basename(p) === 'node_modules';
  const sources = Math.max(
    newestMtime(DESIGNER_DIR, skip),
    ...INPUTS_OUTSIDE.map((p) => newestMtime(p, skip)),
  );
  return sources > builtAt ? 'stale' : null;
}

/** Runs `vite build` for the web app in a child process (its memory is not the server's). */
export function buildWebApp(print: (text: string) => void = () => undefined): Promise<void> {
  if (!fs.existsSync(VITE_BIN)) {
    return Promise.reject(
      new Error(
        'Vite is not installed, so the web app cannot be built: run `npm install` (dev dependencies)',
      ),
    );
  }
  return new Promise((resolve, reject) => {
    let output = '';
    const child = spawn(
      process.execPath,
      [VITE_BIN, 'build', '--config', VITE_CONFIG, '--logLevel', 'warn'],
      {
        cwd: PROJECT_ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`vite build failed (exit ${code}):\n${output}`));
      if (output.trim()) print(output.trim());
      resolve();
    });
  });
}

/**
 * Builds the web app when designer/dist is missing or older than its sources (or the lock file),
 * saying so; otherwise does nothing. `npm start` and the tests' global setup call it, so a fresh
 * clone serves the current app (`npm run build:web` builds it unconditionally).
 */
export async function ensureWebBuild(print: (text: string) => void): Promise<void> {
  const why = webBuildStaleness();
  if (!why) return;
  const reason = why === 'missing' ? 'designer/dist is missing' : 'designer/ changed since the last build';
  print(`Building the web app (${reason}) …`);
  const started = Date.now();
  await buildWebApp(print);
  print(`Web app built into designer/dist in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
