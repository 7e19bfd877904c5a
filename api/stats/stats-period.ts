import { HttpError } from '../errors';

export const DEFAULT_STATS_DAYS = 30;
const DAY_MS = 86_400_000;

export interface StatsPeriod {
  /** inclusive */
  from: Date;
  /** exclusive */
  to: Date;
}

const invalid = (param: 'from' | 'to', message: string) =>
  new HttpError(400, 'invalid_request', 'The period is not valid', [{ pointer: `/${param}`, message }]);

/**
 * A `from`/`to` the schema's pattern let through, as an instant: a date alone is that day's UTC
 * midnight; a date-time carries its offset. The calendar date must exist (JavaScript would read
 * 2026-02-30 as 2 March).
 */
function instant(param: 'from' | 'to', value: string): Date {
  const [year, month, day] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  const calendar = new Date(Date.UTC(year, month - 1, day));
  const at = new Date(value);
  if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day || Number.isNaN(at.getTime()))
    throw invalid(param, 'is not a real date or time');
  return at;
}

/** The period GET /api/stats reports on: dialogs created in [from, to); by default the last 30 days. */
export function statsPeriod(query: { from?: string; to?: string }, now: Date): StatsPeriod {
  const to = query.to === undefined ? now : instant('to', query.to);
  const from =
    query.from === undefined
      ? new Date(to.getTime() - DEFAULT_STATS_DAYS * DAY_MS)
      : instant('from', query.from);
  if (from.getTime() >= to.getTime()) throw invalid('from', 'must be before `to`');
  return { from, to };
}
