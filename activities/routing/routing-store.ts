import { In, IsNull, type DataSource, type EntityManager } from 'typeorm';
import {
  DialogEntity,
  DialogOfferEntity,
  LineEntity,
  QueueWaitEntity,
  UserEntity,
  UserLineEntity,
  type Dialog,
  type DialogOffer,
  type Line,
  type QueueWait,
  type User,
  type UserLine,
} from '../../db/entities';
import type { LineSettings } from '../../schemas/generated/line-settings';
import {
  availabilityRules,
  countsTowardLoad,
  isAvailable,
  type QueueOperator,
} from '../../workflows/engine/routing-rules';

/**
 * The database side of routing, shared by the queue's activities. Every decision that depends on
 * operators' loads runs in one transaction that first locks the line's row and then the operators' rows
 * (in id order, so two transactions never wait on each other in a circle). On MySQL/MariaDB those are
 * row locks held to COMMIT; on SQLite the first write takes the database's single write lock. Either
 * way, no two workers can both see the same free place: the load limit holds under concurrency.
 */
export async function lockLineAndOperators(
  tx: EntityManager,
  lineId: string,
  operatorIds: readonly string[],
): Promise<void> {
  // A no-op UPDATE locks the rows on every engine we run on (SELECT … FOR UPDATE is not portable).
  // Names are quoted by the driver: LINES is a reserved word in MySQL.
  const q = (name: string) => tx.connection.driver.escape(name);
  await tx.query(`UPDATE ${q('lines')} SET ${q('active')} = ${q('active')} WHERE ${q('id')} = ?`, [lineId]);
  const sorted = [...new Set(operatorIds)].sort();
  if (sorted.length) {
    const marks = sorted.map(() => '?').join(', ');
    await tx.query(
      `UPDATE ${q('users')} SET ${q('fired')} = ${q('fired')} WHERE ${q('id')} IN (${marks})`,
      sorted,
    );
  }
}

export interface LineQueue {
  line: Line;
  settings: LineSettings;
  /** operator ids in queue order */
  order: string[];
}

/** The line, its settings and the operators of its queue, in order. */
export async function lineQueue(tx: EntityManager, lineId: string): Promise<LineQueue> {
  const line = await tx.getRepository<Line>(LineEntity).findOneByOrFail({ id: lineId });
  const settings = line.settings;
  const configured = settings.queue?.operators ?? [];
  if (configured.length) return { line, settings, order: configured };
  const members = await tx.getRepository<UserLine>(UserLineEntity).findBy({ lineId });
  const users = await tx
    .getRepository<User>(UserEntity)
    .find({ where: { id: In(members.map((m) => m.userId)) }, order: { name: 'ASC', id: 'ASC' } });
  return { line, settings, order: users.filter((u) => u.role !== 'admin').map((u) => u.id) };
}

/**
 * Runs `work` in one transaction whose first statements lock the dialog's line and the given operators
 * (the line's whole queue when none are given). Locking first matters on MySQL/MariaDB: a repeatable-read
 * snapshot starts at the transaction's first plain read, so every read after the locks sees what the
 * transactions that held them committed.
 */
export async function underRoutingLocks<T>(
  db: DataSource,
  dialogId: string,
  operatorIds: readonly string[] | 'queue',
  work: (tx: EntityManager, dialog: Dialog, queue: LineQueue) => Promise<T>,
): Promise<T> {
  const { lineId } = await db.getRepository<Dialog>(DialogEntity).findOneByOrFail({ id: dialogId });
  const queue = await lineQueue(db.manager, lineId);
  return db.transaction(async (tx) => {
    await lockLineAndOperators(tx, lineId, operatorIds === 'queue' ? queue.order : operatorIds);
    const dialog = await tx.getRepository<Dialog>(DialogEntity).findOneByOrFail({ id: dialogId });
    // Moved to another line in between (a transfer): its new line's rules apply, so ask again.
    if (dialog.lineId !== lineId)
      throw new Error(`dialog ${dialogId} moved to line ${dialog.lineId}; retrying`);
    return work(tx, dialog, queue);
  });
}

/**
 * The operators as routing sees them now, in the order given: availability fields, and the load that
 * counts toward the limit under this line's exclusions — their open dialogs on every line plus the
 * offers they hold (except those of `exceptDialogId`, the dialog being decided).
 */
