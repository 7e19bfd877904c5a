/* Generated from schemas/responses/presence.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * The signed-in employee's presence now.
 */
export interface Presence {
  online: boolean;
}
