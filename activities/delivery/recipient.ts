import type { DataSource } from 'typeorm';
import { dialogIdFor } from '../../db/derived-ids';
import {
  ClientIdentityEntity,
  ConversationEntity,
  type Channel,
  type ClientIdentity,
  type Conversation,
  type Dialog,
} from '../../db/entities';

/**
 * The client's external id on the dialog's channel: where an answer goes (Telegram chat id, webhook
 * client id). The dialog row does not keep it, but its id is derived from (channel, external id, the
 * client's dialog number on it), so of the client's identities of this channel kind the one that
 * derives this dialog's id is the address. A client merged by the chat tracker may have several
 * identities of one kind (webhook ids from two integrators); the derivation tells them apart.
 */
export async function recipientOf(
  db: DataSource,
  dialog: Pick<Dialog, 'id' | 'clientId'>,
  channel: Pick<Channel, 'id' | 'kind'>,
): Promise<string | undefined> {
  const identities = await db
    .getRepository<ClientIdentity>(ClientIdentityEntity)
    .findBy({ clientId: dialog.clientId, channelKind: channel.kind });
  for (const { externalId } of identities) {
    const conversation = await db
      .getRepository<Conversation>(ConversationEntity)
      .findOneBy({ channelId: channel.id, clientExternalId: externalId });
    for (let seq = conversation?.seq ?? 1; seq >= 1; seq--) {
      if (dialogIdFor(channel.id, externalId, seq) === dialog.id) return externalId;
    }
  }
  return undefined;
}
