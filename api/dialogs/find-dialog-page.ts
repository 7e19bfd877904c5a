import { Brackets, In, type DataSource } from 'typeorm';
import { OPEN_STATUSES } from '../../workflows/engine/dialog-status';
import { ClientEntity, DialogEntity, type Client, type Dialog, type DialogStatus } from '../../db/entities';
import { encodeCursor, type ListPosition } from './list-cursor';

export const DIALOG_VIEWS = ['unanswered', 'mine', 'all'] as const;
export type DialogView = (typeof DIALOG_VIEWS)[number];

/**
 * Dialogs that still wait for an operator or are being worked on. `closed_awaiting_rating` is not among
 * them: the operator has closed it, only the client's rating is outstanding.
 */
export { OPEN_STATUSES };

export interface DialogPageQuery {
  view: DialogView;
  /** the employee asking ("mine") */
  userId: string;
  /** null: every line (admins); otherwise only these */
  lineIds: string[] | null;
  statuses?: DialogStatus[];
  after?: ListPosition;
  limit: number;
}

export interface DialogPage {
  dialogs: Dialog[];
  clients: Map<string, Client>;
  nextCursor: string | null;
}

/** `LIKE` matches `%` and `_` as wildcards; `!` escapes them (and itself) so an id matches only itself. */
const likeLiteral = (text: string) => text.replace(/[!%_]/g, (c) => `!${c}`);

/**
 * One page of the dialog list, newest activity first (updatedAt desc, id desc as the tie-breaker), from
 * the keyset position `after`. Views (the seed's operator guide, "Контакт-центр > Неотвеченные"):
 * - `unanswered`: open dialogs nobody is responsible for — new and offered ones, and those that wait
 *   with no responsible operator (e.g. transferred to this line and not yet taken). What the guide
 *   calls "unanswered" is shared by the line: an offered dialog shows for everyone on the line (its
 *   accept still goes to whom it is offered), like a queue left "unanswered for everyone".
 * - `mine`: dialogs I am responsible for, or take part in (invited, or any operator action I took on it:
 *   the read model adds whoever acts to `participants`, so a dialog I transferred to a colleague stays in
 *   my list as part of my work). "Pin to me" ("Закрепить за мной — диалог останется у вас") is only
 *   allowed to the responsible operator, so pinned dialogs of mine are already mine by responsibility.
 *   Every status: the `status` filter narrows to open ones.
 * - `all`: every dialog of the lines in `lineIds`.
 * A dialog that changes while a client pages moves to the front (its updatedAt grows): pages never
 * repeat or skip the dialogs that stayed still, and the moved one shows on the client's next refresh.
 */
export async function findDialogPage(db: DataSource, query: DialogPageQuery): Promise<DialogPage> {
  if (query.lineIds !== null && query.lineIds.length === 0)
    return { dialogs: [], clients: new Map(), nextCursor: null };
  const select = db.getRepository<Dialog>(DialogEntity).createQueryBuilder('d');
  if (query.lineIds !== null) select.andWhere('d.lineId IN (:...lineIds)', { lineIds: query.lineIds });
  if (query.statuses?.length) select.andWhere('d.status IN (:...statuses)', { statuses: query.statuses });
  if (query.view === 'unanswered') {
    select
      .andWhere('d.responsibleOperatorId IS NULL')
      .andWhere('d.status IN (:...open)', { open: OPEN_STATUSES });
  } else if (query.view === 'mine') {
    // participants is JSON text (["id", …]): the id in quotes matches exactly one element.
    select.andWhere(
      new Brackets((mine) =>
        mine
          .where('d.responsibleOperatorId = :me', { me: query.userId })
          .orWhere("d.participants LIKE :meInList ESCAPE '!'", {
            meInList: `%${likeLiteral(JSON.stringify(query.userId))}%`,
          }),
      ),
    );
  }
  if (query.after) {
    const { updatedAt, id } = query.after;
    select.andWhere(
      new Brackets((older) =>
        older.where('d.updatedAt < :afterAt', { afterAt: updatedAt }).orWhere(
          new Brackets((tie) =>
            tie.where('d.updatedAt = :afterAt', { afterAt: updatedAt }).andWhere('d.id < :afterId', {
              afterId: id,
            }),
          ),
        ),
      ),
    );
  }
  // One more than asked: whether it exists says if there is a next page.
  const rows = await select
    .orderBy('d.updatedAt', 'DESC')
    .addOrderBy('d.id', 'DESC')
    .limit(query.limit + 1)
    .getMany();
  const dialogs = rows.slice(0, query.limit);
  const last = dialogs[dialogs.length - 1];
  const clientIds = [...new Set(dialogs.map((d) => d.clientId))];
  const clients = clientIds.length
    ? await db.getRepository<Client>(ClientEntity).findBy({ id: In(clientIds) })
    : [];
  return {
    dialogs,
    clients: new Map(clients.map((c) => [c.id, c])),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null,
  };
}
