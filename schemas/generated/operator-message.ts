/* Generated from schemas/operator-message.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * An operator's answer in a dialog; hidden = an internal note the client never sees.
 */
export interface OperatorMessageRequest {
  text: string;
  hidden?: boolean;
}
