import type { RequestHandler } from 'express';
import { Counter, Gauge, Histogram } from 'prom-client';
import type { DataSource } from 'typeorm';
import { DialogEntity, type Dialog } from '../../db/entities';
import { registry } from '../../runtime/metrics';

/**
 * HTTP and read-model metrics of the API. Labelled by the route's pattern (`/api/dialogs/:id`), never
 * by the raw URL, so the number of series stays bounded. Dialogs by status are read from the read
 * model when scraped, so every replica reports the same.
 */
const httpRequests = new Counter({
  name: 'lineflow_http_requests_total',
  help: 'HTTP requests answered (event streams when they end), by method, route pattern and status',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [registry],
});

const httpDuration = new Histogram({
  name: 'lineflow_http_request_duration_seconds',
  help: 'Time to answer an HTTP request (until the response is finished; SSE streams excluded)',
  labelNames: ['method', 'route'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

/** Dialogs by status, counted in the read model at scrape time (one GROUP BY). */
export function registerDialogGauge(db: DataSource): void {
  registry.removeSingleMetric('lineflow_dialogs');
  new Gauge({
    name: 'lineflow_dialogs',
    help: 'Dialogs in the read model, by status',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      const rows: Array<{ status: string; count: string | number }> = await db
        .getRepository<Dialog>(DialogEntity)
        .createQueryBuilder('d')
        .select('d.status', 'status')
        .addSelect('COUNT(*)', 'count')
        .groupBy('d.status')
        .getRawMany();
      this.reset();
      for (const row of rows) this.set({ status: row.status }, Number(row.count));
    },
  });
}

/** Counts and times every request by its matched route pattern. */
export const httpMetrics: RequestHandler = (req, res, next) => {
  const end = httpDuration.startTimer();
  res.on('close', () => {
    const route = req.route?.path ? String(req.route.path) : 'unmatched';
    // an event stream ends when its reader leaves, so it is counted then, and its length says nothing
    // about the API's speed; any other answer counts once sent (not when the caller gave up waiting)
    const stream = !!res.getHeader('content-type')?.toString().startsWith('text/event-stream');
    if (!stream && !res.writableFinished) return;
    httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
    if (!stream) end({ method: req.method, route });
  });
  next();
};
