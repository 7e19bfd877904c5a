/* Generated from schemas/channel-update-request.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * Change a channel's name, active flag or configuration (replaced whole, checked against the channel's kind). kind and lineId may be repeated but cannot change.
 */
export interface ChannelUpdateRequest {
  name?: string;
  active?: boolean;
  /**
   * The channel's settings, checked against its kind: see channel-config.schema.json
   */
  config?: {};
  kind?: 'webhook' | 'telegram' | 'livechat';
  lineId?: string;
}
