import { In, type DataSource } from 'typeorm';
import {
  ChannelEntity,
  MessageEntity,
  type Channel,
  type ChannelKind,
  type Message,
} from '../../db/entities';

/** What a row of the inbox shows beyond the dialog's own columns. */
export interface DialogListExtras {
  channelKind: ChannelKind | null;
  /** the newest message that is not a hidden note */
  lastMessage: {
    id: string;
    author: Message['author'];
    text: string | null;
    attachments: string[];
    createdAt: string;
  } | null;
  /** the client's first message after the last operator answer (what their wait runs from); null: not waiting */
  waitingSince: string | null;
}

const NONE: DialogListExtras = { channelKind: null, lastMessage: null, waitingSince: null };

/**
 * For one page of dialogs, in three grouped queries whatever the page size: each dialog's channel kind,
 * newest visible message and since when its client waits for an answer (an operator's message that is
 * not a note ends the wait; the next client message starts it again).
 */
export async function dialogListExtras(
  db: DataSource,
  dialogs: Array<{ id: string; channelId: string }>,
): Promise<Map<string, DialogListExtras>> {
  const extras = new Map<string, DialogListExtras>();
  if (dialogs.length === 0) return extras;
  const ids = dialogs.map((d) => d.id);
  const messages = db.getRepository<Message>(MessageEntity);
  const [channels, newest, waits] = await Promise.all([
    db.getRepository<Channel>(ChannelEntity).find({
      where: { id: In([...new Set(dialogs.map((d) => d.channelId))]) },
      select: { id: true, kind: true },
    }),
    messages
      .createQueryBuilder('m')
      .where('m.dialogId IN (:...ids)', { ids })
      .andWhere('m.hidden = :hidden', { hidden: false })
      .andWhere(
        (qb) =>
          'm.createdAt = ' +
          qb
            .subQuery()
            .select('MAX(x.createdAt)')
            .from(MessageEntity, 'x')
            .where('x.dialogId = m.dialogId')
            .andWhere('x.hidden = :hidden')
            .getQuery(),
      )
      .getMany(),
    messages
      .createQueryBuilder('m')
      .select('m.dialogId', 'dialogId')
      .addSelect('MIN(m.createdAt)', 'since')
      .where('m.dialogId IN (:...ids)', { ids })
      .andWhere("m.author = 'client'")
      .andWhere(
        (qb) =>
          'NOT EXISTS ' +
          qb
            .subQuery()
            .select('1')
            .from(MessageEntity, 'a')
            .where('a.dialogId = m.dialogId')
            .andWhere("a.author = 'operator'")
            .andWhere('a.hidden = :hidden', { hidden: false })
            .andWhere('a.createdAt >= m.createdAt')
            .getQuery(),
      )
      .groupBy('m.dialogId')
      .getRawMany<{ dialogId: string; since: string | Date }>(),
  ]);
  const kinds = new Map(channels.map((c) => [c.id, c.kind]));
  const lastOf = new Map<string, Message>();
  for (const m of newest) {
    const seen = lastOf.get(m.dialogId);
    if (!seen || m.id > seen.id) lastOf.set(m.dialogId, m); // same millisecond: any one, but always the same
  }
  const since = new Map(waits.map((w) => [w.dialogId, toIso(w.since)]));
  for (const dialog of dialogs) {
    const last = lastOf.get(dialog.id);
    extras.set(dialog.id, {
      ...NONE,
      channelKind: kinds.get(dialog.channelId) ?? null,
      lastMessage: last
        ? {
            id: last.id,
            author: last.author,
            text: last.text,
            attachments: last.attachments,
            createdAt: last.createdAt.toISOString(),
          }
        : null,
      waitingSince: since.get(dialog.id) ?? null,
    });
  }
  return extras;
}

/** Raw MIN() comes back as a Date (mysql2) or as the stored text (SQLite: "2026-01-02 10:00:00.123", UTC). */
function toIso(value: string | Date): string {
  if (value instanceof Date) return value.toISOString();
  const text = /^\d{4}-\d{2}-\d{2} /.test(value) ? `${value.replace(' ', 'T')}Z` : value;
  return new Date(text).toISOString();
}
