import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { isMysql } from '../../db/data-source';
import {
  LIVE_LINE,
  LineEntity,
  UserEntity,
  UserLineEntity,
  type Line,
  type User,
  type UserLine,
} from '../../db/entities';
import { isUniqueViolation } from '../../db/idempotent-writes';
import type { ValidationDetail } from '../../schemas/ajv';
import type { OperatorCreateRequest } from '../../schemas/generated/operator-create-request';
import type { OperatorRequest } from '../../schemas/generated/operator-request';
import type { OperatorView } from '../../schemas/generated/responses/operator-view';
import { recordAudit } from '../audit/audit-log';
import { hashPassword } from '../auth/password-hash';
import { presentedTokenHash, revokeTokens, type AuthenticatedUser } from '../auth/tokens';
import { EVERY_ROLE, type ApiRoutes } from '../api-routes';
import { HttpError, notFound } from '../errors';

/** An employee as the API shows them: never the password hash. */
export const operatorView = (user: User, lines: string[]): OperatorView => ({
  id: user.id,
  email: user.email,
  name: user.name,
  role: user.role,
  lines,
  maxOpenDialogs: user.maxOpenDialogs,
  vacations: user.vacations ?? [],
  fired: user.fired,
  online: user.online,
  lastSeenAt: user.lastSeenAt?.toISOString() ?? null,
  workdayState: user.workdayState,
  createdAt: user.createdAt.toISOString(),
});

/** What the audit trail compares; `password` is redacted there by its name. */
const auditSnapshot = (user: User, lines: string[]) => ({
  email: user.email,
  name: user.name,
  role: user.role,
  password: user.passwordHash,
  lines: [...lines].sort(),
  maxOpenDialogs: user.maxOpenDialogs,
  vacations: user.vacations ?? [],
  fired: user.fired,
});

/** Each user's line ids, in one query. */
export async function linesOf(manager: EntityManager, userIds: string[]): Promise<Map<string, string[]>> {
  const byUser = new Map(userIds.map((id) => [id, [] as string[]]));
  if (!userIds.length) return byUser;
  const rows = await manager.getRepository<UserLine>(UserLineEntity).findBy({ userId: In(userIds) });
  for (const row of rows.sort((a, b) => a.lineId.localeCompare(b.lineId)))
    byUser.get(row.userId)?.push(row.lineId);
  return byUser;
}

/** Vacations whose end comes before their start: 422, pointing at the `to`. */
function vacationProblems(vacations: OperatorRequest['vacations']): ValidationDetail[] {
  return (vacations ?? []).flatMap((v, i) =>
    v.from <= v.to ? [] : [{ pointer: `/vacations/${i}/to`, message: `must not be before from (${v.from})` }],
  );
}

/** Line ids that name no line (deleted ones included): 422, pointing at each. */
async function unknownLineProblems(
  manager: EntityManager,
  ids: string[] | undefined,
): Promise<ValidationDetail[]> {
  if (!ids?.length) return [];
  const found = new Set(
    (await manager.getRepository<Line>(LineEntity).findBy({ id: In(ids), ...LIVE_LINE })).map(
      (line) => line.id,
    ),
  );
  return ids.flatMap((id, i) =>
    found.has(id) ? [] : [{ pointer: `/lines/${i}`, message: `is not a line (${id})` }],
  );
}

const refuseIfProblems = (problems: ValidationDetail[]) => {
  if (problems.length) throw new HttpError(422, 'invalid_operator', 'The employee has problems', problems);
};

/**
 * Refuses a change that would leave nobody able to administer Lineflow. On MySQL/MariaDB the active
 * admins' rows are locked first, so two admins demoting each other at the same moment cannot both
 * pass; SQLite runs one transaction at a time anyway (db/sqlite-transactions.ts).
 */
