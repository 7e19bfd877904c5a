import { In, type DataSource } from 'typeorm';
import {
  DialogEntity,
  DialogEventEntity,
  LineEntity,
  MessageEntity,
  UserEntity,
  type Dialog,
  type DialogEvent,
  type Line,
  type Message,
  type User,
} from '../../db/entities';
import type { StatsDialog, StatsMessage, StatsRows, StatsTransfer } from './dialog-stats';
import type { StatsPeriod } from './stats-period';

/** Dialog ids per `IN (…)`: well under SQLite's parameter limit, and short statements for MariaDB. */
const ID_CHUNK = 500;

async function inChunks<T>(ids: string[], read: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const rows: T[] = [];
  for (let i = 0; i < ids.length; i += ID_CHUNK) rows.push(...(await read(ids.slice(i, i + ID_CHUNK))));
  return rows;
}

/**
 * The rows `dialogStats` reads for the period: the dialogs created in [from, to) on the lines (null:
 * every line), their messages (only the columns the answer clock needs) and transfer events, and the
 * names of the lines and operators.
 */
export async function loadStatsRows(
  db: DataSource,
  lineIds: string[] | null,
  period: StatsPeriod,
): Promise<StatsRows> {
  const none: StatsRows = { lines: [], operatorNames: new Map(), dialogs: [], messages: [], transfers: [] };
  if (lineIds !== null && lineIds.length === 0) return none; // a supervisor on no line yet
  const lines = await db.getRepository<Line>(LineEntity).find({
    where: lineIds === null ? {} : { id: In(lineIds) },
    order: { name: 'ASC', id: 'ASC' },
  });
  if (lines.length === 0) return none;
  const dialogs: StatsDialog[] = await db
    .getRepository<Dialog>(DialogEntity)
    .createQueryBuilder('d')
    .select([
      'd.id',
      'd.lineId',
      'd.status',
      'd.responsibleOperatorId',
      'd.firstAnswerMs',
      'd.kpiBreaches',
      'd.rating',
    ])
    .where('d.lineId IN (:...lineIds)', { lineIds: lines.map((l) => l.id) })
    .andWhere('d.createdAt >= :from AND d.createdAt < :to', period)
    .getMany();
  const dialogIds = dialogs.map((d) => d.id);
  const messages: StatsMessage[] = await inChunks(dialogIds, (chunk) =>
    db.getRepository<Message>(MessageEntity).find({
      select: { dialogId: true, author: true, authorId: true, hidden: true, createdAt: true },
      where: { dialogId: In(chunk) },
      order: { dialogId: 'ASC', createdAt: 'ASC', id: 'ASC' },
    }),
  );
  const transfers: StatsTransfer[] = (
    await inChunks(dialogIds, (chunk) =>
      db
        .getRepository<DialogEvent>(DialogEventEntity)
        .findBy({ dialogId: In(chunk), type: 'dialog.transferred' }),
    )
  ).map((e) => ({
    dialogId: e.dialogId,
    operatorId: typeof e.data.operatorId === 'string' ? e.data.operatorId : null,
  }));
  const operatorIds = new Set<string>();
  for (const d of dialogs) if (d.responsibleOperatorId) operatorIds.add(d.responsibleOperatorId);
  for (const m of messages) if (m.author === 'operator' && m.authorId) operatorIds.add(m.authorId);
  for (const t of transfers) if (t.operatorId) operatorIds.add(t.operatorId);
  const operators = await inChunks([...operatorIds], (chunk) =>
    db.getRepository<User>(UserEntity).find({ select: { id: true, name: true }, where: { id: In(chunk) } }),
  );
  return {
    lines: lines.map((l) => ({ id: l.id, name: l.name })),
    operatorNames: new Map(operators.map((u) => [u.id, u.name])),
    dialogs,
    messages,
    transfers,
  };
}
