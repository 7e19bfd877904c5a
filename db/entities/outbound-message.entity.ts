import { EntitySchema } from 'typeorm';
import { createdAt, optionalTimestamp, refColumn, timestamp } from './columns';

export const OUTBOUND_STATUSES = ['pending', 'sent', 'failed'] as const;
export type OutboundStatus = (typeof OUTBOUND_STATUSES)[number];

/**
 * The transactional outbox of channel delivery: one row per message the client must receive on a
 * channel that delivers outward (telegram; webhook with an outboundUrl), written in the same
 * transaction as the message itself (db/outbox-writes.ts). The dispatcher in the worker process
 * (activities/delivery/outbound-dispatcher.ts) claims due rows with a lease and sends them.
 */
export interface OutboundMessage {
  /** the message's id: one delivery per message */
  messageId: string;
  channelId: string;
  dialogId: string;
  status: OutboundStatus;
  /** send attempts started so far; each claim counts one, so it also fences a stale claimer */
  attempts: number;
  /** Telegram messages over 4096 characters go out in parts; a retry resumes after the parts sent */
  partsSent: number;
  /** not before this moment (backoff, Telegram's retry_after) */
  nextAttemptAt: Date;
  /** a dispatcher holds the row until then; after that another may take it over */
  claimedUntil: Date | null;
  lastError: string | null;
  sentAt: Date | null;
  /** the receiver's id of what was sent (Telegram: `chatId:message_id` of the last part) */
  externalId: string | null;
  /** the message's own time: rows of one dialog go out in this order */
  createdAt: Date;
}

export const OutboundMessageEntity = new EntitySchema<OutboundMessage>({
  name: 'OutboundMessage',
  tableName: 'outbound_messages',
  columns: {
    messageId: { ...refColumn, primary: true },
    channelId: refColumn,
    dialogId: refColumn,
    status: { type: 'varchar', length: 16 },
    attempts: { type: 'integer', default: 0 },
    partsSent: { type: 'integer', default: 0 },
    nextAttemptAt: timestamp,
    claimedUntil: optionalTimestamp,
    lastError: { type: 'varchar', length: 1000, nullable: true },
    sentAt: optionalTimestamp,
    externalId: { type: 'varchar', length: 255, nullable: true },
    createdAt,
  },
  indices: [
    { name: 'IDX_outbound_messages_due', columns: ['status', 'nextAttemptAt'] },
    { name: 'IDX_outbound_messages_dialog', columns: ['dialogId', 'status'] },
  ],
});
