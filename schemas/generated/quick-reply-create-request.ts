/* Generated from schemas/quick-reply-create-request.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * Save a quick reply: a title and either its text or `fromMessageId`, a message of a dialog the caller may see whose text it copies. `shared`: for everyone on `lineId` (or on every line when lineId is absent; admins only) instead of the caller's own.
 */
export interface QuickReplyCreateRequest {
  group?: string;
  title: string;
  text?: string;
  fromMessageId?: string;
  lineId?: string | null;
  shared?: boolean;
}
