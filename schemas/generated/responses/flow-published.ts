/* Generated from schemas/responses/flow-published.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * The version the draft was published as, and the warnings it was published with.
 */
export interface FlowPublished {
  version: number;
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
