/* Generated from schemas/nodes/action.params.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * Runs a catalog activity; `input` is checked against that activity's input schema.
 */
export interface ActionParams {
  activity: string;
  /**
   * Checked against the activity's input schema.
   */
  input?: {
    [k: string]: unknown;
  };
  /**
   * Dialog variable that receives the activity's result.
   */
  resultVariable?: string;
}
