/* Generated from schemas/responses/livechat-visitor.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * The visitor's contact details as the session holds them now.
 */
export interface LivechatVisitor {
  visitorId: string;
  name: string | null;
  email: string | null;
  phone: string | null;
}
