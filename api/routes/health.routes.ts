import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import type { ApiRoutes } from '../api-routes';
import { HttpError } from '../errors';

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
      success: { status: 200, description: 'the process answers', schema: 'health' },
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
      success: { status: 200, description: 'the database and Temporal answer', schema: 'readiness' },
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
      if (database === 'ok' && temporalCheck === 'ok') {
        res.json({ status: 'ready', checks: { database, temporal: temporalCheck } });
        return;
      }
      const details = Object.entries({ database, temporal: temporalCheck })
        .filter(([, state]) => state !== 'ok')
        .map(([name, state]) => ({ pointer: `/${name}`, message: state }));
      throw new HttpError(503, 'not_ready', 'A dependency is unreachable', details);
    },
  );
}
