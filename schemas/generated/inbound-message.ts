/* Generated from schemas/inbound-message.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * like | dislike, or 1-5
 */
export type Rating = ('like' | 'dislike') | number;

/**
 * A normalized message from a channel (docs/product.md §4.2): text and/or attachments, or a rating of the client's current or just-closed dialog.
 */
export interface InboundMessage {
  /**
   * The channel's id of this message; the same id twice is stored once.
   */
  externalMessageId: string;
  client: {
    externalId: string;
    name?: string;
    phone?: string;
    email?: string;
  };
  text?: string;
  /**
   * @minItems 1
   * @maxItems 20
   */
  attachments?: string[];
  rating?: Rating;
  sentAt?: string;
}
