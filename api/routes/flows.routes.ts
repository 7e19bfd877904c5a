import { In, type DataSource, type EntityManager } from 'typeorm';
import type { Request, Response } from 'express';
import type { Catalog } from '../../activities/registry';
import { isMysql } from '../../db/data-source';
import { isUniqueViolation } from '../../db/idempotent-writes';
import {
  FlowDraftEntity,
  FlowVersionEntity,
  UserEntity,
  type FlowDraft,
  type FlowVersion,
  type Line,
  type User,
} from '../../db/entities';
import type { Flow } from '../../schemas/generated/flow';
import type { FlowPublishRequest } from '../../schemas/generated/flow-publish-request';
import type { FlowRestoreRequest } from '../../schemas/generated/flow-restore-request';
import type { FlowVersionParams } from '../../schemas/generated/flow-version-params';
import type { FlowDraftView } from '../../schemas/generated/responses/flow-draft-view';
import { reviewFlow, type FlowProblem } from '../../workflows/engine/validate-flow';
import { recordAudit } from '../audit/audit-log';
import { lineOrNotFound } from '../auth/line-access';
import { runSavedScenarios } from '../flow-simulation/simulate-on-line';
import type { ApiRoutes } from '../api-routes';
import { HttpError, notFound } from '../errors';

const invalidFlow = (problems: FlowProblem[]) =>
  new HttpError(422, 'invalid_flow', `The flow has ${problems.length} problem(s)`, problems);

/** `If-Match: "3"` (or `3`, or a weak `W/"3"`): the draft revision the caller last saw. */
const IF_MATCH = /^(?:W\/)?"?(0|[1-9][0-9]{0,8})"?$/;

/** The draft revision an `If-Match` names; undefined without the header (the save then always wins). */
function expectedRevision(req: Request): number | undefined {
  const header = req.get('if-match');
  if (header === undefined) return undefined;
  const match = IF_MATCH.exec(header.trim());
  if (!match)
    throw new HttpError(400, 'invalid_request', 'If-Match must be a draft revision, e.g. "3"', [
      { pointer: '/revision', message: `"${header}" is not a draft revision` },
    ]);
  return Number(match[1]);
}

/** Where a save or a publish was compared: what the draft is now, to tell the caller who moved it. */
interface CurrentDraft {
  revision: number;
  updatedAt: Date;
  updatedBy: string | null;
}

/**
 * A line's automation flow (docs/flows.md §6): the admin edits a draft (saved as drawn, with its problems
 * listed; each save compares and sets its revision), validates it, and publishes it as the next immutable
 * version. New dialogs pin the highest version; dialogs already running keep theirs.
 */
