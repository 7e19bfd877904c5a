import type { DataSource } from 'typeorm';
import { AuthTokenEntity, UserEntity, type AuthToken, type User } from '../../db/entities';
import type { LoginRequest } from '../../schemas/generated/login-request';
import { countFailedLogin, forgetFailedLogins, refuseWhileBlocked } from '../auth/login-backoff';
import { verifyPassword } from '../auth/password-hash';
import { issueToken, presentedTokenHash, publicUser } from '../auth/tokens';
import { unauthorized } from '../errors';
import { EVERY_ROLE, type ApiRoutes } from '../api-routes';
import type { PresenceTracker } from '../live/presence-tracker';

export function authRoutes(
  routes: ApiRoutes,
  { db, tokenTtlSeconds, presence }: { db: DataSource; tokenTtlSeconds: number; presence: PresenceTracker },
): void {
  routes.add(
    {
      method: 'post',
      path: '/api/auth/login',
      tag: 'Authentication',
      summary:
        'Sign in: a bearer token that expires (LINEFLOW_TOKEN_TTL) and the user; after 5 failures in a row for one email, each further failure doubles the wait (429 with Retry-After)',
      audience: 'public',
      body: 'loginRequest',
      success: { status: 200, description: 'the token and who it signs in', schema: 'loginResponse' },
      errors: [401, 429],
    },
    async (req, res) => {
      const { email, password } = req.body as LoginRequest;
      await refuseWhileBlocked(db, email, new Date());
      const user = await db.getRepository<User>(UserEntity).findOneBy({ email: email.trim().toLowerCase() });
      // One answer for "no such user", "wrong password" and "fired", so logins cannot probe accounts.
      if (!user || user.fired || !(await verifyPassword(password, user.passwordHash))) {
        await countFailedLogin(db, email, new Date());
        throw unauthorized('Email or password is wrong');
      }
      await forgetFailedLogins(db, email);
      const { token, expiresAt } = await issueToken(db, user.id, tokenTtlSeconds);
      res.json({ token, expiresAt: expiresAt.toISOString(), user: publicUser(user) });
    },
  );
  routes.add(
    {
      method: 'post',
      path: '/api/auth/logout',
      tag: 'Authentication',
      summary:
        'Sign out: the token of this request stops working and its event streams end (other sessions stay); ' +
        'offline unless another inbox of theirs is open',
      audience: EVERY_ROLE,
      success: { status: 204, description: 'signed out' },
    },
    async (req, res) => {
      // requireAuth has just found this token, so the header holds one
      const tokenHash = presentedTokenHash(req)!;
      await db.getRepository<AuthToken>(AuthTokenEntity).delete({ tokenHash });
      await presence.signedOut(req.user!.id, tokenHash);
      res.status(204).end();
    },
  );
}
