/* Generated from schemas/nodes/delay.params.schema.json by `npm run schemas:types`. Do not edit. */

export interface DelayParams {
  duration: string;
  /**
   * Count only the line's working hours (a line without working hours works around the clock).
   */
  workingHoursOnly?: boolean;
}
