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

export async function startEmbeddedTemporal(options: EmbeddedTemporalOptions): Promise<EmbeddedTemporal> {
  fs.mkdirSync(options.dataDir, { recursive: true });
  const port = options.port || (await findFreePort());
  const ui = options.ui ?? true;
  const uiPort = ui ? options.uiPort || (await findFreePort()) : undefined;
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
          extraArgs: Object.entries(options.sqlitePragmas ?? DEFAULT_TEMPORAL_SQLITE_PRAGMAS).flatMap(
            ([name, value]) => ['--sqlite-pragma', `${name}=${value}`],
          ),
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
