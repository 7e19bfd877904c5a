/* Generated from schemas/responses/operator-message-result.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * The operator's message, stored and on its way.
 */
export interface OperatorMessageResult {
  messageId: string;
}
