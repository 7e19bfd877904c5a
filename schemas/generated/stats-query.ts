/* Generated from schemas/stats-query.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * Query string of GET /api/stats, as the raw strings it arrives in (nothing is coerced).
 */
export interface StatsQuery {
  /**
   * Only this line (a line the caller may not see answers 404); default: every line the caller may see.
   */
  lineId?: string;
  /**
   * Dialogs created at or after this ISO date (UTC midnight) or date-time with an offset; default: 30 days before `to`.
   */
  from?: string;
  /**
   * Dialogs created before this ISO date (UTC midnight) or date-time with an offset; default: now.
   */
  to?: string;
  /**
   * json (default) or csv (a header row, one row per line and operator, and each line's total).
   */
  format?: 'json' | 'csv';
}
