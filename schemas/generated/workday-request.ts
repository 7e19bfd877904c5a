/* Generated from schemas/workday-request.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * The signed-in operator starts, pauses or stops their workday (availability when time tracking is on).
 */
export interface WorkdayRequest {
  action: 'start' | 'pause' | 'stop';
}
