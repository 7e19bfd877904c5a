import type { DataSource } from 'typeorm';
import { UserEntity, type User } from '../../db/entities';
import { recordAudit } from '../audit/audit-log';
import { generatePassword, hashPassword } from './password-hash';
import { revokeTokens } from './tokens';

/**
 * `lineflow reset-password <email>`: the way back in when the passwords printed at the first start were
 * missed (LINEFLOW_ADMIN_PASSWORD and LINEFLOW_DEMO_PASSWORD only apply to the first seed). Sets a new
 * random password, ends the employee's sessions and leaves an audit record by the system, in one
 * transaction. Returns the new password, or null when nobody signs in with that email.
 */
export async function resetPassword(db: DataSource, email: string): Promise<string | null> {
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const users = tx.getRepository<User>(UserEntity);
    const user = await users.findOneBy({ email: email.trim().toLowerCase() });
    if (!user) return null;
    await users.update(user.id, { passwordHash });
    await revokeTokens(tx, user.id);
    await recordAudit(tx, {
      actorId: null,
      action: 'operator.update',
      entityType: 'operator',
      entityId: user.id,
      before: { password: user.passwordHash },
      after: { password: passwordHash },
    });
    return password;
  });
}
