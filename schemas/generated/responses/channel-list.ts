/* Generated from schemas/responses/channel-list.schema.json by `npm run schemas:types`. Do not edit. */

export interface ChannelList {
  items: ChannelView[];
}
/**
 * A channel as admins read it.
 */
export interface ChannelView {
  id: string;
  lineId: string;
  kind: 'webhook' | 'telegram' | 'livechat';
  name: string;
  /**
   * Signs (webhook) or authenticates (Telegram secret token) the channel's calls
   */
  secret: string;
  active: boolean;
  /**
   * The channel's settings (ChannelConfig of its kind), the bot token masked
   */
  config: {
    /**
     * Masked: only its last 4 characters show
     */
    botToken?: string;
    outboundUrl?: string;
    allowedOrigins?: string[];
    /**
     * Ask the visitor for their name (and email) before the first message.
     */
    preChatForm?: {
      enabled: boolean;
      requireEmail?: boolean;
    };
  };
  createdAt: string;
}
