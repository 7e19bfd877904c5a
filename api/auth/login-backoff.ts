import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { LoginThrottleEntity, type LoginThrottle } from '../../db/entities';
import { isUniqueViolation } from '../../db/idempotent-writes';
import { HttpError } from '../errors';

/**
 * Per-account backoff after failed sign-ins. The per-IP rate limit stops one machine; this stops many
 * machines guessing one employee's password: after `freeFailures` failures in a row, each further
 * failure doubles the wait before the next attempt for that email (1 s, 2 s, 4 s … up to `maxSeconds`),
 * a correct password included. A success, or `forgetAfterMs` without failures, starts the count anew.
 * The count lives in the database (every API replica sees it) under a hash of the email, and emails
 * without an account are counted the same, so the backoff tells nobody which accounts exist.
 */
export const LOGIN_BACKOFF = { freeFailures: 5, maxSeconds: 900, forgetAfterMs: 15 * 60_000 };

const keyOf = (email: string) => createHash('sha256').update(email.trim().toLowerCase()).digest('hex');

/** The wait after the n-th failure in a row, in seconds. */
export function backoffSeconds(failures: number): number {
  const over = failures - LOGIN_BACKOFF.freeFailures;
  return over <= 0 ? 0 : Math.min(2 ** (over - 1), LOGIN_BACKOFF.maxSeconds);
}

/** Throws 429 (with Retry-After) while sign-ins for this email are held back. */
export async function refuseWhileBlocked(db: DataSource, email: string, now: Date): Promise<void> {
  const row = await db
    .getRepository<LoginThrottle>(LoginThrottleEntity)
    .findOneBy({ emailHash: keyOf(email) });
  const wait = row?.blockedUntil ? Math.ceil((row.blockedUntil.getTime() - now.getTime()) / 1000) : 0;
  if (wait > 0) {
    throw new HttpError(
      429,
      'too_many_failed_logins',
      `Too many failed sign-ins for this account; try again in ${wait} s`,
      undefined,
      { 'Retry-After': String(wait) },
    );
  }
}

/**
 * Counts a failure. Compare-and-set on the count, so concurrent failures are each counted once
 * (a lost race reads the row again).
 */
export async function countFailedLogin(db: DataSource, email: string, now: Date): Promise<void> {
  const repo = db.getRepository<LoginThrottle>(LoginThrottleEntity);
  const emailHash = keyOf(email);
  for (let attempt = 0; attempt < 20; attempt++) {
    const row = await repo.findOneBy({ emailHash });
    if (!row) {
      try {
        await repo.insert({ emailHash, failures: 1, lastFailureAt: now, blockedUntil: null });
        return;
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        continue; // another failure inserted it first: count on top of it
      }
    }
    const quiet = now.getTime() - row.lastFailureAt.getTime() > LOGIN_BACKOFF.forgetAfterMs;
    const failures = quiet ? 1 : row.failures + 1;
    const wait = backoffSeconds(failures);
    const { affected } = await repo.update(
      { emailHash, failures: row.failures },
      { failures, lastFailureAt: now, blockedUntil: wait ? new Date(now.getTime() + wait * 1000) : null },
    );
    if (affected) return;
  }
  throw new Error('could not count a failed sign-in: the count kept changing');
}

/** A correct password: the count starts anew. */
export async function forgetFailedLogins(db: DataSource, email: string): Promise<void> {
  await db.getRepository<LoginThrottle>(LoginThrottleEntity).delete({ emailHash: keyOf(email) });
}
