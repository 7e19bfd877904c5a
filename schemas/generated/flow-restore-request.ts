/* Generated from schemas/flow-restore-request.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * A published version whose document becomes the draft.
 */
export interface FlowRestoreRequest {
  version: number;
}
