/* Generated from schemas/responses/dialog-transfer.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * Transferred: to a colleague (responsibleOperatorId) or to a line (lineId).
 */
export interface DialogTransfer {
  responsibleOperatorId: string | null;
  lineId: string | null;
}
