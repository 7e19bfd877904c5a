/* Generated from schemas/error.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * Every error answer of the HTTP API (docs/product.md §4.1). `details` is always there: the problems found, each pointing at the field it is about; empty when the error is not about a field.
 */
export interface ErrorResponse {
  error: {
    code: string;
    message: string;
    details: ValidationDetail[];
  };
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
