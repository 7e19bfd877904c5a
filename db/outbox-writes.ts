import type { EntityManager } from 'typeorm';
import {
  ChannelEntity,
  deliversOutward,
  OutboundMessageEntity,
  type Channel,
  type Message,
  type OutboundMessage,
} from './entities';
import { insertIgnoringDuplicate } from './idempotent-writes';

/** Messages the client receives: the line's (operator, system, bot), never an internal note. */
const isForTheClient = (message: Message) => message.author !== 'client' && !message.hidden;

/**
 * The outbox half of `insertMessage`: when the client must receive this message on a channel that
 * delivers outward, a pending `outbound_messages` row is written in the caller's transaction, so a
 * message is stored if and only if its delivery is queued. Client messages and notes cost no query.
 */
export async function queueDelivery(tx: EntityManager, message: Message): Promise<void> {
  if (!isForTheClient(message)) return;
  const channel = await tx
    .getRepository<Channel>(ChannelEntity)
    .findOne({ where: { id: message.channelId }, select: { id: true, kind: true, config: true } });
  if (!channel || !deliversOutward(channel)) return;
  await insertIgnoringDuplicate<OutboundMessage>(tx, OutboundMessageEntity, {
    messageId: message.id,
    channelId: message.channelId,
    dialogId: message.dialogId,
    status: 'pending',
    attempts: 0,
    partsSent: 0,
    nextAttemptAt: message.createdAt,
    claimedUntil: null,
    lastError: null,
    sentAt: null,
    externalId: null,
    createdAt: message.createdAt,
  });
}
