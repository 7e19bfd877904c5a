/* Generated from schemas/stats-query.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * Query string of GET /api/stats, as the raw strings it arrives in (nothing is coerced). `from` must come before `to` (400 otherwise: JSON Schema cannot compare two values).
 */
export interface StatsQuery {
  /**
   * Only this line (a line the caller may not see answers 404); default: every line the caller may see.
   */
  lineId?: string;
  /**
   * Dialogs created at or after this day (an ISO date: UTC midnight) or instant (an ISO date-time with Z or an offset, seconds optional); default: 30 days before `to`. Only real calendar days and times.
   */
  from?: string;
  /**
   * Dialogs created before this day (UTC midnight) or instant; default: now.
   */
  to?: string;
  /**
   * json (default) or csv (a header row, one row per line and operator, and each line's total).
   */
  format?: 'json' | 'csv';
}
