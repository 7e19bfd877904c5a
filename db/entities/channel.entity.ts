import { EntitySchema } from 'typeorm';
import type { LivechatChannelConfig } from '../../schemas/generated/channel-config';
import { createdAt, idColumn, optionalJsonText, refColumn } from './columns';

export const CHANNEL_KINDS = ['webhook', 'telegram', 'livechat'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/**
 * Per-kind settings (schemas/channel-config.schema.json): telegram `{ botToken }`, webhook
 * `{ outboundUrl? }` (where the line's answers are POSTed; absent = the integrator polls the API),
 * livechat `{ allowedOrigins?, preChatForm? }`.
 */
export interface ChannelConfig {
  botToken?: string;
  outboundUrl?: string;
  allowedOrigins?: string[];
  preChatForm?: LivechatChannelConfig['preChatForm'];
}

/** A connection of one kind to exactly one line; `secret` signs (webhook) or authenticates its inbound calls. */
export interface Channel {
  id: string;
  lineId: string;
  kind: ChannelKind;
  name: string;
  secret: string;
  active: boolean;
  /** null on channels made before channels had a configuration (the demo seed's): same as `{}` */
  config?: ChannelConfig | null;
  createdAt: Date;
}

/**
 * Does the line's answer have to be sent out to this channel? Telegram always (through the Bot API), a
 * webhook only when the integrator gave an `outboundUrl`; livechat visitors read them over SSE.
 */
export function deliversOutward(channel: Pick<Channel, 'kind' | 'config'>): boolean {
  if (channel.kind === 'telegram') return true;
  return channel.kind === 'webhook' && !!channel.config?.outboundUrl;
}

export const ChannelEntity = new EntitySchema<Channel>({
  name: 'Channel',
  tableName: 'channels',
  columns: {
    id: idColumn,
    lineId: refColumn,
    kind: { type: 'varchar', length: 32 },
    name: { type: 'varchar', length: 200 },
    secret: { type: 'varchar', length: 128 },
    active: { type: 'boolean', default: true },
    config: optionalJsonText,
    createdAt,
  },
  indices: [{ name: 'IDX_channels_line', columns: ['lineId'] }],
});
