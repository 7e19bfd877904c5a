import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import type { ApiRoutes } from '../api-routes';
import { errorBody } from '../errors';

async function probe(check: () => Promise<unknown>): Promise<string> {
  try {
    await check();
    return 'ok';
  } catch (error) {
    return `unreachable: ${(error as Error).message.split('\n')[0]}`;
  }
}

/** `/healthz`: the process answers. `/readyz`: the database and Temporal answer too. */
export function healthRoutes(
  routes: ApiRoutes,
  { db, temporal }: { db: DataSource; temporal: Client },
): void {
  const tag = 'Operations';
  routes.add(
    {
      method: 'get',
      path: '/healthz',
      rateLimited: false,
      tag,
      summary: 'Liveness: the process answers',
      audience: 'public',
      success: { status: 200, description: '{ status: "ok" }' },
    },
    (_req, res) => {
      res.json({ status: 'ok' });
    },
  );
  routes.add(
    {
      method: 'get',
      path: '/readyz',
      rateLimited: false,
      tag,
      summary: 'Readiness: the database and Temporal answer',
      audience: 'public',
      success: { status: 200, description: '{ status: "ready", checks }' },
      errors: [503],
    },
    async (_req, res) => {
      const [database, temporalCheck] = await Promise.all([
        probe(() => db.query('SELECT 1')),
        probe(() =>
          temporal.connection.withDeadline(Date.now() + 3000, () =>
            temporal.workflowService.getSystemInfo({}),
          ),
        ),
      ]);
      const checks = { database, temporal: temporalCheck };
      if (database === 'ok' && temporalCheck === 'ok') {
        res.json({ status: 'ready', checks });
        return;
      }
      const details = Object.entries(checks)
        .filter(([, state]) => state !== 'ok')
        .map(([name, state]) => ({ pointer: `/${name}`, message: state }));
      res.status(503).json(errorBody('not_ready', 'A dependency is unreachable', details));
    },
  );
}
