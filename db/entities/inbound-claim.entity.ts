import { EntitySchema } from 'typeorm';
import { idColumn, optionalRef, refColumn, timestamp } from './columns';

/**
 * Every client message id the API has taken in, recorded under its unique key before the dialog is
 * signalled: the first post of an id claims it, every later post is a duplicate (db/inbound-claims.ts).
 */
export interface InboundClaim {
  /** the derived message id (db/derived-ids.ts `messageIdFor`) */
  messageId: string;
  channelId: string;
  /** the dialog it went to; null while its first post is still being delivered */
  dialogId: string | null;
  /** when the delivering request claimed it (a claim that never finished can be taken over) */
  claimedAt: Date;
}

export const InboundClaimEntity = new EntitySchema<InboundClaim>({
  name: 'InboundClaim',
  tableName: 'inbound_messages',
  columns: {
    messageId: idColumn,
    channelId: refColumn,
    dialogId: optionalRef,
    claimedAt: timestamp,
  },
});