export async function queueOperators(
  tx: EntityManager,
  order: readonly string[],
  settings: LineSettings,
  exceptDialogId: string,
): Promise<QueueOperator[]> {
  if (!order.length) return [];
  const users = await tx.getRepository<User>(UserEntity).findBy({ id: In([...order]) });
  const dialogs = await tx.getRepository<Dialog>(DialogEntity).find({
    select: { id: true, responsibleOperatorId: true, status: true, firstAnswerMs: true },
    where: { responsibleOperatorId: In([...order]), closedAt: IsNull() },
  });
  const offers = await tx
    .getRepository<DialogOffer>(DialogOfferEntity)
    .findBy({ operatorId: In([...order]) });
  const exclude = settings.loadLimit?.exclude ?? [];
  const load = new Map<string, number>();
  const add = (operatorId: string) => load.set(operatorId, (load.get(operatorId) ?? 0) + 1);
  for (const d of dialogs) {
    if (d.id === exceptDialogId) continue;
    if (countsTowardLoad({ status: d.status, answered: d.firstAnswerMs !== null }, exclude))
      add(d.responsibleOperatorId!);
  }
  for (const o of offers) if (o.dialogId !== exceptDialogId) add(o.operatorId);
  const byId = new Map(users.map((u) => [u.id, u]));
  return order.flatMap((id) => {
    const u = byId.get(id);
    return u ? [asQueueOperator(u, load.get(id) ?? 0)] : []; // removed, but still listed in the queue
  });
}

/** An employee as the routing rules see them, with the load that counts toward their limit. */
export function asQueueOperator(u: User, load: number): QueueOperator {
  return {
    id: u.id,
    fired: u.fired,
    online: u.online,
    workdayState: u.workdayState,
    vacations: u.vacations ?? [],
    maxOpenDialogs: u.maxOpenDialogs,
    load,
    lastAssignedAt: u.lastAssignedAt?.getTime() ?? null,
  };
}

/**
 * Is anyone of the line's queue available now (docs/product.md §3.2)? Availability only: no loads are
 * read, so the website chat can ask it on every page view.
 */
export async function someoneAvailable(db: DataSource, lineId: string, at: number): Promise<boolean> {
  const { order, settings } = await lineQueue(db.manager, lineId);
  if (!order.length) return false;
  const rules = availabilityRules(settings, at);
  const users = await db.getRepository<User>(UserEntity).findBy({ id: In(order) });
  return users.some((u) => isAvailable(asQueueOperator(u, 0), rules));
}

/**
 * Dialogs waiting in line that these operators could serve (they are on the waiting dialog's line),
 * oldest first: whoever freed a place, or came online, nudges them to ask again.
 */
export async function dialogsWaitingFor(
  db: DataSource,
  operatorIds: readonly string[],
  limit = 10,
): Promise<string[]> {
  if (!operatorIds.length) return [];
  const lines = await db.getRepository<UserLine>(UserLineEntity).findBy({ userId: In([...operatorIds]) });
  if (!lines.length) return [];
  const waiting = await db.getRepository<QueueWait>(QueueWaitEntity).find({
    where: { lineId: In([...new Set(lines.map((l) => l.lineId))]) },
    order: { since: 'ASC' },
    take: limit,
  });
  return waiting.map((w) => w.dialogId);
}

/** Takes back the dialog's offers and its place among the waiting, and says whom that frees. */
export async function clearQueueState(tx: EntityManager, dialogId: string): Promise<string[]> {
  const offers = await tx.getRepository<DialogOffer>(DialogOfferEntity).findBy({ dialogId });
  await tx.getRepository<DialogOffer>(DialogOfferEntity).delete({ dialogId });
  await tx.getRepository<QueueWait>(QueueWaitEntity).delete({ dialogId });
  return offers.map((o) => o.operatorId);
}

/** Tells one waiting dialog that an operator may have room now (a dialog that ended is skipped). */
export type CapacityNudge = (dialogId: string) => Promise<void>;

/**
 * The nudge: these operators may have room now (they came online, started their workday, answered,
 * closed, lost an offer), so the dialogs waiting longest on their lines ask the queue again at once
 * instead of at their next recheck. The dialog workflow (through its activity) and the API both nudge
 * through here. Returns the dialogs nudged.
 */
export async function nudgeWaitingDialogs(
  db: DataSource,
  nudge: CapacityNudge,
  operatorIds: readonly string[],
  exceptDialogId?: string,
): Promise<string[]> {
  const waiting = (await dialogsWaitingFor(db, operatorIds)).filter((id) => id !== exceptDialogId);
  await Promise.all(waiting.map((id) => nudge(id)));
  return waiting;
}