export function flowRoutes(routes: ApiRoutes, { db, catalog }: { db: DataSource; catalog: Catalog }): void {
  const tag = 'Flows';
  const admin = ['admin'] as const;
  const ifMatch = [
    {
      name: 'If-Match',
      description:
        'The draft revision the caller last saw (its ETag, "3" or 3): refused with 409 stale_draft when the draft has moved on. Without it the write always wins (API clients).',
      pattern: IF_MATCH.source,
    },
  ];
  const etag = { ETag: 'The draft revision, quoted ("3"): send it back as If-Match' };

  const lineOrFail = (lineId: string) => lineOrNotFound(db, lineId);

  const draftOf = (lineId: string) => db.getRepository<FlowDraft>(FlowDraftEntity).findOneBy({ lineId });
  const newestVersion = (manager: EntityManager, lineId: string) =>
    manager
      .getRepository<FlowVersion>(FlowVersionEntity)
      .findOne({ where: { lineId }, order: { version: 'DESC' } });
  const review = (document: unknown, line: Line) =>
    reviewFlow(document, { activities: catalog, line: line.settings });

  const names = (ids: Array<string | null>) => namesOf(db.manager, ids);

  const draftView = (draft: FlowDraft, line: Line): FlowDraftView => {
    const { errors, warnings } = review(draft.document, line);
    return {
      document: draft.document,
      updatedAt: draft.updatedAt.toISOString(),
      updatedBy: draft.updatedBy,
      revision: draft.revision,
      basedOnVersion: draft.basedOnVersion,
      problems: errors,
      warnings,
    };
  };

  /** The draft, or (revision 0) the newest version when the line has none; undefined when neither. */
  async function viewOf(line: Line): Promise<FlowDraftView | undefined> {
    const draft = await draftOf(line.id);
    if (draft) return draftView(draft, line);
    const version = await newestVersion(db.manager, line.id);
    if (!version) return undefined;
    const { errors, warnings } = review(version.document, line);
    return {
      document: version.document,
      updatedAt: version.publishedAt.toISOString(),
      updatedBy: version.publishedBy,
      revision: 0,
      basedOnVersion: version.version,
      problems: errors,
      warnings,
    };
  }

  /**
   * Answers the draft view; after a write, the draft as this write left it (read back, for the
   * basedOnVersion a publish may have set meanwhile; the row written when another save came after).
   */
  async function answerDraft(line: Line, res: Response<FlowDraftView>, written?: FlowDraft): Promise<void> {
    const stored = written && (await draftOf(line.id));
    const view = written
      ? draftView(stored?.revision === written.revision ? stored : written, line)
      : await viewOf(line);
    if (!view) throw notFound(`Line ${line.id} has neither a flow draft nor a published version`);
    // the view changes with the line's settings and the catalog too: never answer it from a cache
    res.set({ ETag: `"${view.revision}"`, 'Cache-Control': 'no-store' }).json(view);
  }

  /**
   * Writes the draft by compare-and-set on its revision: an UPDATE … WHERE revision = expected, or the
   * insert of revision 1 under the primary key when there is none. Of two writes expecting the same
   * revision exactly one matches; the other gets 409 stale_draft. Without an expected revision the
   * write compares against what it just read and tries again when someone slipped in between.
   * `basedOnVersion`: set it (restore), or keep the draft's (a save; a new draft takes the newest
   * version). Returns the row as written and what the draft was before.
   */
  async function writeDraft(
    manager: EntityManager,
    lineId: string,
    change: { document: Flow; userId: string; expected: number | undefined; basedOnVersion?: number },
  ): Promise<{ written: FlowDraft; before: FlowDraft | null }> {
    const drafts = manager.getRepository<FlowDraft>(FlowDraftEntity);
    for (let attempt = 0; ; attempt++) {
      // What the draft is now: the revision to compare with when the caller named none, and what the
      // write replaces. The compare itself is the database's (the WHERE, the primary key), never this read.
      const current = await drafts.findOneBy({ lineId });
      const expected = change.expected ?? current?.revision ?? 0;
      const updatedAt = new Date();
      if (expected === 0) {
        const basedOnVersion =
          change.basedOnVersion ?? (await newestVersion(manager, lineId))?.version ?? null;
        const row: FlowDraft = {
          lineId,
          document: change.document,
          updatedAt,
          updatedBy: change.userId,
          revision: 1,
          basedOnVersion,
        };
        try {
          // insert, never save: a draft created meanwhile must fail the primary key, not be overwritten
          await drafts.insert(row as never);
          return { written: row, before: null };
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
        }
      } else {
        const row: FlowDraft = {
          lineId,
          document: change.document,
          updatedAt,
          updatedBy: change.userId,
          revision: expected + 1,
          basedOnVersion: change.basedOnVersion ?? current?.basedOnVersion ?? null,
        };
        // (`as never`: TypeORM's deep-partial type cannot follow the open records of a JSON column.)
        const result = await drafts.update({ lineId, revision: expected }, {
          document: row.document,
          updatedAt,
          updatedBy: row.updatedBy,
          revision: row.revision,
          // a save keeps the column as it is: a publish may be pointing it at its version right now
          ...(change.basedOnVersion !== undefined ? { basedOnVersion: change.basedOnVersion } : {}),
        } as never);
        if (result.affected === 1) return { written: row, before: current };
      }
      // someone else wrote first
      if (change.expected !== undefined)
        throw await staleDraft(manager, lineId, expected, await drafts.findOneBy({ lineId }));
      if (attempt >= 20) throw new HttpError(503, 'busy', 'The flow draft keeps changing; try again');
    }
  }

  routes.add(
    {
      method: 'get',
      path: '/api/lines/:lineId/flow',
      tag,
      summary:
        "The line's flow draft with its problems and warnings; without a draft, its newest published version (revision 0)",
      audience: admin,
      success: { status: 200, description: 'the draft, its problems and warnings', schema: 'flowDraftView' },
      responseHeaders: etag,
      errors: [404],
    },
    async (req, res) => {
      const line = await lineOrFail(String(req.params.lineId));
      await answerDraft(line, res);
    },
  );

  routes.add(
    {
      method: 'put',
      path: '/api/lines/:lineId/flow',
      tag,
      summary:
        'Save the draft as drawn: it must be a flow document (400 otherwise); graph and node problems are listed, not refused. Each save increments the revision; with If-Match a save of a revision the draft has moved on from is refused (409 stale_draft)',
      audience: admin,
      // A draft may be unfinished (unreachable nodes, missing edges) but must be a flow document.
      body: 'flow',
      requestHeaders: ifMatch,
      success: {
        status: 200,
        description: 'the draft as saved, its problems and warnings',
        schema: 'flowDraftView',
      },
      responseHeaders: etag,
      errors: [404, 409],
    },
    async (req, res) => {
      const line = await lineOrFail(String(req.params.lineId));
      const expected = expectedRevision(req);
      const { written } = await writeDraft(db.manager, line.id, {
        document: req.body as Flow,
        userId: req.user!.id,
        expected,
      });
      await answerDraft(line, res, written);
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/api/lines/:lineId/flow/validate',
      tag,
      summary:
        'Check a flow (the body, or the saved draft when there is no body or an empty one): a flow document (400 otherwise), then the graph and node rules (422 with the problems); warnings do not fail it',
      audience: admin,
      body: 'flowCheckRequest',
      bodyOptional: true,
      success: { status: 200, description: 'the flow passes every check', schema: 'flowCheckResult' },
      errors: [404, 422],
    },
    async (req, res) => {
      const line = await lineOrFail(String(req.params.lineId));
      const body = req.body as Flow | Record<string, never> | undefined;
      const given = body && Object.keys(body).length > 0 ? body : undefined;
      const document = given ?? (await draftOf(line.id))?.document;
      if (!document) throw notFound(`Line ${line.id} has no flow draft`);
      const { errors, warnings } = review(document, line);
      if (errors.length) throw invalidFlow(errors);
      res.json({ valid: true, problems: [], warnings });
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/api/lines/:lineId/flow/publish',
      tag,
      summary:
        "Publish the draft as the next immutable version (new dialogs pin it), with an optional note; the line's saved scenarios run on it first, each failing one a warning; with `revision`, only that revision of the draft (409 stale_draft otherwise)",
      audience: admin,
      body: 'flowPublishRequest',
      bodyOptional: true,
      success: { status: 201, description: 'the new version and its warnings', schema: 'flowPublished' },
      errors: [404, 409, 422],
    },
    async (req, res) => {
      const line = await lineOrFail(String(req.params.lineId));
      const body = (req.body ?? {}) as FlowPublishRequest;
      const draft = await draftOf(line.id);
      if (!draft) throw notFound(`Line ${line.id} has no flow draft to publish`);
      if (body.revision !== undefined && body.revision !== draft.revision)
        throw await staleDraft(db.manager, line.id, body.revision, draft);
      const { errors, warnings } = review(draft.document, line);
      if (errors.length) throw invalidFlow(errors);
      // the line's saved "Try it" scenarios run again on what is published: a failing one warns
      const scenarios = await runSavedScenarios(db, catalog, line.id, draft.document);
      const version = await publish(db, {
        lineId: line.id,
        draft,
        note: body.note ?? null,
        userId: req.user!.id,
      });
      res.status(201).json({ version, warnings: [...warnings, ...scenarios] });
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/api/lines/:lineId/flow/restore',
      tag,
      summary:
        "Make a published version's document the draft (its revision increments, basedOnVersion is that version), audited; If-Match as for a save",
      audience: admin,
      body: 'flowRestoreRequest',
      requestHeaders: ifMatch,
      success: { status: 200, description: 'the draft as restored', schema: 'flowDraftView' },
      responseHeaders: etag,
      errors: [404, 409],
    },
    async (req, res) => {
      const line = await lineOrFail(String(req.params.lineId));
      const { version } = req.body as FlowRestoreRequest;
      const expected = expectedRevision(req);
      const written = await readCommitted(db, async (tx) => {
        const restored = await tx
          .getRepository<FlowVersion>(FlowVersionEntity)
          .findOneBy({ lineId: line.id, version });
        if (!restored) throw notFound(`Line ${line.id} has no flow version ${version}`);
        const { written, before } = await writeDraft(tx, line.id, {
          document: restored.document,
          userId: req.user!.id,
          expected,
          basedOnVersion: version,
        });
        await recordAudit(tx, {
          actorId: req.user!.id,
          action: 'flow.restore',
          entityType: 'flow',
          entityId: line.id,
          before: { revision: before?.revision ?? 0, basedOnVersion: before?.basedOnVersion ?? null },
          after: { revision: written.revision, basedOnVersion: version, name: restored.document.name },
        });
        return written;
      });
      await answerDraft(line, res, written);
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/api/lines/:lineId/flow/versions',
      tag,
      summary: 'Published versions, newest first',
      audience: admin,
      success: { status: 200, description: 'the versions, newest first', schema: 'flowVersionList' },
      errors: [404],
    },
    async (req, res) => {
      const line = await lineOrFail(String(req.params.lineId));
      const versions = await db
        .getRepository<FlowVersion>(FlowVersionEntity)
        .find({ where: { lineId: line.id }, order: { version: 'DESC' } });
      const publishers = await names(versions.map((v) => v.publishedBy));
      res.json({
        items: versions.map((v) => ({
          version: v.version,
          name: v.document.name,
          publishedAt: v.publishedAt.toISOString(),
          publishedBy: v.publishedBy,
          publishedByName: (v.publishedBy && publishers.get(v.publishedBy)) ?? null,
          note: v.note,
        })),
      });
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/api/lines/:lineId/flow/versions/:version',
      tag,
      summary:
        'One published version with its document (supervisors too, for the lines they work on: "Show on flow" opens the version a dialog runs)',
      audience: ['admin', 'supervisor'],
      params: 'flowVersionParams',
      success: { status: 200, description: 'the version', schema: 'flowVersionView' },
      errors: [404],
    },
    async (req, res) => {
      const params = req.params as unknown as FlowVersionParams;
      // another line of a supervisor's reads as missing, like its dialogs
      const line = await lineOrNotFound(db, params.lineId, req.user!);
      const version = await db
        .getRepository<FlowVersion>(FlowVersionEntity)
        .findOneBy({ lineId: line.id, version: Number(params.version) });
      if (!version) throw notFound(`Line ${line.id} has no flow version ${params.version}`);
      const publisher = await names([version.publishedBy]);
      res.json({
        version: version.version,
        name: version.document.name,
        document: version.document,
        publishedAt: version.publishedAt.toISOString(),
        publishedBy: version.publishedBy,
        publishedByName: (version.publishedBy && publisher.get(version.publishedBy)) ?? null,
        note: version.note,
      });
    },
  );
}

