/* Generated from schemas/activities/send-message.input.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * The input of the Send message activity (sendMessage) as a flow's action node gives it.
 */
export interface SendMessageInput {
  text: string;
  author?: 'system' | 'bot';
}
