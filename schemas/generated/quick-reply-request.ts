/* Generated from schemas/quick-reply-request.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * Change a quick reply (any of the fields). Creating one uses quick-reply-create-request.
 */
export interface QuickReplyRequest {
  /**
   * The group the reply is listed under in the inbox.
   */
  group?: string;
  title?: string;
  text?: string;
  /**
   * The line the reply belongs to; null: every line (shared) or none in particular (own).
   */
  lineId?: string | null;
}
