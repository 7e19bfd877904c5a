/* Generated from schemas/responses/flow-check-result.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * The flow passes every check (otherwise 422 with the problems as details); warnings do not stop it.
 */
export interface FlowCheckResult {
  valid: true;
  /**
   * @maxItems 0
   */
  problems: unknown[];
  /**
   * What is likely a mistake but does not stop publishing
   */
  warnings: ValidationDetail[];
}
/**
 * One problem found in a request or a document.
 */
export interface ValidationDetail {
  /**
   * JSON pointer into the request body (or query, or document) at the problem; "/" for the whole
   */
  pointer: string;
  message: string;
  /**
   * The flow node the problem is in, when there is one
   */
  nodeId?: string;
}
