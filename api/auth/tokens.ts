import { createHash, randomBytes } from 'node:crypto';
import type { RequestHandler } from 'express';
import { LessThan, type DataSource } from 'typeorm';
import { AuthTokenEntity, UserEntity, type AuthToken, type Role, type User } from '../../db/entities';
import { forbidden, unauthorized } from '../errors';

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

/** Requires `Authorization: Bearer <token>` of a live token of a user who is not fired. */
export function requireAuth(db: DataSource): RequestHandler {
  // Express 5 passes a rejected promise to the error handler, so throwing is enough.
  return async (req, _res, next) => {
    const token = bearerToken(req.get('authorization'));
    if (!token) throw unauthorized();
    const row = await db.getRepository<AuthToken>(AuthTokenEntity).findOneBy({ tokenHash: hashToken(token) });
    if (!row || row.expiresAt.getTime() <= Date.now()) throw unauthorized('Token is invalid or has expired');
    const user = await db.getRepository<User>(UserEntity).findOneBy({ id: row.userId });
    if (!user || user.fired) throw unauthorized('Token is invalid or has expired');
    req.user = publicUser(user);
    req.tokenExpiresAt = row.expiresAt;
    next();
  };
}

export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => next(req.user && roles.includes(req.user.role) ? undefined : forbidden());
}
