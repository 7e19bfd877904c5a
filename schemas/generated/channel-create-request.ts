/* Generated from schemas/channel-create-request.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * Connect a channel to a line. The secret is generated (32 random bytes, base64url) unless given; a telegram channel needs its bot token, and its secret is what Telegram sends back in X-Telegram-Bot-Api-Secret-Token, so only A-Z a-z 0-9 _ - are allowed there.
 */
export type ChannelCreateRequest = {
  id?: string;
  lineId: string;
  kind: 'webhook' | 'telegram' | 'livechat';
  name: string;
  active?: boolean;
  secret?: string;
  /**
   * The channel's settings, checked against its kind: see channel-config.schema.json
   */
  config?: {};
};
