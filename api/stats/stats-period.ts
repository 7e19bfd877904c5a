import type { StatsQuery } from '../../schemas/generated/stats-query';
import { HttpError } from '../errors';

export const DEFAULT_STATS_DAYS = 30;
const DAY_MS = 86_400_000;

export interface StatsPeriod {
  /** inclusive */
  from: Date;
  /** exclusive */
  to: Date;
}

/**
 * The period GET /api/stats reports on: dialogs created in [from, to); by default the last 30 days.
 * `from` and `to` have passed stats-query.schema.json, whose pattern admits only real calendar days and
 * times (a date alone is that day's UTC midnight; a date-time carries its offset), so each reads as an
 * instant; what the schema cannot say is that `from` comes first.
 */
export function statsPeriod(query: Pick<StatsQuery, 'from' | 'to'>, now: Date): StatsPeriod {
  const to = query.to === undefined ? now : new Date(query.to);
  const from =
    query.from === undefined ? new Date(to.getTime() - DEFAULT_STATS_DAYS * DAY_MS) : new Date(query.from);
  if (from.getTime() >= to.getTime())
    throw new HttpError(400, 'invalid_request', 'The period is not valid', [
      { pointer: '/from', message: 'must be before `to`' },
    ]);
  return { from, to };
}
