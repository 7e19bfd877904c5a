import { EntitySchema } from 'typeorm';
import { idColumn, optionalTimestamp, timestamp } from './columns';

/**
 * Failed sign-ins per account (api/auth/login-backoff.ts), kept in the database so every API replica
 * sees the same count. Keyed by a hash of the email as typed (lower-cased), whether or not such an
 * account exists: the backoff must not tell which emails are employees'.
 */
export interface LoginThrottle {
  /** sha256 hex of the lower-cased email */
  emailHash: string;
  /** failed sign-ins in a row (since the last success, or since a quiet spell reset them) */
  failures: number;
  lastFailureAt: Date;
  /** no sign-in for this email is tried before this instant; null: none blocked */
  blockedUntil: Date | null;
}

export const LoginThrottleEntity = new EntitySchema<LoginThrottle>({
  name: 'LoginThrottle',
  tableName: 'login_throttles',
  columns: {
    emailHash: idColumn,
    failures: { type: 'integer' },
    lastFailureAt: timestamp,
    blockedUntil: optionalTimestamp,
  },
});
