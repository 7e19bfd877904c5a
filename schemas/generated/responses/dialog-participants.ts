/* Generated from schemas/responses/dialog-participants.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * Who takes part in the dialog now.
 */
export interface DialogParticipants {
  participants: string[];
}
