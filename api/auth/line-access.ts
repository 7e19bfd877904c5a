import type { DataSource } from 'typeorm';
import { LIVE_LINE, LineEntity, UserLineEntity, type Line, type UserLine } from '../../db/entities';
import { notFound } from '../errors';
import type { AuthenticatedUser } from './tokens';

export const worksOnLine = (db: DataSource, userId: string, lineId: string): Promise<boolean> =>
  db.getRepository<UserLine>(UserLineEntity).exists({ where: { userId, lineId } });

/** May this employee see this line and its dialogs? Admins see all; others the lines they work on. */
export async function canSeeLine(db: DataSource, user: AuthenticatedUser, lineId: string): Promise<boolean> {
  return user.role === 'admin' || worksOnLine(db, user.id, lineId);
}

/**
 * The lines whose dialogs this employee may read, for queries over many dialogs: `null` means every line
 * (admins), so the query needs no filter; otherwise the lines they work on (possibly none).
 */
export async function visibleLineIds(db: DataSource, user: AuthenticatedUser): Promise<string[] | null> {
  if (user.role === 'admin') return null;
  const memberships = await db.getRepository<UserLine>(UserLineEntity).findBy({ userId: user.id });
  return memberships.map((m) => m.lineId);
}

/**
 * The lines a many-dialog read covers: the one asked for, which must be visible (a line the caller may
 * not see answers 404, as GET /api/dialogs/:id hides dialogs of other lines), or all visible ones.
 */
export async function linesToRead(
  db: DataSource,
  user: AuthenticatedUser,
  lineId: string | undefined,
): Promise<string[] | null> {
  if (lineId === undefined) return visibleLineIds(db, user);
  const exists = await db.getRepository<Line>(LineEntity).existsBy({ id: lineId });
  if (!exists || !(await canSeeLine(db, user, lineId))) throw notFound(`No line ${lineId}`);
  return [lineId];
}

/**
 * The line (not deleted) a route works on, or 404; with `visibleTo`, also 404 for a line that employee
 * may not see, so another line reads as missing rather than forbidden.
 */
export async function lineOrNotFound(
  db: DataSource,
  lineId: string,
  visibleTo?: AuthenticatedUser,
): Promise<Line> {
  const line = await db.getRepository<Line>(LineEntity).findOneBy({ id: lineId, ...LIVE_LINE });
  if (!line || (visibleTo && !(await canSeeLine(db, visibleTo, lineId)))) throw notFound(`No line ${lineId}`);
  return line;
}
