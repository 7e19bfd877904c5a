/**
 * One process of the benchmark's system under test, started by the driver (bench/run-bench.ts) as a
 * child so that the simulated clients and operators never share an event loop with what they measure.
 * Role `stack`: the embedded Temporal dev server, the database, Lineflow's API and worker (exactly
 * what `lineflow start` runs) plus the HTTP front and the worker of the bare baseline and floor
 * (bench/baseline/). Role `worker`: one more Lineflow worker and one more baseline worker (`--workers N` starts N - 1 of these). Role `api`:
 * Lineflow's API alone (what `lineflow api` runs), for the reliability harness (chaos/), which also
 * runs its workers without the baseline (`baseline: false`) and kills these processes on purpose.
 * Talks to the driver over IPC: `ready` once up, `stats` on request, `notice` for the baseline and floor.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import pino from 'pino';
import { parseConfig } from '../runtime/config';
import { findFreePort } from '../runtime/free-port';
import { startLineflow } from '../runtime/lineflow';
import { registry } from '../runtime/metrics';
import { createBaselineActivities, type BaselineNotice } from './baseline/baseline.activities';
import { BASELINE_TASK_QUEUE, createBaselineApp } from './baseline/baseline-server';

export interface BenchServerOptions {
  role: 'stack' | 'worker' | 'api';
  /** worker and api roles: the Temporal frontend to use */
  temporalAddress?: string;
  /** the API's port (api role; 0 or unset = a free one): a restarted API comes back where it was */
  port?: number;
  /** run the baseline's worker (and, for the stack, its HTTP front), floor included, beside Lineflow; default true */
  baseline?: boolean;
  /** exit when the worker fails on its own, as `lineflow worker` does, so a supervisor restarts it */
  exitOnFatal?: boolean;
  maxCachedWorkflows?: number;
  temporalSqlitePragmas?: Record<string, string>;
  /** a prebuilt bundle of workflows/ (the tests share one); otherwise bundled at start */
  workflowBundlePath?: string;
  /** a folder for a V8 CPU profile of this server process (bench option --cpu-prof) */
  cpuProfDir?: string;
}

export type ServerMessage =
  | {
      type: 'ready';
      url?: string;
      baselineUrl?: string;
      temporalAddress: string;
      maxCachedWorkflows: number;
    }
  | { type: 'stats'; id: number; stats: ServerStats }
  | { type: 'notice'; dialogId: string; kind: string; at: number }
  | { type: 'fatal'; error: string };

export type DriverMessage = { type: 'stats'; id: number } | { type: 'stop' };

export interface ServerStats {
  pid: number;
  memory: NodeJS.MemoryUsage;
  cachedWorkflows: number;
  maxCachedWorkflows: number;
  /** Lineflow's Prometheus registry (activity timings, HTTP timings) */
  lineflowMetrics: string;
  /** the Temporal SDK core's own metrics (workflow task and replay latencies, sticky cache) */
  coreMetrics: string;
}

const send = (message: ServerMessage) => process.send?.(message);

async function main(options: BenchServerOptions): Promise<void> {
  const corePort = await findFreePort();
  Runtime.install({
    telemetryOptions: { metrics: { prometheus: { bindAddress: `127.0.0.1:${corePort}` } } },
  });
  const config = parseConfig({
    ...process.env,
    PORT: String(options.port ?? 0),
    ...(options.temporalAddress ? { TEMPORAL_ADDRESS: options.temporalAddress } : {}),
  });
  const logger = pino({ level: config.logLevel });
  const stops: Array<() => Promise<void>> = [];
  const running = await startLineflow(config, {
    api: options.role !== 'worker',
    worker: options.role !== 'api',
    logger,
    print: () => undefined,
    maxCachedWorkflows: options.maxCachedWorkflows,
    temporalSqlitePragmas: options.temporalSqlitePragmas,
    ...(options.workflowBundlePath ? { workflowBundle: { codePath: options.workflowBundlePath } } : {}),
    onFatal: (error) => {
      send({ type: 'fatal', error: String(error) });
      if (options.exitOnFatal) process.exit(1);
    },
  });
  stops.push(() => running.stop());

  const baseline = options.baseline ?? true;
  // the baseline's notices (from its notify activity) and the floor's (from its HTTP front)
  const notify = (notice: BaselineNotice) => send({ type: 'notice', ...notice, at: Date.now() });
  if (baseline) await startBaselineWorker();
  async function startBaselineWorker() {
    const nativeConnection = await NativeConnection.connect({ address: running.temporalAddress });
    const baselineWorker = await Worker.create({
      connection: nativeConnection,
      namespace: config.temporal.namespace,
      taskQueue: BASELINE_TASK_QUEUE,
      workflowsPath: require.resolve('./baseline/workflows'),
      activities: createBaselineActivities(notify),
      ...(options.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: options.maxCachedWorkflows } : {}),
    });
    const baselineRunning = baselineWorker.run();
    stops.unshift(async () => {
      baselineWorker.shutdown();
      await baselineRunning;
      await nativeConnection.close();
    });
  }

  let baselineUrl: string | undefined;
  if (options.role === 'stack' && baseline) {
    const connection = await Connection.connect({ address: running.temporalAddress });
    const app = createBaselineApp(new Client({ connection, namespace: config.temporal.namespace }), notify);
    const server: Server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    baselineUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    stops.unshift(async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await connection.close();
    });
  }

  const stats = async (): Promise<ServerStats> => {
    const status = running.worker?.status() ?? { cachedWorkflows: 0, maxCachedWorkflows: 0 };
    const core = await fetch(`http://127.0.0.1:${corePort}/metrics`).then((r) => r.text());
    return {
      pid: process.pid,
      memory: process.memoryUsage(),
      cachedWorkflows: status.cachedWorkflows,
      maxCachedWorkflows: status.maxCachedWorkflows,
      lineflowMetrics: await registry.metrics(),
      coreMetrics: core,
    };
  };
  process.on('message', (message: DriverMessage) => {
    if (message.type === 'stats') {
      void stats().then((s) => send({ type: 'stats', id: message.id, stats: s }));
    } else if (message.type === 'stop') {
      void (async () => {
        for (const stop of stops) await stop().catch(() => undefined);
        process.exit(0);
      })();
    }
  });
  process.on('disconnect', () => process.exit(1)); // the driver is gone: do not linger
  send({
    type: 'ready',
    url: running.url,
    baselineUrl,
    temporalAddress: running.temporalAddress,
    maxCachedWorkflows: running.worker?.status().maxCachedWorkflows ?? 0,
  });
}

main(JSON.parse(process.argv[2] ?? '{}') as BenchServerOptions).catch((error: unknown) => {
  send({ type: 'fatal', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});
