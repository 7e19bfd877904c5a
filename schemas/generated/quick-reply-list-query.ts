/* Generated from schemas/quick-reply-list-query.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * Query string of GET /api/quick-replies.
 */
export interface QuickReplyListQuery {
  /**
   * Only the ones for this line or for every line.
   */
  lineId?: string;
  /**
   * Only this group.
   */
  group?: string;
}
