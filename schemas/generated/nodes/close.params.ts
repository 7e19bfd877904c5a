/* Generated from schemas/nodes/close.params.schema.json by `npm run schemas:types`. Do not edit. */

export interface CloseParams {
  status?: 'closed' | 'force_closed' | 'spam';
}
