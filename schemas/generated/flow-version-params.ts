/* Generated from schemas/flow-version-params.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * Path parameters of GET /api/lines/{lineId}/flow/versions/{version}, as the raw strings they arrive in.
 */
export interface FlowVersionParams {
  /**
   * The line.
   */
  lineId: string;
  /**
   * A published version number: a positive integer.
   */
  version: string;
}
