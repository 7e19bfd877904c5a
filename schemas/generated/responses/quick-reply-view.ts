/* Generated from schemas/responses/quick-reply-view.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * A quick reply: the caller's own, or shared on a line (lineId) or on every line (null).
 */
export interface QuickReplyView {
  id: string;
  shared: boolean;
  ownerId: string | null;
  lineId: string | null;
  group: string;
  title: string;
  text: string;
  createdAt: string;
  updatedAt: string;
}
