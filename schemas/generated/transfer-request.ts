/* Generated from schemas/transfer-request.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * Hand the dialog to a colleague on the same line, or to another line (the dialog keeps its history and continues in that line's flow).
 */
export interface TransferRequest {
  operatorId?: string;
  lineId?: string;
}