async function namesOf(manager: EntityManager, ids: Array<string | null>): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (!wanted.length) return new Map();
  const users = await manager.getRepository<User>(UserEntity).find({ where: { id: In(wanted) } });
  return new Map(users.map((u) => [u.id, u.name]));
}

/**
 * 409 stale_draft: who saved the draft last, when, and the revision it is at. Read with `manager`: inside
 * a transaction on SQLite, any other connection's query would wait for that transaction to end.
 */
async function staleDraft(
  manager: EntityManager,
  lineId: string,
  expected: number,
  current: CurrentDraft | null,
): Promise<HttpError> {
  const revision = current?.revision ?? 0;
  const details = [
    { pointer: '/revision', message: `the draft is at revision ${revision}, not ${expected}` },
  ];
  if (!current)
    return new HttpError(
      409,
      'stale_draft',
      `Line ${lineId} has no flow draft (revision 0), not revision ${expected}; reload it`,
      details,
    );
  const by = current.updatedBy;
  const who = by ? ((await namesOf(manager, [by])).get(by) ?? by) : 'the system';
  return new HttpError(
    409,
    'stale_draft',
    `The flow draft was saved by ${who} at ${current.updatedAt.toISOString()} and is at revision ${revision}, not ${expected}; reload it`,
    details,
  );
}

