import { EntitySchema } from 'typeorm';
import { createdAt, idColumn, optionalJsonText, optionalTimestamp, refColumn } from './columns';

export const ROLES = ['admin', 'supervisor', 'operator'] as const;
export type Role = (typeof ROLES)[number];
export type WorkdayState = 'started' | 'paused' | 'stopped';

/** An employee: admin, supervisor or operator. */
export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  passwordHash: string;
  fired: boolean;
  maxOpenDialogs: number | null;
  online: boolean;
  /** set away by hand: not online although an inbox of theirs is open (api/live/presence-tracker.ts) */
  away: boolean;
  lastSeenAt: Date | null;
  workdayState: WorkdayState;
  /** inclusive ISO date ranges ("2026-07-01") in the line's time zone; null: none */
  vacations: Array<{ from: string; to: string }> | null;
  /** when the queue last gave them a dialog ("evenly" breaks ties by the longest wait since) */
  lastAssignedAt: Date | null;
  createdAt: Date;
}

export const UserEntity = new EntitySchema<User>({
  name: 'User',
  tableName: 'users',
  columns: {
    id: idColumn,
    email: { type: 'varchar', length: 254 },
    name: { type: 'varchar', length: 200 },
    role: { type: 'varchar', length: 16 },
    passwordHash: { type: 'varchar', length: 255 },
    fired: { type: 'boolean', default: false },
    maxOpenDialogs: { type: 'integer', nullable: true },
    online: { type: 'boolean', default: false },
    away: { type: 'boolean', default: false },
    lastSeenAt: optionalTimestamp,
    workdayState: { type: 'varchar', length: 16, default: 'stopped' },
    vacations: optionalJsonText,
    lastAssignedAt: optionalTimestamp,
    createdAt,
  },
  indices: [{ name: 'IDX_users_email', columns: ['email'], unique: true }],
});

/** Which lines an employee works on. */
export interface UserLine {
  userId: string;
  lineId: string;
}

export const UserLineEntity = new EntitySchema<UserLine>({
  name: 'UserLine',
  tableName: 'user_lines',
  columns: { userId: { ...refColumn, primary: true }, lineId: { ...refColumn, primary: true } },
});

/** A login token; only its SHA-256 is stored, so a leaked table grants nothing. */
export interface AuthToken {
  tokenHash: string;
  userId: string;
  expiresAt: Date;
  createdAt: Date;
}

export const AuthTokenEntity = new EntitySchema<AuthToken>({
  name: 'AuthToken',
  tableName: 'auth_tokens',
  columns: {
    tokenHash: { type: 'varchar', length: 64, primary: true },
    userId: refColumn,
    expiresAt: { type: 'datetime', precision: 3 },
    createdAt,
  },
  indices: [{ name: 'IDX_auth_tokens_user', columns: ['userId'] }],
});
