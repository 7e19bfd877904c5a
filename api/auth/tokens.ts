import { createHash, randomBytes } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { LessThan, Not, type DataSource, type EntityManager } from 'typeorm';
import { AuthTokenEntity, UserEntity, type AuthToken, type Role, type User } from '../../db/entities';
import { unauthorized } from '../errors';

/**
 * Opaque bearer tokens kept (hashed) in the database, so any API replica can check them and an admin
 * can revoke them; they expire after LINEFLOW_TOKEN_TTL seconds.
 */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export async function issueToken(db: DataSource, userId: string, ttlSeconds: number, now = new Date()) {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + ttlSeconds * 1000);
  const tokens = db.getRepository<AuthToken>(AuthTokenEntity);
  await tokens.insert({ tokenHash: hashToken(token), userId, expiresAt, createdAt: now });
  // Expired tokens are useless; sweep this user's on every login instead of running a scheduler.
  await tokens.delete({ userId, expiresAt: LessThan(now) });
  return { token, expiresAt };
}

export interface AuthenticatedUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

declare module 'express-serve-static-core' {
  interface Request {
    user?: AuthenticatedUser;
    /** when the token the request came with expires (long-lived streams end then) */
    tokenExpiresAt?: Date;
  }
}

export function publicUser(user: User): AuthenticatedUser {
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export const bearerToken = (header: string | undefined): string | null =>
  /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header ?? '')?.[1] ?? null;

/** The hash of the bearer token the request presents, if it presents one of the right shape. */
export function presentedTokenHash(req: Request): string | undefined {
  const token = bearerToken(req.get('authorization'));
  return token ? hashToken(token) : undefined;
}

/** Ends a user's sessions (all of them, or all but the one given), e.g. when they are fired. */
export async function revokeTokens(manager: EntityManager, userId: string, keepHash?: string): Promise<void> {
  await manager
    .getRepository<AuthToken>(AuthTokenEntity)
    .delete(keepHash ? { userId, tokenHash: Not(keepHash) } : { userId });
}

/** Requires `Authorization: Bearer <token>` of a live token of a user who is not fired. */
export function requireAuth(db: DataSource): RequestHandler {
  // Express 5 passes a rejected promise to the error handler, so throwing is enough.
  return async (req, _res, next) => {
    const tokenHash = presentedTokenHash(req);
    if (!tokenHash) throw unauthorized();
    const row = await db.getRepository<AuthToken>(AuthTokenEntity).findOneBy({ tokenHash });
    if (!row || row.expiresAt.getTime() <= Date.now()) throw unauthorized('Token is invalid or has expired');
    const user = await db.getRepository<User>(UserEntity).findOneBy({ id: row.userId });
    if (!user || user.fired) throw unauthorized('Token is invalid or has expired');
    req.user = publicUser(user);
    req.tokenExpiresAt = row.expiresAt;
    next();
  };
}
