/* Generated from schemas/responses/workday.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * The signed-in employee's workday now.
 */
export interface Workday {
  workdayState: 'started' | 'paused' | 'stopped';
}
