/* Generated from schemas/channel-update-request.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * Change a channel's name, active flag or configuration (replaced whole). The configuration must fit the channel's kind: when `kind` is given that kind's shape is checked here, otherwise the stored kind's (400 with pointers under /config). kind and lineId may be repeated but cannot change.
 */
export type ChannelUpdateRequest = {
  name?: string;
  active?: boolean;
  config?: ChannelConfigFields;
  kind?: 'webhook' | 'telegram' | 'livechat';
  lineId?: string;
};
/**
 * Web origins (scheme://host[:port]) whose pages may embed the chat; absent: any site. The API's own origin (its demo page) is always allowed.
 *
 * @maxItems 50
 */
export type AllowedOrigins = string[];

/**
 * The channel's settings: the ChannelConfig shape of its kind.
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
