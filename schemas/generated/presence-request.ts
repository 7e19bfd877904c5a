/* Generated from schemas/presence-request.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * The signed-in operator goes online or offline (availability when time tracking is off).
 */
export interface PresenceRequest {
  online: boolean;
}
