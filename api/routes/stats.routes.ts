import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import type { StatsQuery } from '../../schemas/generated/stats-query';
import type { ApiRoutes } from '../api-routes';
import { linesToRead } from '../auth/line-access';
import { dialogStats } from '../stats/dialog-stats';
import { loadStatsRows } from '../stats/load-stats-rows';
import { statsCsv } from '../stats/stats-csv';
import { statsPeriod } from '../stats/stats-period';
import { checkedQuery } from '../validation';

/**
 * Statistics (docs/product.md §3.11) per line and operator, as JSON or a CSV export. Supervisors read statistics
 * (docs/product.md §1) of the lines they work on, admins of every line; operators do not.
 */
export function statsRoutes(routes: ApiRoutes, { db }: { db: DataSource }): void {
  routes.add(
    {
      method: 'get',
      path: '/api/stats',
      tag: 'Statistics',
      summary:
        'Per line and operator: dialogs, first-answer p50/p90, answer time, KPI breaches, ratings, spam, transfers',
      audience: ['admin', 'supervisor'],
      query: 'statsQuery',
      success: {
        status: 200,
        description: 'the figures per line and operator; with format=csv the same as a CSV export',
        schema: 'statsReport',
        alsoAs: {
          'text/csv':
            'with format=csv: a header row, then one row per line and operator and one per line (its totals), as an attachment',
        },
      },
      errors: [404],
    },
    async (req, res) => {
      const query = checkedQuery<StatsQuery>(req);
      const period = statsPeriod(query, new Date());
      const lineIds = await linesToRead(db, req.user!, query.lineId);
      const lines = dialogStats(await loadStatsRows(db, lineIds, period));
      if (query.format === 'csv') {
        const name = `lineflow-stats-${period.from.toISOString().slice(0, 10)}-${period.to.toISOString().slice(0, 10)}.csv`;
        (res as Response).type('text/csv; charset=utf-8').attachment(name).send(statsCsv(lines));
        return;
      }
      res.json({ from: period.from.toISOString(), to: period.to.toISOString(), lines });
    },
  );
}
