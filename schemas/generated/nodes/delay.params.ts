/* Generated from schemas/nodes/delay.params.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * A duration as admins write it: a whole number and a unit (ms, s, m, h, d), e.g. "90s", "5m", "12h", "2d"; "0" for none.
 */
export type Duration = string;

export interface DelayParams {
  duration: Duration;
  /**
   * Count only the line's working hours (a line without working hours works around the clock).
   */
  workingHoursOnly?: boolean;
}
