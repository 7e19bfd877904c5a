/* Generated from schemas/responses/delivery-result.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * An inbound message or rating accepted: the dialog it went to and its message id.
 */
export interface DeliveryResult {
  dialogId: string;
  messageId: string;
  /**
   * true: this message was received before and stored once
   */
  duplicate: boolean;
}