/**
 * A transaction whose reads see what others committed meanwhile (MySQL's default, REPEATABLE READ,
 * would keep showing the first snapshot to a compare-and-set that lost and reads again). SQLite runs
 * one transaction at a time anyway.
 */
function readCommitted<T>(db: DataSource, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  return isMysql(db) ? db.transaction('READ COMMITTED', work) : db.transaction(work);
}

/**
 * Inserts version max+1 and its audit record, and points the draft at it — only while the draft is
 * still at the revision that was checked (the UPDATE holds its row until the commit, so a save cannot
 * slip in between), else `stale` says why. Two admins publishing at once both get a version (the loser
 * retries). Draft saves are not audited: the designer saves as the admin draws.
 */
async function publish(
  db: DataSource,
  { lineId, draft, note, userId }: { lineId: string; draft: FlowDraft; note: string | null; userId: string },
): Promise<number> {
  const document = draft.document;
  for (let attempt = 0; ; attempt++) {
    try {
      return await readCommitted(db, async (tx) => {
        const versions = tx.getRepository<FlowVersion>(FlowVersionEntity);
        const latest = await versions.findOne({ where: { lineId }, order: { version: 'DESC' } });
        const version = (latest?.version ?? 0) + 1;
        const row: FlowVersion = {
          lineId,
          version,
          document,
          publishedAt: new Date(),
          publishedBy: userId,
          note,
        };
        // insert, never save: a version that exists already must fail (and retry), not be overwritten.
        // (`as never`: TypeORM's deep-partial type cannot follow the open records of a JSON column.)
        await versions.insert(row as never);
        const drafts = tx.getRepository<FlowDraft>(FlowDraftEntity);
        const pointed = await drafts.update(
          { lineId, revision: draft.revision },
          { basedOnVersion: version },
        );
        if (pointed.affected !== 1)
          throw await staleDraft(tx, lineId, draft.revision, await drafts.findOneBy({ lineId }));
        await recordAudit(tx, {
          actorId: userId,
          action: 'flow.publish',
          entityType: 'flow',
          entityId: lineId,
          before: { version: latest?.version ?? null },
          after: { version, name: document.name, note, draftRevision: draft.revision },
          at: row.publishedAt,
        });
        return version;
      });
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 5) throw error;
    }
  }
}
