import { DEMO_LINE_ID } from '../../runtime/demo-seed';
import {
  AuditRecordEntity,
  FlowDraftEntity,
  FlowVersionEntity,
  LineEntity,
  type AuditRecord,
  type FlowDraft,
} from '../../db/entities';
import { ADMIN_PASSWORD, TestStack, type ApiResponse, type Engine } from '../support/test-stack';

/**
 * The flow designer's draft API on a real stack (docs/flows.md §6): the draft falls back to the newest
 * version, saves compare and set the revision (If-Match → ETag, 409 stale_draft), publishing takes a
 * note and the revision the admin saw, versions are read one by one, and a version can be restored.
 */
export function describeFlowDrafts(engine: Engine): void {
  describe(`flow drafts on ${engine}`, () => {
    let stack: TestStack;
    let admin: string;
    let adminId: string;
    let adminName: string;
    const flowPath = (lineId = DEMO_LINE_ID) => `/api/lines/${lineId}/flow`;

    const flow = (name: string, tag = 'drafted') => ({
      schemaVersion: 1,
      name,
      nodes: [
        { id: 'started', type: 'trigger', params: { event: 'dialog.started' } },
        { id: 'mark', type: 'tag', params: { tag } },
        { id: 'end', type: 'end', params: {} },
      ],
      edges: [
        { source: 'started', target: 'mark' },
        { source: 'mark', target: 'end' },
      ],
    });

    const save = (document: unknown, ifMatch?: string, lineId?: string) =>
      stack.request('PUT', flowPath(lineId), {
        token: admin,
        json: document,
        headers: ifMatch === undefined ? {} : { 'if-match': ifMatch },
      });
    const read = (lineId?: string) => stack.request('GET', flowPath(lineId), { token: admin });
    const draftRow = (lineId = DEMO_LINE_ID) =>
      stack.db.getRepository<FlowDraft>(FlowDraftEntity).findOneBy({ lineId });
    const newLine = async (id: string) =>
      expect(
        (await stack.request('POST', '/api/lines', { token: admin, json: { id, name: id } })).status,
      ).toBe(201);
    const expectStale = (response: ApiResponse, current: number, expected: number) => {
      expect(response.status).toBe(409);
      expect(response.body.error).toEqual({
        code: 'stale_draft',
        message: expect.stringContaining(`revision ${current}`),
        details: [{ pointer: '/revision', message: `the draft is at revision ${current}, not ${expected}` }],
      });
    };

    beforeAll(async () => {
      stack = await TestStack.startOn(engine);
      admin = await stack.login('admin@lineflow.local', ADMIN_PASSWORD);
      const me = (await stack.request('GET', '/api/me', { token: admin })).body;
      [adminId, adminName] = [me.id, me.name];
    });

    afterAll(async () => {
      await stack?.stop();
    });

    it('shows a line without a draft its newest version as revision 0, and 404 when it has none either', async () => {
      const shown = await read();
      expect(shown.status).toBe(200);
      expect(shown.headers.get('etag')).toBe('"0"');
      const v1 = await stack.request('GET', `${flowPath()}/versions/1`, { token: admin });
      expect(v1.status).toBe(200);
      expect(shown.body).toEqual({
        document: v1.body.document,
        updatedAt: v1.body.publishedAt,
        updatedBy: null, // the seed published it
        revision: 0,
        basedOnVersion: 1,
        problems: [],
        warnings: expect.any(Array),
      });
      expect(await draftRow()).toBeNull(); // reading stored nothing

      const now = new Date();
      await stack.db.getRepository(LineEntity).insert({
        id: 'bare-line',
        name: 'Bare',
        active: true,
        language: 'en',
        settings: {},
        createdAt: now,
        updatedAt: now,
      });
      const none = await read('bare-line');
      expect(none.status).toBe(404);
      expect(none.body.error.code).toBe('not_found');
    });

    it('increments the revision with each save, If-Match quoted or not, and without it (API clients)', async () => {
      const first = await save(flow('first'), '"0"');
      expect(first.status).toBe(200);
      expect(first.headers.get('etag')).toBe('"1"');
      expect(first.body).toEqual({
        document: flow('first'),
        updatedAt: expect.any(String),
        updatedBy: adminId,
        revision: 1,
        basedOnVersion: 1, // the newest version when the draft was made
        problems: [],
        warnings: expect.any(Array),
      });
      const second = await save(flow('second'), '1');
      expect([second.status, second.body.revision, second.headers.get('etag')]).toEqual([200, 2, '"2"']);
      const third = await save(flow('third'));
      expect([third.status, third.body.revision, third.body.basedOnVersion]).toEqual([200, 3, 1]);
      const reread = await read();
      expect(reread.headers.get('etag')).toBe('"3"');
      expect(reread.body).toEqual(third.body);
      expect(await draftRow()).toMatchObject({ revision: 3, basedOnVersion: 1, updatedBy: adminId });
    });

    it('refuses a save of a revision the draft has moved on from (409 stale_draft), leaving the draft as it was', async () => {
      const before = await draftRow();
      expect(before?.revision).toBe(3);
      const stale = await save(flow('late'), '"2"');
      expectStale(stale, 3, 2);
      expect(stale.body.error.message).toContain(adminName);
      expect(stale.body.error.message).toContain(before!.updatedAt.toISOString());
      expectStale(await save(flow('as if new'), '"0"'), 3, 0);
      expectStale(await save(flow('from the future'), '9'), 3, 9);
      const malformed = await save(flow('what'), '"abc"');
      expect([malformed.status, malformed.body.error.code]).toEqual([400, 'invalid_request']);
      expect(await draftRow()).toEqual(before);
    });

    it('lets exactly one of ten concurrent saves of the same revision win; the nine others get 409', async () => {
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) => save(flow(`racer ${i}`), '"3"')),
      );
      const won = answers.filter((a) => a.status === 200);
      const lost = answers.filter((a) => a.status === 409);
      expect([won.length, lost.length]).toEqual([1, 9]);
      for (const answer of lost) expectStale(answer, 4, 3);
      expect(won[0]!.body.revision).toBe(4);
      const stored = await draftRow();
      expect(stored).toMatchObject({ revision: 4, document: won[0]!.body.document });
    });

    it('creates a new draft once when ten saves race on a line without one; saves without If-Match all land', async () => {
      await newLine('race-line');
      const creators = await Promise.all(
        Array.from({ length: 10 }, (_, i) => save(flow(`creator ${i}`), '"0"', 'race-line')),
      );
      expect(creators.map((a) => a.status).sort()).toEqual([200, ...Array(9).fill(409)]);
      expect((await draftRow('race-line'))?.revision).toBe(1);
      const blind = await Promise.all(
        Array.from({ length: 5 }, (_, i) => save(flow(`blind ${i}`), undefined, 'race-line')),
      );
      expect(blind.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
      expect(blind.map((a) => a.body.revision).sort()).toEqual([2, 3, 4, 5, 6]);
      expect((await draftRow('race-line'))?.revision).toBe(6);
    });

    it('validates with warnings beside the (empty) problems, and 422 with the errors', async () => {
      const valid = await stack.request('POST', `${flowPath()}/validate`, { token: admin, json: flow('ok') });
      expect(valid.status).toBe(200);
      expect(valid.body).toEqual({ valid: true, problems: [], warnings: expect.any(Array) });
      const broken = { ...flow('broken'), edges: [] };
      const refused = await stack.request('POST', `${flowPath()}/validate`, { token: admin, json: broken });
      expect(refused.status).toBe(422);
      expect(refused.body.error.details).toContainEqual(
        expect.objectContaining({ pointer: '/nodes/1', nodeId: 'mark' }),
      );
    });

    it('publishes exactly the revision the admin saw, with a note, and points the draft at the new version', async () => {
      const versionsBefore = await stack.db
        .getRepository(FlowVersionEntity)
        .countBy({ lineId: DEMO_LINE_ID });
      const stale = await stack.request('POST', `${flowPath()}/publish`, {
        token: admin,
        json: { revision: 3, note: 'not this one' },
      });
      expectStale(stale, 4, 3);
      const tooLong = await stack.request('POST', `${flowPath()}/publish`, {
        token: admin,
        json: { note: 'x'.repeat(501) },
      });
      expect([tooLong.status, tooLong.body.error.details[0]?.pointer]).toEqual([400, '/note']);
      expect(await stack.db.getRepository(FlowVersionEntity).countBy({ lineId: DEMO_LINE_ID })).toBe(
        versionsBefore,
      );

      const published = await stack.request('POST', `${flowPath()}/publish`, {
        token: admin,
        json: { revision: 4, note: 'Tag every dialog' },
      });
      expect(published.status).toBe(201);
      expect(published.body).toEqual({ version: 2, warnings: expect.any(Array) });
      const draft = await read();
      expect([draft.body.revision, draft.body.basedOnVersion]).toEqual([4, 2]);

      const list = await stack.request('GET', `${flowPath()}/versions`, { token: admin });
      expect(list.body.items).toEqual([
        {
          version: 2,
          name: draft.body.document.name,
          publishedAt: expect.any(String),
          publishedBy: adminId,
          publishedByName: adminName,
          note: 'Tag every dialog',
        },
        expect.objectContaining({ version: 1, publishedBy: null, publishedByName: null, note: null }),
      ]);
      const audit = await stack.db
        .getRepository<AuditRecord>(AuditRecordEntity)
        .findBy({ entityType: 'flow', entityId: DEMO_LINE_ID, action: 'flow.publish' });
      expect(audit.map((r) => r.changes.note)).toEqual([{ before: null, after: 'Tag every dialog' }]);
    });

    it('reads one version with its document, note and publisher; 404 for one that does not exist, 400 for no number', async () => {
      const v2 = await stack.request('GET', `${flowPath()}/versions/2`, { token: admin });
      expect(v2.status).toBe(200);
      expect(v2.body).toEqual({
        version: 2,
        name: v2.body.document.name,
        document: (await draftRow())!.document,
        publishedAt: expect.any(String),
        publishedBy: adminId,
        publishedByName: adminName,
        note: 'Tag every dialog',
      });
      expect((await stack.request('GET', `${flowPath()}/versions/99`, { token: admin })).status).toBe(404);
      expect((await stack.request('GET', `${flowPath('no-line')}/versions/1`, { token: admin })).status).toBe(
        404,
      );
      for (const bad of ['abc', '0', '-1', '1.5']) {
        const refused = await stack.request('GET', `${flowPath()}/versions/${bad}`, { token: admin });
        expect([bad, refused.status, refused.body.error.code]).toEqual([bad, 400, 'invalid_request']);
        expect(refused.body.error.details).toEqual([{ pointer: '/version', message: expect.any(String) }]);
      }
      // a publisher no longer on record reads as null
      await stack.db.getRepository(FlowVersionEntity).insert({
        lineId: 'race-line',
        version: 2,
        document: flow('ghost'),
        publishedAt: new Date(),
        publishedBy: 'someone-gone',
        note: null,
      } as never);
      const ghost = await stack.request('GET', `${flowPath('race-line')}/versions/2`, { token: admin });
      expect(ghost.body).toMatchObject({ publishedBy: 'someone-gone', publishedByName: null });
    });

    it('restores a version as the draft (next revision, based on it), audited; 404 and 409 change nothing', async () => {
      const drawn = await save(flow('drawn after v2', 'other'), '"4"');
      expect(drawn.body.revision).toBe(5);
      const before = await draftRow();
      const unknown = await stack.request('POST', `${flowPath()}/restore`, {
        token: admin,
        json: { version: 99 },
      });
      expect(unknown.status).toBe(404);
      const stale = await stack.request('POST', `${flowPath()}/restore`, {
        token: admin,
        json: { version: 1 },
        headers: { 'if-match': '"4"' },
      });
      expectStale(stale, 5, 4);
      expect(await draftRow()).toEqual(before);

      const restored = await stack.request('POST', `${flowPath()}/restore`, {
        token: admin,
        json: { version: 1 },
        headers: { 'if-match': '"5"' },
      });
      expect(restored.status).toBe(200);
      expect(restored.headers.get('etag')).toBe('"6"');
      const v1 = await stack.request('GET', `${flowPath()}/versions/1`, { token: admin });
      expect(restored.body).toEqual({
        document: v1.body.document,
        updatedAt: expect.any(String),
        updatedBy: adminId,
        revision: 6,
        basedOnVersion: 1,
        problems: [],
        warnings: expect.any(Array),
      });
      expect(await draftRow()).toMatchObject({ revision: 6, basedOnVersion: 1, document: v1.body.document });
      const audit = await stack.db
        .getRepository<AuditRecord>(AuditRecordEntity)
        .findBy({ entityType: 'flow', entityId: DEMO_LINE_ID, action: 'flow.restore' });
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        actorId: adminId,
        changes: {
          revision: { before: 5, after: 6 },
          basedOnVersion: { before: 2, after: 1 },
        },
      });

      // a line without a draft gets one from the restore, without If-Match
      await newLine('restore-line');
      const fresh = await stack.request('POST', `${flowPath('restore-line')}/restore`, {
        token: admin,
        json: { version: 1 },
      });
      expect([fresh.status, fresh.body.revision, fresh.body.basedOnVersion]).toEqual([200, 1, 1]);
    });
  });
}
