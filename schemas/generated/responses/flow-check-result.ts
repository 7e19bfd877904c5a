/* Generated from schemas/responses/flow-check-result.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * The flow passes every check (otherwise 422 with the problems as details).
 */
export interface FlowCheckResult {
  valid: true;
  /**
   * @maxItems 0
   */
  problems: unknown[];
}
