/* Generated from schemas/responses/dialog-pin.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * The dialog is pinned to its responsible operator.
 */
export interface DialogPin {
  pinned: boolean;
}
