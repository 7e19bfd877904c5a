import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { createActivities } from '../activities';
import type { Catalog } from '../activities/registry';
import { signalCapacityFreed } from '../activities/routing/capacity-nudge';
import { timedActivity } from '../runtime/metrics';
import { activityMetrics } from './activity-metrics';

export interface DialogWorkerOptions {
  address: string;
  namespace: string;
  taskQueue: string;
  db: DataSource;
  catalog: Catalog;
  /** A prebuilt bundle (tests build one and share it); otherwise workflows/ is bundled at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** Workflows kept in memory (the SDK's sticky cache); unset = the SDK's default, sized from the heap. */
  maxCachedWorkflows?: number;
  /**
   * The connection to poll on, shared with a client in this process (eager workflow start needs the
   * two on one connection); its owner closes it. Unset: the worker connects and closes its own.
   */
  connection?: NativeConnection;
}

export interface DialogWorker {
  /** Resolves when the worker has stopped polling and drained. */
  running: Promise<void>;
  /** What the worker holds now (the benchmark reads it to put memory per cached dialog). */
  status(): { cachedWorkflows: number; maxCachedWorkflows: number };
  stop(): Promise<void>;
}

export const WORKFLOWS_PATH = require.resolve('../workflows');

/** The Temporal worker of Lineflow: dialog workflows plus the activities built on `db`. */
export async function startDialogWorker(options: DialogWorkerOptions): Promise<DialogWorker> {
  const connection = options.connection ?? (await NativeConnection.connect({ address: options.address }));
  // The activities' own client: the nudge signals waiting dialogs through it.
  const clientConnection = await Connection.connect({ address: options.address });
  const temporal = new Client({ connection: clientConnection, namespace: options.namespace });
  try {
    const worker = await Worker.create({
      connection,
      namespace: options.namespace,
      taskQueue: options.taskQueue,
      ...(options.workflowBundle
        ? { workflowBundle: options.workflowBundle }
        : { workflowsPath: WORKFLOWS_PATH }),
      activities: createActivities({
        db: options.db,
        catalog: options.catalog,
        nudge: signalCapacityFreed(temporal),
        timeCall: timedActivity,
      }),
      interceptors: { activity: [activityMetrics] },
      ...(options.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: options.maxCachedWorkflows } : {}),
    });
    const running = worker.run();
    let stopped: Promise<void> | undefined;
    return {
      running,
      status: () => ({
        cachedWorkflows: worker.getStatus().numCachedWorkflows,
        maxCachedWorkflows: worker.options.maxCachedWorkflows,
      }),
      stop: () =>
        (stopped ??= (async () => {
          if (worker.getState() === 'RUNNING') worker.shutdown();
          await running;
          if (!options.connection) await connection.close();
          await clientConnection.close();
        })()),
    };
  } catch (error) {
    if (!options.connection) await connection.close();
    await clientConnection.close();
    throw error;
  }
}
