import { createHash } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { EntitySchema } from 'typeorm';
import { DEMO_LINE_ID, DEMO_WEBHOOK_CHANNEL_ID } from '../../runtime/demo-seed';
import { DEFAULT_FLOW } from '../../db/default-flow';
import {
  AuditRecordEntity,
  AuthTokenEntity,
  ChannelEntity,
  DialogEntity,
  FlowDraftEntity,
  FlowVersionEntity,
  LineEntity,
  LoginThrottleEntity,
  QuickReplyEntity,
  UserEntity,
  UserLineEntity,
  type AuditRecord,
  type Channel,
  type LoginThrottle,
  type User,
} from '../../db/entities';
import { dialogWorkflowId } from '../../workflows/definitions';
import { LOGIN_BACKOFF } from '../../api/auth/login-backoff';
import {
  ADMIN_PASSWORD,
  DEMO_PASSWORD,
  eventually,
  TestStack,
  type ApiResponse,
  type Engine,
} from '../support/test-stack';

/**
 * The admin API on a real stack (Temporal dev server, worker, SQLite or MariaDB): employees, quick
 * replies, line deletion, the audit trail, logout and GET /api/me — each route as admin, supervisor,
 * operator and without a token, and every refused request leaving the database exactly as it was.
 */
export function describeAdminApi(engine: Engine): void {
  describe(`admin API on ${engine}`, () => {
    let stack: TestStack;
    let admin: string;
    let supervisor: string;
    let operator1: string;
    let operator2: string;
    let adminId: string;
    let operator1Id: string;
    let webhookSecret: string;
    /** a dialog on the demo line that stays open (the quick-reply tests open it) */
    let openDemoDialogId: string;

    const call = (method: string, path: string, token?: string, json?: unknown) =>
      stack.request(method, path, { token, json });

    /** Every row of the tables the admin API writes, so a refused request can be shown to change none. */
    const TABLES: EntitySchema<any>[] = [
      UserEntity,
      UserLineEntity,
      AuthTokenEntity,
      QuickReplyEntity,
      AuditRecordEntity,
      LineEntity,
      ChannelEntity,
      FlowDraftEntity,
      FlowVersionEntity,
    ];
    const storedRows = async () => {
      const rows: Record<string, string[]> = {};
      for (const entity of TABLES) {
        const found = await stack.db.getRepository(entity).find();
        rows[entity.options.tableName!] = found.map((row) => JSON.stringify(row)).sort();
      }
      return rows;
    };
    /** Runs requests that must all be refused and checks that the database did not change. */
    const expectNothingStored = async (refused: () => Promise<void>) => {
      const before = await storedRows();
      await refused();
      expect(await storedRows()).toEqual(before);
    };
    const auditOf = (entityType: string, entityId: string) =>
      stack.db
        .getRepository<AuditRecord>(AuditRecordEntity)
        .find({ where: { entityType, entityId }, order: { at: 'ASC', id: 'ASC' } });
    const allAuditText = async () =>
      JSON.stringify(await stack.db.getRepository<AuditRecord>(AuditRecordEntity).find());
    const pointers = (response: ApiResponse) =>
      (response.body.error?.details ?? []).map((d: { pointer: string }) => d.pointer);

    let emailSeq = 0;
    const newOperator = async (extra: Record<string, unknown> = {}) => {
      emailSeq++;
      const body = {
        email: `person${emailSeq}@example.com`,
        name: `Person ${emailSeq}`,
        role: 'operator',
        password: `password-${emailSeq}`,
        ...extra,
      };
      const created = await call('POST', '/api/operators', admin, body);
      if (created.status !== 201)
        throw new Error(`create: ${created.status} ${JSON.stringify(created.body)}`);
      return {
        id: created.body.id as string,
        email: body.email,
        password: body.password,
        view: created.body,
      };
    };

    beforeAll(async () => {
      stack = await TestStack.startOn(engine);
      admin = await stack.login('admin@lineflow.local', ADMIN_PASSWORD);
      supervisor = await stack.login('supervisor@lineflow.local', DEMO_PASSWORD);
      operator1 = await stack.login('operator1@lineflow.local', DEMO_PASSWORD);
      operator2 = await stack.login('operator2@lineflow.local', DEMO_PASSWORD);
      adminId = (await call('GET', '/api/me', admin)).body.id;
      operator1Id = (await call('GET', '/api/me', operator1)).body.id;
      webhookSecret = await stack.channelSecret(DEMO_WEBHOOK_CHANNEL_ID);
      // a second line, of which the demo supervisor and operators know nothing
      expect((await call('POST', '/api/lines', admin, { id: 'other', name: 'Other' })).status).toBe(201);
    });

    afterAll(async () => {
      await stack?.stop();
    });

    describe('who may call what', () => {
      it('401 without a token and 403 for the wrong role, on every admin route, storing nothing', async () => {
        const someone = '00000000-0000-0000-0000-000000000000';
        const operatorBody = { email: 'x@example.com', name: 'X', role: 'operator', password: 'long-enough' };
        const adminOnly: Array<[string, string, unknown?]> = [
          ['POST', '/api/operators', operatorBody],
          ['PATCH', `/api/operators/${operator1Id}`, { name: 'Renamed' }],
          ['DELETE', `/api/operators/${operator1Id}`],
          ['DELETE', `/api/lines/${DEMO_LINE_ID}`],
          ['GET', '/api/audit'],
        ];
        const adminOrSupervisor: Array<[string, string]> = [['GET', `/api/operators/${operator1Id}`]];
        const everyEmployee: Array<[string, string, unknown?]> = [
          ['GET', '/api/operators'],
          ['GET', '/api/me'],
          ['POST', '/api/auth/logout'],
          ['GET', '/api/quick-replies'],
          ['GET', `/api/quick-replies/${someone}`],
          ['POST', '/api/quick-replies', { title: 'T', text: 'x' }],
          ['PATCH', `/api/quick-replies/${someone}`, { title: 'T' }],
          ['DELETE', `/api/quick-replies/${someone}`],
        ];
        await expectNothingStored(async () => {
          for (const [method, path, json] of [...adminOnly, ...adminOrSupervisor, ...everyEmployee]) {
            const anonymous = await call(method, path, undefined, json);
            expect({ method, path, status: anonymous.status }).toEqual({ method, path, status: 401 });
            const forged = await stack.request(method, path, {
              json,
              headers: { authorization: `Bearer ${'x'.repeat(43)}` },
            });
            expect({ method, path, status: forged.status }).toEqual({ method, path, status: 401 });
          }
          for (const [method, path, json] of adminOnly) {
            for (const token of [supervisor, operator1]) {
              const response = await call(method, path, token, json);
              expect({ method, path, status: response.status }).toEqual({ method, path, status: 403 });
              expect(response.body.error.code).toBe('forbidden');
            }
          }
          for (const [method, path] of adminOrSupervisor) {
            expect((await call(method, path, operator1)).status).toBe(403);
            expect((await call(method, path, supervisor)).status).toBe(200);
            expect((await call(method, path, admin)).status).toBe(200);
          }
        });
        for (const token of [admin, supervisor, operator1]) {
          expect((await call('GET', '/api/me', token)).status).toBe(200);
          expect((await call('GET', '/api/quick-replies', token)).status).toBe(200);
        }
      });
    });

    describe('employees', () => {
      it('creates an employee who can sign in, shows no password hash, and audits it redacted', async () => {
        const body = {
          email: 'New.Person@Example.com',
          name: 'New Person',
          role: 'operator',
          password: 'correct horse',
          lines: [DEMO_LINE_ID, 'other'],
          maxOpenDialogs: 3,
          vacations: [{ from: '2026-07-01', to: '2026-07-14' }],
        };
        const created = await call('POST', '/api/operators', admin, body);
        expect(created.status).toBe(201);
        expect(created.body).toEqual({
          id: expect.any(String),
          email: 'new.person@example.com',
          name: 'New Person',
          role: 'operator',
          lines: [DEMO_LINE_ID, 'other'].sort(),
          maxOpenDialogs: 3,
          vacations: [{ from: '2026-07-01', to: '2026-07-14' }],
          fired: false,
          online: false,
          lastSeenAt: null,
          workdayState: 'stopped',
          createdAt: expect.any(String),
        });
        const id = created.body.id;
        const row = await stack.db.getRepository<User>(UserEntity).findOneByOrFail({ id });
        expect(row.passwordHash).toMatch(/^scrypt\$/);
        expect(row.passwordHash).not.toContain('correct horse');
        for (const read of [
          await call('GET', `/api/operators/${id}`, admin),
          await call('GET', '/api/operators', admin),
        ]) {
          expect(JSON.stringify(read.body)).not.toContain('scrypt$');
          expect(JSON.stringify(read.body)).not.toContain('passwordHash');
        }
        // the email is matched without regard to case, as the login does
        const token = await stack.login('NEW.PERSON@example.com', 'correct horse');
        expect((await call('GET', '/api/me', token)).body).toMatchObject({
          id,
          lines: [...body.lines].sort(),
        });

        const [record] = await auditOf('operator', id);
        expect(record).toMatchObject({ actorId: adminId, action: 'operator.create' });
        expect(record!.changes).toMatchObject({
          email: { before: null, after: 'new.person@example.com' },
          role: { before: null, after: 'operator' },
          password: { before: null, after: '[redacted]' },
          lines: { before: null, after: [DEMO_LINE_ID, 'other'].sort() },
        });
        expect(await allAuditText()).not.toContain(row.passwordHash);
      });

      it('refuses malformed bodies (400), unknown lines and reversed vacations (422) and a taken email (409), storing nothing', async () => {
        const valid = { email: 'refused@example.com', name: 'R', role: 'operator', password: 'long-enough' };
        await expectNothingStored(async () => {
          const malformed = await call('POST', '/api/operators', admin, {
            ...valid,
            email: 'not-an-email',
            password: 'short',
            role: 'boss',
            extra: true,
          });
          expect(malformed.status).toBe(400);
          expect(malformed.body.error.code).toBe('invalid_request');
          expect(pointers(malformed).sort()).toEqual(['/email', '/extra', '/password', '/role']);
          const missing = await call('POST', '/api/operators', admin, { name: 'R' });
          expect(missing.status).toBe(400);
          expect(pointers(missing).sort()).toEqual(['/email', '/password', '/role']);
          const badDate = await call('POST', '/api/operators', admin, {
            ...valid,
            vacations: [{ from: '2026-02-30', to: '2026-03-01' }],
          });
          expect(pointers(badDate)).toEqual(['/vacations/0/from']);
          const startsFired = await call('POST', '/api/operators', admin, { ...valid, fired: true });
          expect([startsFired.status, pointers(startsFired)]).toEqual([400, ['/fired']]);

          const rules = await call('POST', '/api/operators', admin, {
            ...valid,
            lines: [DEMO_LINE_ID, 'no-such-line'],
            vacations: [
              { from: '2026-01-01', to: '2026-01-02' },
              { from: '2026-05-10', to: '2026-05-01' },
            ],
          });
          expect(rules.status).toBe(422);
          expect(rules.body.error.code).toBe('invalid_operator');
          expect(pointers(rules)).toEqual(['/vacations/1/to', '/lines/1']);

          const taken = await call('POST', '/api/operators', admin, {
            ...valid,
            email: 'Operator1@Lineflow.local',
          });
          expect(taken.status).toBe(409);
          expect(taken.body.error.code).toBe('email_taken');
        });
      });

      it('changes an employee: fields, lines replaced whole, a new password ends their sessions', async () => {
        const person = await newOperator({ lines: [DEMO_LINE_ID] });
        const sessions = [
          await stack.login(person.email, person.password),
          await stack.login(person.email, person.password),
        ];
        const patched = await call('PATCH', `/api/operators/${person.id}`, admin, {
          name: 'Renamed',
          role: 'supervisor',
          lines: ['other'],
          password: 'a-new-password',
          maxOpenDialogs: null,
        });
        expect(patched.status).toBe(200);
        expect(patched.body).toMatchObject({
          name: 'Renamed',
          role: 'supervisor',
          lines: ['other'],
          maxOpenDialogs: null,
        });
        for (const token of sessions) expect((await call('GET', '/api/me', token)).status).toBe(401);
        const oldPassword = await stack.request('POST', '/api/auth/login', {
          json: { email: person.email, password: person.password },
        });
        expect(oldPassword.status).toBe(401);
        await stack.login(person.email, 'a-new-password');
        const records = await auditOf('operator', person.id);
        expect(records.map((r) => r.action)).toEqual(['operator.create', 'operator.update']);
        expect(records[1]!.changes).toEqual({
          name: { before: person.view.name, after: 'Renamed' },
          role: { before: 'operator', after: 'supervisor' },
          password: { before: '[redacted]', after: '[redacted]' },
          lines: { before: [DEMO_LINE_ID], after: ['other'] },
        });

        // a PATCH that changes nothing writes no audit record
        expect((await call('PATCH', `/api/operators/${person.id}`, admin, { name: 'Renamed' })).status).toBe(
          200,
        );
        expect(await auditOf('operator', person.id)).toHaveLength(2);
      });

      it('keeps the session of an admin who changes their own password, ending their others', async () => {
        const other = await stack.login('admin@lineflow.local', ADMIN_PASSWORD);
        const own = await call('PATCH', `/api/operators/${adminId}`, admin, { password: 'temporary-pass' });
        expect(own.status).toBe(200);
        expect((await call('GET', '/api/me', admin)).status).toBe(200);
        expect((await call('GET', '/api/me', other)).status).toBe(401);
        const back = await call('PATCH', `/api/operators/${adminId}`, admin, { password: ADMIN_PASSWORD });
        expect(back.status).toBe(200);
      });

      it('refuses bad changes (404, 400, 422, 409), storing nothing', async () => {
        const person = await newOperator();
        await expectNothingStored(async () => {
          expect((await call('PATCH', '/api/operators/nobody', admin, { name: 'X' })).status).toBe(404);
          expect((await call('DELETE', '/api/operators/nobody', admin)).status).toBe(404);
          const empty = await call('PATCH', `/api/operators/${person.id}`, admin, {});
          expect(empty.status).toBe(400);
          const unknownLine = await call('PATCH', `/api/operators/${person.id}`, admin, {
            name: 'Changed too',
            lines: ['missing'],
          });
          expect([unknownLine.status, pointers(unknownLine)]).toEqual([422, ['/lines/0']]);
          const taken = await call('PATCH', `/api/operators/${person.id}`, admin, {
            email: 'SUPERVISOR@lineflow.local',
          });
          expect(taken.status).toBe(409);
        });
      });

      it('never leaves Lineflow without an admin (409), but lets an admin go while another remains', async () => {
        await expectNothingStored(async () => {
          const demote = await call('PATCH', `/api/operators/${adminId}`, admin, { role: 'operator' });
          expect(demote.status).toBe(409);
          expect(demote.body.error.code).toBe('last_admin');
          expect((await call('PATCH', `/api/operators/${adminId}`, admin, { fired: true })).status).toBe(409);
          expect((await call('DELETE', `/api/operators/${adminId}`, admin)).status).toBe(409);
        });
        const second = await newOperator({ role: 'admin' });
        const secondToken = await stack.login(second.email, second.password);
        // with two admins, one may step down (here the second demotes themselves)...
        const stepDown = await call('PATCH', `/api/operators/${second.id}`, secondToken, {
          role: 'operator',
        });
        expect([stepDown.status, stepDown.body.role]).toEqual([200, 'operator']);
        // ...and then the first is the last one again
        await expectNothingStored(async () => {
          const demote = await call('PATCH', `/api/operators/${adminId}`, admin, { role: 'supervisor' });
          expect(demote.status).toBe(409);
        });
      });

      it('lets only one of two admins demoting each other at the same moment win', async () => {
        const users = stack.db.getRepository<User>(UserEntity);
        const other = await newOperator({ role: 'admin' });
        const otherToken = await stack.login(other.email, other.password);
        for (let round = 0; round < 5; round++) {
          const answers = await Promise.all([
            call('PATCH', `/api/operators/${other.id}`, admin, { role: 'operator' }),
            call('PATCH', `/api/operators/${adminId}`, otherToken, { role: 'operator' }),
          ]);
          const admins = await users.countBy({ role: 'admin', fired: false });
          // put both back (straight in the table: one of the two tokens may have lost its rights)
          await users.update(adminId, { role: 'admin' });
          await users.update(other.id, { role: 'admin' });
          expect({ round, admins, won: answers.filter((a) => a.status === 200).length }).toEqual({
            round,
            admins: 1,
            won: 1,
          });
        }
        await users.update(other.id, { role: 'operator' });
      });

      it('fires an employee: the row stays, their token stops working, they cannot sign in; they can be taken back', async () => {
        const person = await newOperator({ lines: [DEMO_LINE_ID] });
        const token = await stack.login(person.email, person.password);
        expect((await call('GET', '/api/me', token)).status).toBe(200);
        const fired = await call('DELETE', `/api/operators/${person.id}`, admin);
        expect(fired.status).toBe(200);
        expect(fired.body).toMatchObject({ id: person.id, fired: true, lines: [DEMO_LINE_ID] });
        expect((await call('GET', '/api/me', token)).status).toBe(401);
        expect(await stack.db.getRepository(AuthTokenEntity).countBy({ userId: person.id })).toBe(0);
        const login = await stack.request('POST', '/api/auth/login', {
          json: { email: person.email, password: person.password },
        });
        expect(login.status).toBe(401);
        expect((await call('GET', `/api/operators/${person.id}`, admin)).body.fired).toBe(true);
        const records = await auditOf('operator', person.id);
        expect(records.map((r) => r.action)).toEqual(['operator.create', 'operator.fire']);
        expect(records[1]!.changes).toEqual({ fired: { before: false, after: true } });

        // firing again changes nothing and records nothing
        expect((await call('DELETE', `/api/operators/${person.id}`, admin)).status).toBe(200);
        expect(await auditOf('operator', person.id)).toHaveLength(2);

        const back = await call('PATCH', `/api/operators/${person.id}`, admin, { fired: false });
        expect([back.status, back.body.fired]).toEqual([200, false]);
        await stack.login(person.email, person.password);
      });

      it('shows a supervisor only the people of their lines, with only those lines', async () => {
        const both = await newOperator({ lines: [DEMO_LINE_ID, 'other'] });
        const elsewhere = await newOperator({ lines: ['other'] });
        const list = await call('GET', '/api/operators', supervisor);
        expect(list.status).toBe(200);
        const byId = new Map(list.body.items.map((o: { id: string }) => [o.id, o]));
        expect(byId.get(both.id)).toMatchObject({ lines: [DEMO_LINE_ID] });
        expect(byId.has(elsewhere.id)).toBe(false);
        expect(byId.has(adminId)).toBe(false);
        expect(byId.has(operator1Id)).toBe(true);
        for (const item of list.body.items) expect(item.lines).toEqual([DEMO_LINE_ID]);
        expect((await call('GET', `/api/operators/${elsewhere.id}`, supervisor)).status).toBe(404);
        expect((await call('GET', `/api/operators/${both.id}`, supervisor)).body.lines).toEqual([
          DEMO_LINE_ID,
        ]);
        const everyone = await call('GET', '/api/operators', admin);
        const ids = everyone.body.items.map((o: { id: string }) => o.id);
        expect(ids).toEqual(expect.arrayContaining([both.id, elsewhere.id, adminId, operator1Id]));
        // an operator lists the colleagues they can transfer to or invite: the people of their lines
        const colleagues = await call('GET', '/api/operators', operator1);
        const seen = new Map(colleagues.body.items.map((o: { id: string }) => [o.id, o]));
        expect(seen.get(both.id)).toMatchObject({ lines: [DEMO_LINE_ID] });
        expect(seen.has(elsewhere.id)).toBe(false);
        expect(seen.has(adminId)).toBe(false);
        expect(seen.has(operator1Id)).toBe(true);
      });
    });

    describe('quick replies', () => {
      const post = (token: string, json: unknown) => call('POST', '/api/quick-replies', token, json);
      const visibleTo = async (token: string) =>
        ((await call('GET', '/api/quick-replies', token)).body.items as Array<{ id: string }>).map(
          (r) => r.id,
        );

      it("keeps an operator's own replies to themselves, unaudited", async () => {
        const own = await post(operator1, {
          group: 'Greetings',
          title: 'Hello',
          text: 'Hello, how can I help?',
        });
        expect(own.status).toBe(201);
        expect(own.body).toMatchObject({
          shared: false,
          ownerId: operator1Id,
          lineId: null,
          group: 'Greetings',
          text: 'Hello, how can I help?',
        });
        const id = own.body.id;
        expect(await visibleTo(operator1)).toContain(id);
        expect(await visibleTo(operator2)).not.toContain(id);
        expect(await visibleTo(admin)).not.toContain(id);
        await expectNothingStored(async () => {
          for (const token of [operator2, supervisor, admin]) {
            expect((await call('GET', `/api/quick-replies/${id}`, token)).status).toBe(404);
            expect((await call('PATCH', `/api/quick-replies/${id}`, token, { title: 'Mine' })).status).toBe(
              404,
            );
            expect((await call('DELETE', `/api/quick-replies/${id}`, token)).status).toBe(404);
          }
        });
        const changed = await call('PATCH', `/api/quick-replies/${id}`, operator1, {
          text: 'Hi! How can I help?',
        });
        expect(changed.body).toMatchObject({ text: 'Hi! How can I help?', title: 'Hello' });
        expect((await call('GET', `/api/quick-replies/${id}`, operator1)).body).toEqual(changed.body);
        expect((await call('DELETE', `/api/quick-replies/${id}`, operator1)).status).toBe(204);
        expect((await call('GET', `/api/quick-replies/${id}`, operator1)).status).toBe(404);
        expect(await auditOf('quickReply', id)).toEqual([]);
      });

      it('shares replies by line: supervisors on their lines, admins anywhere; everyone on the line reads them', async () => {
        const onDemo = await post(supervisor, {
          shared: true,
          lineId: DEMO_LINE_ID,
          title: 'Refunds',
          text: 'Refunds take 5 days.',
        });
        expect(onDemo.status).toBe(201);
        expect(onDemo.body).toMatchObject({
          shared: true,
          ownerId: null,
          lineId: DEMO_LINE_ID,
          group: 'General',
        });
        const everywhere = await post(admin, { shared: true, title: 'Bye', text: 'Have a nice day!' });
        expect(everywhere.body).toMatchObject({ shared: true, lineId: null });
        const onOther = await post(admin, {
          shared: true,
          lineId: 'other',
          title: 'Other',
          text: 'Other line only',
        });
        expect(onOther.status).toBe(201);
        for (const token of [operator1, operator2, supervisor]) {
          const ids = await visibleTo(token);
          expect(ids).toEqual(expect.arrayContaining([onDemo.body.id, everywhere.body.id]));
          expect(ids).not.toContain(onOther.body.id);
        }
        expect(await visibleTo(admin)).toEqual(
          expect.arrayContaining([onDemo.body.id, everywhere.body.id, onOther.body.id]),
        );
        const filtered = await call('GET', '/api/quick-replies?lineId=other', admin);
        expect(filtered.body.items.map((r: { lineId: string | null }) => r.lineId)).not.toContain(
          DEMO_LINE_ID,
        );
        expect(filtered.body.items.map((r: { id: string }) => r.id)).toEqual(
          expect.arrayContaining([onOther.body.id, everywhere.body.id]),
        );

        await expectNothingStored(async () => {
          // operators read shared replies but do not manage them
          const change = await call('PATCH', `/api/quick-replies/${onDemo.body.id}`, operator1, {
            title: 'Mine',
          });
          expect(change.status).toBe(403);
          expect((await call('DELETE', `/api/quick-replies/${onDemo.body.id}`, operator1)).status).toBe(403);
          const operatorShares = await post(operator1, {
            shared: true,
            lineId: DEMO_LINE_ID,
            title: 'T',
            text: 'x',
          });
          expect(operatorShares.status).toBe(403);
          // a supervisor shares on their own lines only, never on every line
          expect((await post(supervisor, { shared: true, title: 'T', text: 'x' })).status).toBe(403);
          const notTheirs = await post(supervisor, { shared: true, lineId: 'other', title: 'T', text: 'x' });
          expect([notTheirs.status, pointers(notTheirs)]).toEqual([422, ['/lineId']]);
          const global = await call('PATCH', `/api/quick-replies/${everywhere.body.id}`, supervisor, {
            title: 'X',
          });
          expect(global.status).toBe(403);
          const moved = await call('PATCH', `/api/quick-replies/${onDemo.body.id}`, supervisor, {
            lineId: 'other',
          });
          expect(moved.status).toBe(422);
          const malformed = await post(operator1, { text: 'no title', color: 'red' });
          expect([malformed.status, pointers(malformed).sort()]).toEqual([400, ['/color', '/title']]);
          const both = await post(operator1, { title: 'T', text: 'x', fromMessageId: 'm' });
          expect(both.status).toBe(400);
        });

        const renamed = await call('PATCH', `/api/quick-replies/${onDemo.body.id}`, supervisor, {
          title: 'Refund times',
        });
        expect(renamed.status).toBe(200);
        expect((await call('DELETE', `/api/quick-replies/${onDemo.body.id}`, supervisor)).status).toBe(204);
        const supervisorId = (await call('GET', '/api/me', supervisor)).body.id;
        const records = await auditOf('quickReply', onDemo.body.id);
        expect(records.map((r) => [r.action, r.actorId])).toEqual([
          ['quickReply.create', supervisorId],
          ['quickReply.update', supervisorId],
          ['quickReply.delete', supervisorId],
        ]);
        expect(records[1]!.changes).toEqual({ title: { before: 'Refunds', after: 'Refund times' } });
      });

      it('saves a message of a dialog the caller can see as a reply, and refuses one they cannot see', async () => {
        const sent = await stack.inbound(
          DEMO_WEBHOOK_CHANNEL_ID,
          JSON.stringify({
            externalMessageId: 'qr-1',
            client: { externalId: 'qr-client' },
            text: 'Where is my order?',
          }),
          webhookSecret,
        );
        expect(sent.status).toBe(202);
        openDemoDialogId = sent.body.dialogId;
        await eventually(async () => {
          const dialog = await call('GET', `/api/dialogs/${sent.body.dialogId}`, admin);
          return dialog.status === 200 && dialog.body.messages.length === 1 ? true : undefined;
        });
        const saved = await post(operator1, { title: 'Order question', fromMessageId: sent.body.messageId });
        expect(saved.status).toBe(201);
        expect(saved.body).toMatchObject({ text: 'Where is my order?', ownerId: operator1Id });

        const outsider = await newOperator({ lines: ['other'] });
        const outsiderToken = await stack.login(outsider.email, outsider.password);
        await expectNothingStored(async () => {
          const hidden = await post(outsiderToken, { title: 'T', fromMessageId: sent.body.messageId });
          expect([hidden.status, pointers(hidden)]).toEqual([422, ['/fromMessageId']]);
          const missing = await post(operator1, { title: 'T', fromMessageId: 'no-such-message' });
          expect(missing.status).toBe(422);
        });
      });
    });

    describe('deleting a line', () => {
      const LINE = 'temp-line';
      const CHANNEL = 'temp-hook';
      const SECRET = 'temp-line-secret-0123456789abcdef';

      it('is refused while a dialog is open, then removes the configuration and keeps the history', async () => {
        expect((await call('POST', '/api/lines', admin, { id: LINE, name: 'Temporary' })).status).toBe(201);
        expect((await call('PATCH', `/api/lines/${LINE}`, admin, { name: 'Temporary line' })).status).toBe(
          200,
        );
        // (no channel routes yet: the channel goes straight into the table)
        const channel: Channel = {
          id: CHANNEL,
          lineId: LINE,
          kind: 'webhook',
          name: 'Temporary webhook',
          secret: SECRET,
          active: true,
          createdAt: new Date(),
        };
        await stack.db.getRepository<Channel>(ChannelEntity).insert(channel);
        const member = await newOperator({ lines: [LINE, DEMO_LINE_ID] });
        const reply = await call('POST', '/api/quick-replies', admin, {
          shared: true,
          lineId: LINE,
          title: 'Temp',
          text: 'Temporary answer',
        });
        expect((await call('PUT', `/api/lines/${LINE}/flow`, admin, DEFAULT_FLOW)).status).toBe(200);
        const published = await call('POST', `/api/lines/${LINE}/flow/publish`, admin);
        expect(published.body).toEqual({ version: 2, warnings: expect.any(Array) });

        const sent = await stack.inbound(
          CHANNEL,
          JSON.stringify({ externalMessageId: 'temp-1', client: { externalId: 'temp-client' }, text: 'Hi' }),
          SECRET,
        );
        expect(sent.status).toBe(202);
        const dialogId = sent.body.dialogId;
        await eventually(async () =>
          (await stack.db.getRepository(DialogEntity).findOneBy({ id: dialogId })) ? true : undefined,
        );

        await expectNothingStored(async () => {
          const refused = await call('DELETE', `/api/lines/${LINE}`, admin);
          expect(refused.status).toBe(409);
          expect(refused.body.error).toMatchObject({ code: 'line_has_open_dialogs' });
          expect(refused.body.error.message).toContain('1 open dialog');
        });

        // the admin closes the dialog (the workflow may still be opening it: try until it answers)
        await eventually(async () =>
          (await call('POST', `/api/dialogs/${dialogId}/spam`, admin)).status === 200 ? true : undefined,
        );
        await eventually(async () =>
          (await stack.db.getRepository(DialogEntity).findOneBy({ id: dialogId }))?.status === 'spam'
            ? true
            : undefined,
        );

        expect((await call('DELETE', `/api/lines/${LINE}`, admin)).status).toBe(204);
        expect((await call('GET', `/api/lines/${LINE}`, admin)).status).toBe(404);
        const lines = await call('GET', '/api/lines', admin);
        expect(lines.body.items.map((l: { id: string }) => l.id)).not.toContain(LINE);
        expect((await call('DELETE', `/api/lines/${LINE}`, admin)).status).toBe(404);
        expect((await call('GET', `/api/lines/${LINE}/flow/versions`, admin)).status).toBe(404);
        expect((await call('POST', '/api/lines', admin, { id: LINE, name: 'Again' })).status).toBe(409);
        // the configuration is gone...
        expect(await stack.db.getRepository(ChannelEntity).countBy({ lineId: LINE })).toBe(0);
        expect(await stack.db.getRepository(UserLineEntity).countBy({ lineId: LINE })).toBe(0);
        expect(await stack.db.getRepository(FlowDraftEntity).countBy({ lineId: LINE })).toBe(0);
        expect(await stack.db.getRepository(QuickReplyEntity).countBy({ id: reply.body.id })).toBe(0);
        expect((await call('GET', `/api/operators/${member.id}`, admin)).body.lines).toEqual([DEMO_LINE_ID]);
        const again = JSON.stringify({
          externalMessageId: 'temp-2',
          client: { externalId: 'temp-client' },
          text: 'Hi',
        });
        expect((await stack.inbound(CHANNEL, again, SECRET)).status).toBe(404);
        // ...the history stays
        expect(await stack.db.getRepository(FlowVersionEntity).countBy({ lineId: LINE })).toBe(2);
        const dialog = await call('GET', `/api/dialogs/${dialogId}`, admin);
        expect(dialog.body).toMatchObject({ id: dialogId, lineId: LINE, status: 'spam' });
        const row = await stack.db.getRepository(LineEntity).findOneBy({ id: LINE });
        expect(row).toMatchObject({ active: false, deletedAt: expect.any(Date) });
        // the line's last dialog finishes its workflow (its activities still read the line's row)
        const connection = await Connection.connect({ address: stack.running.temporalAddress });
        try {
          const temporal = new Client({ connection, namespace: stack.config.temporal.namespace });
          const handle = temporal.workflow.getHandle(dialogWorkflowId(dialogId));
          await eventually(async () =>
            (await handle.describe()).status.name === 'COMPLETED' ? true : undefined,
          );
        } finally {
          await connection.close();
        }
        // and no dialog can be sent there any more
        const transfer = await call('POST', `/api/dialogs/${openDemoDialogId}/transfer`, admin, {
          lineId: LINE,
        });
        expect(transfer.status).toBe(404);

        const records = await auditOf('line', LINE);
        expect(records.map((r) => r.action)).toEqual(['line.create', 'line.update', 'line.delete']);
        expect(records[1]!.changes).toEqual({ name: { before: 'Temporary', after: 'Temporary line' } });
        expect(records[2]!.changes).toMatchObject({
          name: { before: 'Temporary line', after: null },
          channels: {
            before: [{ id: CHANNEL, kind: 'webhook', name: 'Temporary webhook', secret: '[redacted]' }],
            after: null,
          },
          members: { before: [member.id], after: null },
          flowDraft: { before: true, after: null },
          sharedQuickReplies: { before: [reply.body.id], after: null },
        });
        expect((await auditOf('flow', LINE)).map((r) => [r.action, r.changes.version])).toEqual([
          ['flow.publish', { before: 1, after: 2 }],
        ]);
        expect(await allAuditText()).not.toContain(SECRET);
      });
    });

    describe('the audit trail', () => {
      it('lists changes newest first, by entity, in pages that follow each other', async () => {
        const all = await call('GET', '/api/audit?entityType=line&entityId=temp-line', admin);
        expect(all.status).toBe(200);
        expect(all.body.items.map((r: { action: string }) => r.action)).toEqual([
          'line.delete',
          'line.update',
          'line.create',
        ]);
        expect(all.body.items[0]).toMatchObject({
          actorId: adminId,
          entityType: 'line',
          entityId: 'temp-line',
        });
        expect(all.body.nextCursor).toBeNull();

        const walked: string[] = [];
        let cursor: string | null = null;
        do {
          const query: string = `/api/audit?entityType=line&entityId=temp-line&limit=1${cursor ? `&cursor=${cursor}` : ''}`;
          const page: ApiResponse = await call('GET', query, admin);
          expect(page.body.items).toHaveLength(1);
          walked.push(page.body.items[0].id);
          cursor = page.body.nextCursor;
        } while (cursor && walked.length < 10);
        expect(walked).toEqual(all.body.items.map((r: { id: string }) => r.id));

        const operators = await call('GET', '/api/audit?entityType=operator', admin);
        expect(operators.body.items.length).toBeGreaterThan(0);
        expect(new Set(operators.body.items.map((r: { entityType: string }) => r.entityType))).toEqual(
          new Set(['operator']),
        );
        expect(JSON.stringify(operators.body)).not.toContain('scrypt$');
        expect((await call('GET', '/api/audit?cursor=garbage', admin)).status).toBe(400);
        expect((await call('GET', '/api/audit?limit=0', admin)).status).toBe(400);
      });
    });

    describe('me and logout', () => {
      it('shows the signed-in employee with their lines, presence and workday', async () => {
        const me = await call('GET', '/api/me', operator1);
        expect(me.body).toMatchObject({
          id: operator1Id,
          email: 'operator1@lineflow.local',
          role: 'operator',
          lines: [DEMO_LINE_ID],
          fired: false,
          online: false,
          workdayState: 'stopped',
        });
        expect(JSON.stringify(me.body)).not.toContain('scrypt$');
        expect((await call('POST', '/api/me/workday', operator2, { action: 'start' })).status).toBe(200);
        expect((await call('GET', '/api/me', operator2)).body.workdayState).toBe('started');
        expect((await call('POST', '/api/me/workday', operator2, { action: 'stop' })).status).toBe(200);
        expect((await call('GET', '/api/me', admin)).body).toMatchObject({ id: adminId, role: 'admin' });
      });

      it('holds back sign-ins for one account after repeated failures, whoever sends them, and only that account', async () => {
        const login = (email: string, password: string) =>
          stack.request('POST', '/api/auth/login', { json: { email, password } });
        const email = 'operator3@lineflow.local';
        const free = LOGIN_BACKOFF.freeFailures;
        for (let i = 0; i <= free; i++) expect((await login(email, 'not-it')).status).toBe(401);
        // the next try waits, even with the right password, and says for how long
        const held = await login(email.toUpperCase(), DEMO_PASSWORD);
        expect(held.status).toBe(429);
        expect(held.body.error).toMatchObject({ code: 'too_many_failed_logins', details: [] });
        expect(Number(held.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        // other accounts are not held back
        expect((await login('operator2@lineflow.local', DEMO_PASSWORD)).status).toBe(200);
        // an email without an account is counted the same, so the backoff tells nothing about accounts
        const nobody = 'nobody-here@lineflow.local';
        for (let i = 0; i <= free; i++) expect((await login(nobody, 'guess')).status).toBe(401);
        expect((await login(nobody, 'guess')).status).toBe(429);
        // once the wait is over, the right password signs in and the count starts anew
        await eventually(async () => ((await login(email, DEMO_PASSWORD)).status === 200 ? true : undefined));
        expect((await login(email, 'not-it')).status).toBe(401);
        expect((await login(email, DEMO_PASSWORD)).status).toBe(200);
      });

      it('counts each of many failures at once exactly once', async () => {
        const email = 'guessed-at-once@lineflow.local';
        const answers = await Promise.all(
          Array.from({ length: 12 }, () =>
            stack.request('POST', '/api/auth/login', { json: { email, password: 'x' } }),
          ),
        );
        const refused = answers.filter((a) => a.status === 401).length;
        expect(refused + answers.filter((a) => a.status === 429).length).toBe(12);
        const emailHash = createHash('sha256').update(email).digest('hex');
        const row = await stack.db.getRepository<LoginThrottle>(LoginThrottleEntity).findOneBy({ emailHash });
        expect(row?.failures).toBe(refused);
      });

      it('logs out only the token it is called with', async () => {
        const first = await stack.login('operator3@lineflow.local', DEMO_PASSWORD);
        const second = await stack.login('operator3@lineflow.local', DEMO_PASSWORD);
        expect((await call('POST', '/api/auth/logout', first)).status).toBe(204);
        expect((await call('GET', '/api/me', first)).status).toBe(401);
        expect((await call('POST', '/api/auth/logout', first)).status).toBe(401);
        expect((await call('GET', '/api/me', second)).status).toBe(200);
      });
    });
  });
}
