/* Generated from schemas/channel-config.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * A channel's settings; which of the shapes below applies depends on the channel's kind.
 */
export type ChannelConfig = TelegramChannelConfig | WebhookChannelConfig | LivechatChannelConfig;
/**
 * Web origins (scheme://host[:port]) whose pages may embed the chat; absent: any site. The API's own origin (its demo page) is always allowed.
 *
 * @maxItems 50
 */
export type AllowedOrigins = string[];

export interface TelegramChannelConfig {
  /**
   * The bot's token from @BotFather (123456:ABC-DEF…); replies go out through the Bot API with it.
   */
  botToken: string;
}
export interface WebhookChannelConfig {
  /**
   * Where the line's answers are POSTed, signed with the channel secret; absent = the integrator polls the API.
   */
  outboundUrl?: string;
}
export interface LivechatChannelConfig {
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
