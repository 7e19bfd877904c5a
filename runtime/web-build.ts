import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './temporal-binaries';

/** The newest modification time of the files under `dir`, leaving out `skip` (the build's own output). */
function newestInput(dir: string, skip: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (full === skip || entry.name === 'node_modules') continue;
    const time = entry.isDirectory() ? newestInput(full, skip) : fs.statSync(full).mtimeMs;
    newest = Math.max(newest, time);
  }
  return newest;
}

/** Is `outFile` missing, or older than a file under `srcDir` (its own folder aside)? */
export function isStale(srcDir: string, outFile: string): boolean {
  if (!fs.existsSync(outFile)) return true;
  return newestInput(srcDir, path.dirname(outFile)) > fs.statSync(outFile).mtimeMs;
}

/**
 * Runs `build` when the browser bundle `outFile` is missing or older than its sources in `srcDir`:
 * what `npm start` and the tests do so nobody serves yesterday's bundle. Returns whether it built.
 */
export async function buildIfStale(
  name: string,
  srcDir: string,
  outFile: string,
  build: () => Promise<void>,
  log: (text: string) => void = () => undefined,
): Promise<boolean> {
  if (!isStale(srcDir, outFile)) return false;
  log(`building ${name} (${path.relative(PROJECT_ROOT, outFile)} is missing or older than its sources)`);
  await build();
  if (!fs.existsSync(outFile)) throw new Error(`building ${name} did not write ${outFile}`);
  return true;
}

/**
 * `vite build --config <configFile>` in a child process (Vite is ESM only; this codebase also runs as
 * CommonJS under Jest). Rejects with Vite's output when the build fails.
 */
export function viteBuild(configFile: string): Promise<void> {
  const vite = path.join(PROJECT_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  if (!fs.existsSync(vite))
    return Promise.reject(new Error('Vite is not installed (a development dependency): run npm ci'));
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
