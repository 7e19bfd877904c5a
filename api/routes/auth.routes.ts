import express, { Router } from 'express';
import type { DataSource } from 'typeorm';
import { UserEntity, type User } from '../../db/entities';
import type { LoginRequest } from '../../schemas/generated/login-request';
import { verifyPassword } from '../auth/password-hash';
import { issueToken, publicUser } from '../auth/tokens';
import { unauthorized } from '../errors';
import { parseBody } from '../validation';

export function authRoutes({ db, tokenTtlSeconds }: { db: DataSource; tokenTtlSeconds: number }): Router {
  const router = Router();
  router.post('/auth/login', express.json({ limit: '1mb' }), async (req, res) => {
    const { email, password } = parseBody<LoginRequest>('loginRequest', req.body);
    const user = await db.getRepository<User>(UserEntity).findOneBy({ email: email.trim().toLowerCase() });
    // One answer for "no such user", "wrong password" and "fired", so logins cannot probe accounts.
    if (!user || user.fired || !(await verifyPassword(password, user.passwordHash))) {
      throw unauthorized('Email or password is wrong');
    }
    const { token, expiresAt } = await issueToken(db, user.id, tokenTtlSeconds);
    res.json({ token, expiresAt: expiresAt.toISOString(), user: publicUser(user) });
  });
  return router;
}
