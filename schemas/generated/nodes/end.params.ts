/* Generated from schemas/nodes/end.params.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * Ends this path of the flow (other paths of the dialog go on).
 */
export interface EndParams {}
