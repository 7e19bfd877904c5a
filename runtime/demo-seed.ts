import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { generatePassword, hashPassword } from '../api/auth/password-hash';
import {
  ChannelEntity,
  UserEntity,
  UserLineEntity,
  type Channel,
  type ChannelConfig,
  type Role,
  type User,
  type UserLine,
} from '../db/entities';
import { createLine } from '../db/default-flow';
import { isUniqueViolation } from '../db/idempotent-writes';
import type { LineSettings } from '../schemas/generated/line-settings';

export const DEMO_LINE_ID = 'demo-support';
export const DEMO_WEBHOOK_CHANNEL_ID = 'demo-webhook';
export const DEMO_LIVECHAT_CHANNEL_ID = 'demo-livechat';

export interface SeedOptions {
  adminPassword?: string;
  demoPassword?: string;
  demo: boolean;
}

export interface SeedLogin {
  email: string;
  role: Role;
  /** Only set when we generated it: it is printed this once and never stored in clear. */
  generatedPassword?: string;
}

export interface SeedResult {
  seeded: boolean;
  logins: SeedLogin[];
}

/**
 * docs/product.md §5's demo line: its queue is the three operators in order, time tracking off (availability is
 * "online"), no load limit, the chat tracker on with leads made automatically, KPI first answer 3
 * minutes and next answer 5 minutes alerting the supervisor. Mode, step timeout, the availability
 * check and the rating wait are the default flow's.
 */
export function demoLineSettings(operatorIds: string[]): LineSettings {
  return {
    timeZone: 'UTC',
    queue: { operators: operatorIds, timeTracking: false },
    loadLimit: { enabled: false },
    crm: { chatTracker: true, createLead: 'auto' },
    kpi: {
      firstAnswer: { threshold: '3m', notify: ['supervisors'] },
      answer: { threshold: '5m', notify: ['supervisors'] },
    },
  };
}

/**
 * First start on an empty database: the admin, and (unless disabled) the demo line "Support" with a
 * webhook and a livechat channel, a supervisor and three operators. Runs once: a database with any
 * user is left alone. One transaction, so a failure leaves nothing half-seeded.
 */
export async function seedDatabase(
  db: DataSource,
  options: SeedOptions,
  now = new Date(),
): Promise<SeedResult> {
  if ((await db.getRepository<User>(UserEntity).count()) > 0) return { seeded: false, logins: [] };

  const logins: SeedLogin[] = [];
  const demoPassword = options.demoPassword ?? generatePassword();
  const people: Array<{ email: string; name: string; role: Role; password: string; generated: boolean }> = [
    {
      email: 'admin@lineflow.local',
      name: 'Admin',
      role: 'admin',
      password: options.adminPassword ?? generatePassword(),
      generated: !options.adminPassword,
    },
  ];
  if (options.demo) {
    people.push({
      email: 'supervisor@lineflow.local',
      name: 'Sam Supervisor',
      role: 'supervisor',
      password: demoPassword,
      generated: !options.demoPassword,
    });
    for (const n of [1, 2, 3]) {
      people.push({
        email: `operator${n}@lineflow.local`,
        name: `Operator ${n}`,
        role: 'operator',
        password: demoPassword,
        generated: !options.demoPassword,
      });
    }
  }
  const users: User[] = await Promise.all(
    people.map(async (p) => ({
      id: randomUUID(),
      email: p.email,
      name: p.name,
      role: p.role,
      passwordHash: await hashPassword(p.password),
      fired: false,
      maxOpenDialogs: null,
      online: false,
      away: false,
      lastSeenAt: null,
      workdayState: 'stopped' as const,
      vacations: null,
      lastAssignedAt: null,
      createdAt: now,
    })),
  );
  const memberships: UserLine[] = users
    .filter((u) => u.role !== 'admin')
    .map((u) => ({ userId: u.id, lineId: DEMO_LINE_ID }));
  try {
    await db.transaction(async (tx) => {
      // Copies: on SQLite, TypeORM writes the ids that `INSERT … RETURNING` gives back into the objects
      // passed to a bulk insert, matched by position, and SQLite returns those rows in no fixed order.
      await tx.getRepository<User>(UserEntity).insert(users.map((u) => ({ ...u })));
      if (!options.demo) return;
      const operatorIds = users.filter((u) => u.role === 'operator').map((u) => u.id);
      await createLine(
        tx,
        { id: DEMO_LINE_ID, name: 'Support', settings: demoLineSettings(operatorIds) },
        now,
      );
      const channel = (id: string, kind: Channel['kind'], name: string, config?: ChannelConfig): Channel => ({
        id,
        lineId: DEMO_LINE_ID,
        kind,
        name,
        secret: randomBytes(24).toString('hex'),
        active: true,
        ...(config ? { config } : {}),
        createdAt: now,
      });
      // The website chat of the demo page (/demo/livechat) asks who is writing; the email is optional.
      await tx.getRepository<Channel>(ChannelEntity).insert([
        channel(DEMO_WEBHOOK_CHANNEL_ID, 'webhook', 'Demo webhook'),
        channel(DEMO_LIVECHAT_CHANNEL_ID, 'livechat', 'Website chat', {
          preChatForm: { enabled: true, requireEmail: false },
        }),
      ]);
      await tx.getRepository<UserLine>(UserLineEntity).insert(memberships);
    });
  } catch (error) {
    // Another process seeded at the same moment (API replicas starting together): theirs stands.
    if (isUniqueViolation(error)) return { seeded: false, logins: [] };
    throw error;
  }
  people.forEach((p, i) =>
    logins.push({
      email: users[i]!.email,
      role: p.role,
      generatedPassword: p.generated ? p.password : undefined,
    }),
  );
  return { seeded: true, logins };
}

export function describeSeed(result: SeedResult): string {
  if (!result.seeded) return '';
  const rows = result.logins.map(
    (l) =>
      `  ${l.role.padEnd(10)} ${l.email.padEnd(28)} ${l.generatedPassword ?? '(password from environment)'}`,
  );
  return ['Lineflow seeded this database. Logins (generated passwords are shown only now):', ...rows].join(
    '\n',
  );
}
