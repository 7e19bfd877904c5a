import { EntitySchema } from 'typeorm';
import { createdAt, idColumn, refColumn } from './columns';

export const CHANNEL_KINDS = ['webhook', 'telegram', 'livechat'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** A connection of one kind to exactly one line; `secret` signs (webhook) or authenticates its inbound calls. */
export interface Channel {
  id: string;
  lineId: string;
  kind: ChannelKind;
  name: string;
  secret: string;
  active: boolean;
  createdAt: Date;
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
    createdAt,
  },
  indices: [{ name: 'IDX_channels_line', columns: ['lineId'] }],
});
