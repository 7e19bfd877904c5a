import type { DataSource } from 'typeorm';
import type { ApiRoutes } from '../api-routes';
import { registry } from '../../runtime/metrics';
import { registerDialogGauge } from '../operations/metrics';

/** `GET /metrics`: Prometheus text exposition of this process's registry. */
export function metricsRoutes(routes: ApiRoutes, { db }: { db: DataSource }): void {
  registerDialogGauge(db);
  routes.add(
    {
      method: 'get',
      path: '/metrics',
      tag: 'Operations',
      summary: 'Prometheus metrics: requests, latencies, dialogs by status, activity failures',
      audience: 'public',
      rateLimited: false,
      success: {
        status: 200,
        description: 'the Prometheus text exposition format',
        contentType: 'text/plain',
      },
    },
    async (_req, res) => {
      res.type(registry.contentType).send(await registry.metrics());
    },
  );
}
