/* Generated from schemas/responses/livechat-session.schema.json by `npm run schemas:types`. Do not edit. */

export interface LivechatSession {
  /**
   * The visitor's token: Authorization: Bearer <token> on the other livechat routes
   */
  token: string;
  visitorId: string;
  expiresAt: string;
}
