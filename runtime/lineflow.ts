import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { Express } from 'express';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { OutboundDispatcher } from '../activities/delivery/outbound-dispatcher';
import { loadCatalog } from '../activities/registry';
import { createApp } from '../api/app';
import { LiveEventHub } from '../api/live/live-event-hub';
import { PresenceTracker } from '../api/live/presence-tracker';
import { openDatabase } from '../db/data-source';
import { describeSeed, seedDatabase } from './demo-seed';
import { startDialogWorker, type DialogWorker, type DialogWorkerOptions } from '../worker/dialog-worker';
import type { LineflowConfig } from './config';
import { startEmbeddedTemporal } from './embedded-temporal';

export interface StartOptions {
  api: boolean;
  worker: boolean;
  logger: Logger;
  /** Where the first-start logins go (stdout for a person; tests capture it). */
  print?: (text: string) => void;
  workflowBundle?: DialogWorkerOptions['workflowBundle'];
  /** The worker's sticky cache size (the benchmark's scale runs set it; unset = the SDK's default). */
  maxCachedWorkflows?: number;
  /** `--sqlite-pragma` values for the embedded dev server (default: runtime/embedded-temporal.ts). */
  temporalSqlitePragmas?: Record<string, string>;
  /** `--dynamic-config-value` settings for the embedded dev server (tests; none by default). */
  temporalDynamicConfig?: Record<string, string | number>;
  /** Called when a part that should run forever (the worker) fails on its own. */
  onFatal?: (error: unknown) => void;
}

export interface RunningLineflow {
  /** http://host:port of the API, when this process serves it */
  url?: string;
  temporalAddress: string;
  temporalUiUrl?: string;
  db: DataSource;
  /** the worker, when this process runs one */
  worker?: DialogWorker;
  stop(): Promise<void>;
}

/**
 * Starts what this process runs: the embedded Temporal dev server when TEMPORAL_ADDRESS is unset,
 * the database (migrated; seeded on first start by whoever serves the API), the worker and the API.
 * `stop` undoes it in reverse order, and everything started before a failure is stopped too.
 */
export async function startLineflow(config: LineflowConfig, options: StartOptions): Promise<RunningLineflow> {
  const { logger, print = (text) => process.stdout.write(`${text}\n`) } = options;
  const stack: Array<() => Promise<void>> = [];
  const stop = async () => {
    while (stack.length) {
      try {
        await stack.pop()!();
      } catch (error) {
        logger.error({ err: error }, 'error while stopping');
      }
    }
  };
  try {
    let temporalAddress = config.temporal.address;
    let temporalUiUrl: string | undefined = config.temporal.uiUrl;
    if (!temporalAddress) {
      const embedded = await startEmbeddedTemporal({
        dataDir: config.dataDir,
        namespace: config.temporal.namespace,
        port: config.temporal.embeddedPort,
        uiPort: config.temporal.embeddedUiPort,
        sqlitePragmas: options.temporalSqlitePragmas,
        dynamicConfig: options.temporalDynamicConfig,
      });
      stack.push(() => embedded.stop());
      temporalAddress = embedded.address;
      temporalUiUrl ??= embedded.uiUrl;
      logger.info({ address: temporalAddress, ui: temporalUiUrl }, 'embedded Temporal dev server started');
    }

    // Loaded before anything connects, so a broken custom activity stops the start with its name.
    const catalog = loadCatalog();
    const db = await openDatabase(config);
    stack.push(() => db.destroy());
    logger.info({ type: db.options.type }, 'database ready');

    if (options.api) {
      const seeded = await seedDatabase(db, config.seed);
      if (seeded.seeded) print(describeSeed(seeded));
    }

    // API and worker in one process share one connection: a new dialog's first workflow task then comes
    // back in the answer to its start and runs here at once (eager workflow start, issue 15).
    let shared: NativeConnection | undefined;
    if (options.worker && options.api) {
      const connection = await NativeConnection.connect({ address: temporalAddress });
      shared = connection;
      stack.push(() => connection.close());
    }

    let worker: DialogWorker | undefined;
    if (options.worker) {
      worker = await startDialogWorker({
        connection: shared,
        address: temporalAddress,
        namespace: config.temporal.namespace,
        taskQueue: config.temporal.taskQueue,
        db,
        catalog,
        workflowBundle: options.workflowBundle,
        maxCachedWorkflows: options.maxCachedWorkflows,
      });
      const started = worker;
      stack.push(() => started.stop());
      worker.running.catch((error) => {
        logger.fatal({ err: error }, 'worker stopped unexpectedly');
        options.onFatal?.(error);
      });
      logger.info({ taskQueue: config.temporal.taskQueue }, 'worker running');
      // Sends the line's messages out to telegram and webhook channels (one per worker process; they share the outbox).
      const dispatcher = new OutboundDispatcher({
        db,
        logger,
        telegramApiBaseUrl: config.telegramApiBaseUrl,
      });
      dispatcher.start();
      stack.push(() => dispatcher.stop());
    }

    let url: string | undefined;
    if (options.api) {
      let connection: Connection | NativeConnection | undefined = shared;
      if (!connection) {
        const own = await Connection.connect({ address: temporalAddress });
        stack.push(() => own.close());
        connection = own;
      }
      const temporal = new Client({ connection, namespace: config.temporal.namespace });
      const live = new LiveEventHub(db, logger);
      live.start();
      const presence = new PresenceTracker({
        db,
        temporal,
        logger,
        graceMs: config.presenceGraceSeconds * 1000,
      });
      const app = createApp({
        live,
        presence,
        db,
        catalog,
        temporal,
        taskQueue: config.temporal.taskQueue,
        eagerStart: shared !== undefined,
        ...(temporalUiUrl ? { temporalUiUrl } : {}),
        tokenTtlSeconds: config.tokenTtlSeconds,
        rateLimits: config.rateLimits,
        logger,
      });
      const server = await listen(app, config.port, config.host);
      stack.push(() => closeServer(server));
      stack.push(() => live.stop()); // ends the event streams, which would keep the server open
      stack.push(async () => presence.stop());
      const { port } = server.address() as AddressInfo;
      url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
      logger.info({ url }, 'API listening');
    }
    return { url, temporalAddress, temporalUiUrl, db, worker, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function listen(app: Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(server)));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
