import fs from 'node:fs';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { findFreePort } from './free-port';
import { withTemporalExecutable, type LookupOptions } from './temporal-binaries';

/**
 * The embedded default: a `temporal server start-dev` process with its SQLite file in the data
 * directory (so dialogs survive a restart) and its web UI. The SDK's ephemeral-server support spawns
 * and stops the process; we only choose the binary, the file and the ports.
 */
export interface EmbeddedTemporal {
  address: string;
  uiUrl?: string;
  namespace: string;
  stop(): Promise<void>;
}

export interface EmbeddedTemporalOptions extends LookupOptions {
  dataDir: string;
  namespace: string;
  port?: number;
  uiPort?: number;
  ui?: boolean;
  /** Passed as `--sqlite-pragma NAME=VALUE`; default DEFAULT_TEMPORAL_SQLITE_PRAGMAS, `{}` for none. */
  sqlitePragmas?: Record<string, string>;
  /**
   * Passed as `--dynamic-config-value KEY=VALUE` (a JSON value), e.g. a test lowering
   * `limit.historyCount.suggestContinueAsNew` to see a continue-as-new sooner.
   */
  dynamicConfig?: Record<string, string | number>;
}

/**
 * Without pragmas the dev server opens its SQLite file with SQLite's defaults: a rollback journal and
 * synchronous=FULL, so every Temporal state change waits for fsyncs on one connection. The benchmark
 * (BENCHMARKS.md) measured that as the largest single cost of a dialog. With WAL and synchronous=NORMAL
 * a commit needs no fsync; it survives a crash of the process (what `npm start` promises), and only
 * an OS crash or power loss may lose the last moments.
 */
export const DEFAULT_TEMPORAL_SQLITE_PRAGMAS: Readonly<Record<string, string>> = {
  journal_mode: 'wal',
  synchronous: 'normal',
};

/**
 * Ports chosen here are only free when chosen: another process (another test suite's server) may bind
 * one before the dev server does. So a start on ports we picked is tried again on fresh ones, and a
 * failure says which ports it was, not what the SDK guesses (it blames a stuck download).
 */
const START_ATTEMPTS = 3;

export async function startEmbeddedTemporal(options: EmbeddedTemporalOptions): Promise<EmbeddedTemporal> {
  fs.mkdirSync(options.dataDir, { recursive: true });
  const picked = !options.port || (options.ui !== false && !options.uiPort);
  const failures: string[] = [];
  for (let attempt = 1; attempt <= (picked ? START_ATTEMPTS : 1); attempt++) {
    const port = options.port || (await findFreePort());
    const ui = options.ui ?? true;
    const uiPort = ui ? options.uiPort || (await findFreePort()) : undefined;
    try {
      return await startOn(options, port, ui, uiPort);
    } catch (error) {
      const ports = `127.0.0.1:${port}${uiPort ? ` (web UI ${uiPort})` : ''}`;
      failures.push(`on ${ports}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  throw new Error(
    `The embedded Temporal dev server did not start (a port taken by another process, or a broken ` +
      `binary):\n${failures.map((f) => `  - ${f}`).join('\n')}\nSet TEMPORAL_PORT / TEMPORAL_UI_PORT to ` +
      `free ports, or TEMPORAL_ADDRESS to a Temporal server you run yourself.`,
  );
}

async function startOn(
  options: EmbeddedTemporalOptions,
  port: number,
  ui: boolean,
  uiPort: number | undefined,
): Promise<EmbeddedTemporal> {
  const env = await withTemporalExecutable(
    'cli',
    (executable) =>
      TestWorkflowEnvironment.createLocal({
        server: {
          executable,
          dbFilename: path.join(options.dataDir, 'temporal.sqlite'),
          namespace: options.namespace,
          ip: '127.0.0.1',
          port,
          ui,
          uiPort,
          log: { format: 'json', level: 'error' },
          extraArgs: [
            ...Object.entries(options.sqlitePragmas ?? DEFAULT_TEMPORAL_SQLITE_PRAGMAS).flatMap(
              ([name, value]) => ['--sqlite-pragma', `${name}=${value}`],
            ),
            ...Object.entries(options.dynamicConfig ?? {}).flatMap(([key, value]) => [
              '--dynamic-config-value',
              `${key}=${JSON.stringify(value)}`,
            ]),
          ],
        },
      }),
    options,
  );
  let stopped: Promise<void> | undefined;
  return {
    address: env.address,
    uiUrl: uiPort ? `http://127.0.0.1:${uiPort}` : undefined,
    namespace: options.namespace,
    stop: () => (stopped ??= env.teardown()),
  };
}
