import { EntitySchema } from 'typeorm';
import { refColumn } from './columns';

/**
 * Which dialog of a client on a channel is current. Dialog ids are derived from
 * (channel, client external id, seq), so concurrent inbound requests agree on the open dialog without
 * a lock; `seq` only moves forward (compare-and-set) once the current dialog has ended.
 * A missing row means seq 1.
 */
export interface Conversation {
  channelId: string;
  clientExternalId: string;
  seq: number;
}

export const ConversationEntity = new EntitySchema<Conversation>({
  name: 'Conversation',
  tableName: 'conversations',
  columns: {
    channelId: { ...refColumn, primary: true },
    clientExternalId: { type: 'varchar', length: 255, primary: true },
    seq: { type: 'integer' },
  },
});
