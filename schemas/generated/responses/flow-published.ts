/* Generated from schemas/responses/flow-published.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * The version the draft was published as.
 */
export interface FlowPublished {
  version: number;
}
