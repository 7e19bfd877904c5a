/* Generated from schemas/responses/dialog-assignment.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * Accepted or taken over: who is responsible now.
 */
export interface DialogAssignment {
  responsibleOperatorId: string;
}
