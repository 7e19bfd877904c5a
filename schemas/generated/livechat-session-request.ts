/* Generated from schemas/livechat-session-request.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * A website visitor opening the chat widget; contact details are optional (with a phone or email the CRM can write back, and the chat tracker can recognise them).
 */
export interface LivechatSessionRequest {
  name?: string;
  phone?: string;
  email?: string;
}
