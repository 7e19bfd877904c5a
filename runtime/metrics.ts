import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The process's Prometheus registry, served at `GET /metrics` by the API. The worker's activity
 * figures land here too, so `lineflow start` (API and worker in one process) reports them all; a
 * worker deployed on its own keeps them in its process (not served over HTTP yet).
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'lineflow_process_' });

export const activityFailures = new Counter({
  name: 'lineflow_activity_failures_total',
  help: 'Activity attempts that failed (each retry counts), by activity',
  labelNames: ['activity'] as const,
  registers: [registry],
});

export const activityDuration = new Histogram({
  name: 'lineflow_activity_duration_seconds',
  help: 'Time an activity attempt took, by activity',
  labelNames: ['activity'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
  registers: [registry],
});

/** Runs one attempt of `activity`, timed into `activityDuration` and counted into `activityFailures` when it throws. */
export async function timedActivity<T>(activity: string, run: () => Promise<T>): Promise<T> {
  const end = activityDuration.startTimer({ activity });
  try {
    return await run();
  } catch (error) {
    activityFailures.inc({ activity });
    throw error;
  } finally {
    end();
  }
}

export const dialogStarts = new Counter({
  name: 'lineflow_dialog_starts_total',
  help: "Dialogs the API started with their first message, by how: eagerly (the first workflow task handed to this process's worker in the start's answer) or through the task queue",
  labelNames: ['eager'] as const,
  registers: [registry],
});
