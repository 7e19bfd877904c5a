/* Generated from schemas/nodes/transfer.params.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * Hands the dialog, with its history, to another line or operator.
 */
export interface TransferParams {
  lineId?: string;
  operatorId?: string;
}
