/* Generated from schemas/flow-check-request.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * A flow to check, or nothing (an empty object) to check the saved draft.
 */
export interface FlowCheckRequest {
  [k: string]: unknown;
}
