import { createHash } from 'node:crypto';
import { IsNull, type EntityManager } from 'typeorm';
import { isEnded, statusAfter, type DialogEvent as StatusEvent } from '../workflows/engine/dialog-status';
import {
  DialogEntity,
  DialogEventEntity,
  LiveEventEntity,
  MessageEntity,
  type Dialog,
  type DialogEvent,
  type LiveEvent,
  type Message,
} from './entities';
import { insertIgnoringDuplicate } from './idempotent-writes';
import { queueDelivery } from './outbox-writes';

/**
 * The two writes every dialog change goes through: a timeline entry and a message. Each is
 * idempotent (a retried activity writes nothing twice) and, when it does write, announces itself in
 * `live_events` in the same transaction, so the real-time streams see exactly what was committed; a
 * message the client must receive on an outward channel also queues its delivery (db/outbox-writes.ts).
 * A third, `moveDialog`, writes the status the status machine gives for what happened.
 */

async function announce(tx: EntityManager, event: Omit<LiveEvent, 'id'>): Promise<void> {
  await tx.getRepository<LiveEvent>(LiveEventEntity).insert(event as never);
}

/** Where an activity's timeline entry goes: its number and, in runs with local activities, its key. */
export interface TimelineStamp {
  /** the dialog-timeline number the workflow gave this write: the order the timeline shows */
  seq: number;
  /** what the write is, stable across attempts of its workflow task (runs with local activities) */
  key?: string;
}

/**
 * A timeline entry, once. Without a key (runs with remote activities, catalog activities): once per
 * (dialogId, seq), as the workflow's numbers are one per write. With a key: once per key. Its number
 * the workflow chose so that a workflow task run again does not reuse the numbers of its lost first
 * attempt (workflows/dialog-run.ts `nextSeq`); should that attempt have gone past them after all, the
 * number is taken, by an entry that is something else, and this one takes the next free number (it
 * comes after that attempt's entries, as it did in the workflow).
 */
export async function appendTimeline(tx: EntityManager, event: DialogEvent): Promise<boolean> {
  const { key, ...entry } = event;
  const written = key
    ? await insertKeyed(tx, { ...entry, key: storedKey(key) })
    : (await insertIgnoringDuplicate(tx, DialogEventEntity, entry)) && entry;
  if (written) {
    await announce(tx, {
      dialogId: written.dialogId,
      type: written.type,
      data: { ...written.data, seq: written.seq, at: written.at.toISOString() },
      createdAt: new Date(),
    });
  }
  return written !== false && written !== null;
}

/** Keys are short; one longer than the column (a flow's long node ids) is stored as its hash. */
const storedKey = (key: string): string =>
  key.length <= 191 ? key : `sha256:${createHash('sha256').update(key).digest('hex')}`;

async function insertKeyed(
  tx: EntityManager,
  event: DialogEvent & { key: string },
): Promise<DialogEvent | null> {
  const events = tx.getRepository<DialogEvent>(DialogEventEntity);
  if (await insertIgnoringDuplicate(tx, DialogEventEntity, event)) return event;
  // Refused by the key (this write was made already, by an attempt before or beside this one) or by
  // the number (taken by another entry): only the second is written, under the next free number.
  if (await events.existsBy({ dialogId: event.dialogId, key: event.key })) return null;
  const last = await events.findOne({ where: { dialogId: event.dialogId }, order: { seq: 'DESC' } });
  const moved = { ...event, seq: (last?.seq ?? 0) + 1 };
  await events.insert(moved as never);
  return moved;
}

/** The message as the streams carry it (and as GET /api/dialogs/:id lists it). */
export const messageView = (m: Message) => ({
  id: m.id,
  author: m.author,
  authorId: m.authorId,
  text: m.text,
  attachments: m.attachments,
  hidden: m.hidden,
  externalMessageId: m.externalMessageId,
  sentAt: m.sentAt?.toISOString() ?? null,
  createdAt: m.createdAt.toISOString(),
});

export async function insertMessage(tx: EntityManager, message: Message): Promise<boolean> {
  const written = await insertIgnoringDuplicate(tx, MessageEntity, message);
  if (written) {
    await announce(tx, {
      dialogId: message.dialogId,
      type: 'message.created',
      data: { message: messageView(message) },
      createdAt: new Date(),
    });
    await queueDelivery(tx, message);
  }
  return written;
}

/**
 * Writes what happened to the dialog row: the status the status machine answers for `event`, plus
 * `changes`. `closedAt` is stamped when the dialog ends and cleared when a rating is asked for: a dialog
 * holds a place under its operator's load limit while `closedAt` is null (routing-store.ts). With
 * `holdPlace`, an ending close leaves `closedAt` null ("closed, the flow still reacting"); the next
 * ending event stamps it. `dialog` is the row as this transaction read it. Returns the new status.
 */
export async function moveDialog(
  tx: EntityManager,
  dialog: Pick<Dialog, 'id' | 'status'>,
  event: StatusEvent,
  at: Date,
  changes: Partial<Dialog> = {},
  { holdPlace = false }: { holdPlace?: boolean } = {},
): Promise<Dialog['status']> {
  const status = statusAfter(dialog.status, event);
  const moved = status !== dialog.status;
  const dialogs = tx.getRepository<Dialog>(DialogEntity);
  await dialogs.update(dialog.id, {
    ...changes,
    updatedAt: at,
    ...(moved ? { status } : {}),
    ...(moved && isEnded(status) && !holdPlace ? { closedAt: at } : {}),
    ...(moved && status === 'closed_awaiting_rating' ? { closedAt: null } : {}),
  });
  // Ended again while still holding its place (a close the flow reacted to): now it is closed for good.
  if (!moved && event.type === 'ended' && isEnded(status) && !holdPlace)
    await dialogs.update({ id: dialog.id, closedAt: IsNull() }, { closedAt: at });
  return status;
}
