/* Generated from schemas/nodes/close.params.schema.json by `npm run schemas:types`. Do not edit. */

export interface CloseParams {
  /**
   * Sent to the client before closing.
   */
  message?: string;
  status?: 'closed' | 'force_closed' | 'spam';
}
