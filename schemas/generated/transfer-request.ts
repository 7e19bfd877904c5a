/* Generated from schemas/transfer-request.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * Hand the dialog to a colleague on the same line (transfer to another line comes with the line routing).
 */
export interface TransferRequest {
  operatorId: string;
}
