/* Generated from schemas/livechat-message-request.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * A visitor's message from the chat widget. `clientMessageId` is the widget's own id of the message: sending it again (a retry) stores it once.
 */
export interface LivechatMessageRequest {
  clientMessageId?: string;
  text?: string;
  /**
   * @minItems 1
   * @maxItems 20
   */
  attachments?: string[];
}
