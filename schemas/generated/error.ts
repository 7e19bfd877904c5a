/* Generated from schemas/error.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * Every error answer of the HTTP API (docs/product.md §4.1).
 */
export interface ErrorResponse {
  error: {
    code: string;
    message: string;
    details?: {
      /**
       * JSON pointer into the request body
       */
      pointer?: string;
      message: string;
      nodeId?: string;
    }[];
  };
}
