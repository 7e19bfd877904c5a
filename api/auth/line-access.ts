import type { DataSource } from 'typeorm';
import { UserLineEntity, type UserLine } from '../../db/entities';
import type { AuthenticatedUser } from './tokens';

export const worksOnLine = (db: DataSource, userId: string, lineId: string): Promise<boolean> =>
  db.getRepository<UserLine>(UserLineEntity).exists({ where: { userId, lineId } });

/** May this employee see this line and its dialogs? Admins see all; others the lines they work on. */
export async function canSeeLine(db: DataSource, user: AuthenticatedUser, lineId: string): Promise<boolean> {
  return user.role === 'admin' || worksOnLine(db, user.id, lineId);
}
