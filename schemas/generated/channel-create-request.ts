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
  config?: ChannelConfigFields;
};
/**
 * Web origins (scheme://host[:port]) whose pages may embed the chat; absent: any site. The API's own origin (its demo page) is always allowed.
 *
 * @maxItems 50
 */
export type AllowedOrigins = string[];

/**
 * The channel's settings: the ChannelConfig shape of its kind (required for telegram: the bot token).
 */
export interface ChannelConfigFields {
  /**
   * The bot's token from @BotFather (123456:ABC-DEF…); replies go out through the Bot API with it.
   */
  botToken?: string;
  /**
   * Where the line's answers are POSTed, signed with the channel secret; absent = the integrator polls the API.
   */
  outboundUrl?: string;
  allowedOrigins?: AllowedOrigins;
  preChatForm?: PreChatForm;
}
/**
 * Ask the visitor for their name (and email) before the first message.
 */
export interface PreChatForm {
  enabled: boolean;
  /**
   * The email is required, not only asked for.
   */
  requireEmail?: boolean;
}