async function keepAnAdmin(tx: EntityManager, target: User, after: { role: string; fired: boolean }) {
  const staysAdmin = after.role === 'admin' && !after.fired;
  if (target.role !== 'admin' || target.fired || staysAdmin) return;
  const admins = await tx.getRepository<User>(UserEntity).find({
    where: { role: 'admin', fired: false },
    order: { id: 'ASC' }, // every caller locks the rows in the same order: no deadlock between them
    ...(isMysql(tx.connection) ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
  if (!admins.some((a) => a.id !== target.id))
    throw new HttpError(409, 'last_admin', 'This is the last admin: make someone else admin first');
}

/** Supervisors see the people who share a line with them; the ids of those lines. */
async function supervisorScope(db: DataSource, supervisor: AuthenticatedUser): Promise<Set<string>> {
  const own = await db.getRepository<UserLine>(UserLineEntity).findBy({ userId: supervisor.id });
  return new Set(own.map((m) => m.lineId));
}

/**
 * Employees (docs/product.md §2.6), administered by admins. Supervisors read the people who work on their
 * lines (to see who is online, on vacation or loaded), with only those lines listed; a colleague on
 * none of their lines reads as missing. Operators list their colleagues the same way (whom to transfer
 * a dialog to or invite), and read themselves at GET /api/me.
 * Firing keeps the row (dialogs, statistics and the audit trail name them), ends their sessions and
 * keeps them out: login and tokens refuse a fired employee, routing never offers them a dialog.
 */
export function operatorRoutes(routes: ApiRoutes, { db }: { db: DataSource }): void {
  const tag = 'Operators';
  const users = () => db.getRepository<User>(UserEntity);

  /** The employee at :id as the caller may see them, with the lines they may see; 404 otherwise. */
  async function visibleOperator(req: Request): Promise<{ user: User; lines: string[] }> {
    const id = String(req.params.id);
    const user = await users().findOneBy({ id });
    if (!user) throw notFound(`No employee ${id}`);
    const lines = (await linesOf(db.manager, [id])).get(id)!;
    if (req.user!.role === 'admin') return { user, lines };
    const scope = await supervisorScope(db, req.user!);
    const shared = lines.filter((l) => scope.has(l));
    if (!shared.length && user.id !== req.user!.id) throw notFound(`No employee ${id}`);
    return { user, lines: shared };
  }

  async function refuseTakenEmail(email: string, exceptId?: string): Promise<void> {
    const holder = await users().findOneBy({ email });
    if (holder && holder.id !== exceptId)
      throw new HttpError(409, 'email_taken', `Another employee signs in as ${email}`);
  }

  /**
   * One change to an existing employee (PATCH, and DELETE as `{ fired: true }`), checked in full before
   * its first write and written with its audit record in one transaction. Firing or a new password ends
   * the employee's sessions (a new password keeps the session of the admin who sets their own).
   */
  async function changeOperator(req: Request, target: User, body: OperatorRequest): Promise<void> {
    const email = body.email?.toLowerCase();
    if (email !== undefined && email !== target.email) await refuseTakenEmail(email, target.id);
    const passwordHash = body.password !== undefined ? await hashPassword(body.password) : undefined;
    const vacations = vacationProblems(body.vacations);
    try {
      await db.transaction(async (tx) => {
        refuseIfProblems([...vacations, ...(await unknownLineProblems(tx, body.lines))]);
        const current = await tx.getRepository<User>(UserEntity).findOneByOrFail({ id: target.id });
        const before = (await linesOf(tx, [target.id])).get(target.id)!;
        // Only the columns the request names are written: presence and routing columns stay theirs.
        const changes: Partial<User> = {
          ...(email !== undefined ? { email } : {}),
          ...(body.name !== undefined ? { name: body.name } : {}),
          ...(body.role !== undefined ? { role: body.role } : {}),
          ...(passwordHash !== undefined ? { passwordHash } : {}),
          ...(body.maxOpenDialogs !== undefined ? { maxOpenDialogs: body.maxOpenDialogs } : {}),
          ...(body.vacations !== undefined ? { vacations: body.vacations } : {}),
          ...(body.fired !== undefined ? { fired: body.fired } : {}),
        };
        const next: User = { ...current, ...changes };
        await keepAnAdmin(tx, current, next);
        const firing = next.fired && !current.fired;
        // A fired employee is no longer available, whatever they last said.
        if (firing) Object.assign(changes, { online: false, workdayState: 'stopped' });
        if (Object.keys(changes).length)
          await tx.getRepository<User>(UserEntity).update(target.id, changes as never);
        const lines = body.lines ?? before;
        if (body.lines !== undefined) {
          const memberships = tx.getRepository<UserLine>(UserLineEntity);
          await memberships.delete({ userId: target.id });
          if (lines.length) await memberships.insert(lines.map((lineId) => ({ userId: target.id, lineId })));
        }
        if (firing) await revokeTokens(tx, target.id);
        else if (passwordHash !== undefined) await revokeTokens(tx, target.id, presentedTokenHash(req));
        await recordAudit(tx, {
          actorId: req.user!.id,
          action: firing ? 'operator.fire' : 'operator.update',
          entityType: 'operator',
          entityId: target.id,
          before: auditSnapshot(current, before),
          after: auditSnapshot(next, lines),
        });
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw new HttpError(409, 'email_taken', `Another employee signs in as ${email}`);
      throw error;
    }
  }

  routes.add(
    {
      method: 'get',
      path: '/api/operators',
      tag,
      summary:
        'Employees, fired ones included (flagged). Admins: everyone; supervisors and operators: the people on their lines (colleagues to transfer or invite to), with only those lines listed',
      audience: EVERY_ROLE,
      success: { status: 200, description: 'the employees, by name', schema: 'operatorList' },
    },
    async (req, res) => {
      const isAdmin = req.user!.role === 'admin';
      const scope = isAdmin ? null : await supervisorScope(db, req.user!);
      let ids: string[] | null = null;
      if (scope) {
        const members = await db.getRepository<UserLine>(UserLineEntity).findBy({ lineId: In([...scope]) });
        ids = [...new Set([req.user!.id, ...members.map((m) => m.userId)])];
      }
      const found = await users().find({
        where: ids ? { id: In(ids) } : {},
        order: { name: 'ASC', id: 'ASC' },
      });
      const lines = await linesOf(
        db.manager,
        found.map((u) => u.id),
      );
      res.json({
        items: found.map((u) => {
          const all = lines.get(u.id)!;
          return operatorView(u, scope ? all.filter((l) => scope.has(l)) : all);
        }),
      });
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/api/operators/:id',
      tag,
      summary: 'One employee (supervisors: only someone on one of their lines)',
      audience: ['admin', 'supervisor'],
      success: { status: 200, description: 'the employee', schema: 'operatorView' },
      errors: [404],
    },
    async (req, res) => {
      const { user, lines } = await visibleOperator(req);
      res.json(operatorView(user, lines));
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/api/operators',
      tag,
      summary:
        'Create an employee: email unique (409), password of 8+ characters (stored as a scrypt hash), lines that exist and vacations in order (422)',
      audience: ['admin'],
      body: 'operatorCreateRequest',
      success: { status: 201, description: 'the new employee', schema: 'operatorView' },
      errors: [409, 422],
    },
    async (req, res) => {
      const body = req.body as OperatorCreateRequest; // the schema refuses `fired: true`
      const email = body.email.toLowerCase();
      await refuseTakenEmail(email);
      const vacations = vacationProblems(body.vacations);
      const user: User = {
        id: randomUUID(),
        email,
        name: body.name,
        role: body.role,
        passwordHash: await hashPassword(body.password),
        fired: false,
        maxOpenDialogs: body.maxOpenDialogs ?? null,
        online: false,
        away: false,
        lastSeenAt: null,
        workdayState: 'stopped',
        vacations: body.vacations ?? null,
        lastAssignedAt: null,
        createdAt: new Date(),
      };
      const lines = body.lines ?? [];
      try {
        await db.transaction(async (tx) => {
          refuseIfProblems([...vacations, ...(await unknownLineProblems(tx, lines))]);
          await tx.getRepository<User>(UserEntity).insert({ ...user } as never);
          if (lines.length)
            await tx
              .getRepository<UserLine>(UserLineEntity)
              .insert(lines.map((lineId) => ({ userId: user.id, lineId })));
          await recordAudit(tx, {
            actorId: req.user!.id,
            action: 'operator.create',
            entityType: 'operator',
            entityId: user.id,
            before: null,
            after: auditSnapshot(user, lines),
          });
        });
      } catch (error) {
        // two admins creating the same email at once: the unique index decides
        if (isUniqueViolation(error))
          throw new HttpError(409, 'email_taken', `Another employee signs in as ${email}`);
        throw error;
      }
      res.status(201).json(operatorView(user, [...lines].sort()));
    },
  );

  routes.add(
    {
      method: 'patch',
      path: '/api/operators/:id',
      tag,
      summary:
        'Change an employee (lines and vacations are replaced whole; a new password ends their other sessions; `fired: false` takes them back). The last admin cannot be demoted or fired (409)',
      audience: ['admin'],
      body: 'operatorRequest',
      success: { status: 200, description: 'the changed employee', schema: 'operatorView' },
      errors: [404, 409, 422],
    },
    async (req, res) => {
      const target = await users().findOneBy({ id: String(req.params.id) });
      if (!target) throw notFound(`No employee ${req.params.id}`);
      await changeOperator(req, target, req.body as OperatorRequest);
      const changed = await users().findOneByOrFail({ id: target.id });
      res.json(operatorView(changed, (await linesOf(db.manager, [target.id])).get(target.id)!));
    },
  );

  routes.add(
    {
      method: 'delete',
      path: '/api/operators/:id',
      tag,
      summary:
        'Fire an employee: the row stays for history, their sessions end, they cannot sign in and get no dialogs; the last admin cannot be fired (409)',
      audience: ['admin'],
      success: { status: 200, description: 'the fired employee', schema: 'operatorView' },
      errors: [404, 409],
    },
    async (req, res) => {
      const target = await users().findOneBy({ id: String(req.params.id) });
      if (!target) throw notFound(`No employee ${req.params.id}`);
      if (!target.fired) await changeOperator(req, target, { fired: true });
      const fired = await users().findOneByOrFail({ id: target.id });
      res.json(operatorView(fired, (await linesOf(db.manager, [target.id])).get(target.id)!));
    },
  );
}
