import { randomBytes, randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { DataSource } from 'typeorm';
import { LivechatSessionEntity, type LivechatSession } from '../../db/entities';
import { unauthorized } from '../errors';
import { bearerToken, hashToken } from './tokens';

/** A widget session lasts a month: a visitor who comes back to the site keeps their conversation. */
export const VISITOR_SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

declare module 'express-serve-static-core' {
  interface Request {
    visitor?: LivechatSession;
  }
}

export async function openVisitorSession(
  db: DataSource,
  channelId: string,
  contact: { name?: string; phone?: string; email?: string },
  now = new Date(),
): Promise<{ token: string; session: LivechatSession }> {
  const token = randomBytes(32).toString('base64url');
  const session: LivechatSession = {
    tokenHash: hashToken(token),
    channelId,
    visitorId: randomUUID(),
    name: contact.name ?? null,
    phone: contact.phone ?? null,
    email: contact.email ?? null,
    createdAt: now,
    expiresAt: new Date(now.getTime() + VISITOR_SESSION_TTL_MS),
  };
  await db.getRepository<LivechatSession>(LivechatSessionEntity).insert(session);
  return { token, session };
}

/** Requires the bearer token of a live livechat session; sets `req.visitor`. */
export function requireVisitor(db: DataSource): RequestHandler {
  return async (req, _res, next) => {
    const token = bearerToken(req.get('authorization'));
    if (!token) throw unauthorized('A livechat session token is required');
    const session = await db
      .getRepository<LivechatSession>(LivechatSessionEntity)
      .findOneBy({ tokenHash: hashToken(token) });
    if (!session || session.expiresAt.getTime() <= Date.now())
      throw unauthorized('The livechat session is invalid or has expired');
    req.visitor = session;
    next();
  };
}
