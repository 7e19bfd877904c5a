import type { DataSource, EntityManager } from 'typeorm';
import type { Catalog } from '../../activities/registry';
import { isUniqueViolation } from '../../db/idempotent-writes';
import {
  FlowDraftEntity,
  FlowVersionEntity,
  LIVE_LINE,
  LineEntity,
  type FlowDraft,
  type FlowVersion,
  type Line,
} from '../../db/entities';
import type { Flow } from '../../schemas/generated/flow';
import type { FlowDraftView } from '../../schemas/generated/responses/flow-draft-view';
import { validateFlow, type FlowProblem } from '../../workflows/engine/validate-flow';
import { recordAudit } from '../audit/audit-log';
import type { ApiRoutes } from '../api-routes';
import { HttpError, notFound } from '../errors';

const invalidFlow = (problems: FlowProblem[]) =>
  new HttpError(422, 'invalid_flow', `The flow has ${problems.length} problem(s)`, problems);

/**
 * A line's automation flow (docs/flows.md §6): the admin edits a draft (saved as drawn, with its problems
 * listed), validates it, and publishes it as the next immutable version. New dialogs pin the highest
 * version; dialogs already running keep theirs.
 */
export function flowRoutes(routes: ApiRoutes, { db, catalog }: { db: DataSource; catalog: Catalog }): void {
  const tag = 'Flows';
  const admin = ['admin'] as const;

  async function lineOrFail(lineId: string): Promise<Line> {
    const line = await db.getRepository<Line>(LineEntity).findOneBy({ id: lineId, ...LIVE_LINE });
    if (!line) throw notFound(`No line ${lineId}`);
    return line;
  }

  const draftOf = (lineId: string) => db.getRepository<FlowDraft>(FlowDraftEntity).findOneBy({ lineId });
  const problemsOf = (document: unknown) => {
    const result = validateFlow(document, catalog);
    return result.ok ? [] : result.problems;
  };
  const draftView = (draft: FlowDraft): FlowDraftView => ({
    document: draft.document,
    updatedAt: draft.updatedAt.toISOString(),
    problems: problemsOf(draft.document),
  });

  routes.add(
    {
      method: 'get',
      path: '/api/lines/:lineId/flow',
      tag,
      summary: "The line's flow draft with its problems",
      audience: admin,
      success: { status: 200, description: 'the draft and its problems', schema: 'flowDraftView' },
      errors: [404],
    },
    async (req, res) => {
      const line = await lineOrFail(String(req.params.lineId));
      const draft = await draftOf(line.id);
      if (!draft) throw notFound(`Line ${line.id} has no flow draft`);
      res.json(draftView(draft));
    },
  );

  routes.add(
    {
      method: 'put',
      path: '/api/lines/:lineId/flow',
      tag,
      summary:
        'Save the draft as drawn: it must be a flow document (400 otherwise); graph and node problems are listed, not refused',
      audience: admin,
      // A draft may be unfinished (unreachable nodes, missing edges) but must be a flow document.
      body: 'flow',
      success: { status: 200, description: 'the draft as saved and its problems', schema: 'flowDraftView' },
      errors: [404],
    },
    async (req, res) => {
      const line = await lineOrFail(String(req.params.lineId));
      const draft: FlowDraft = {
        lineId: line.id,
        document: req.body as Flow,
        updatedAt: new Date(),
        updatedBy: req.user!.id,
      };
      await db.getRepository<FlowDraft>(FlowDraftEntity).save(draft);
      res.json(draftView(draft));
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/api/lines/:lineId/flow/validate',
      tag,
      summary:
        'Check a flow (the body, or the saved draft when there is no body or an empty one): a flow document (400 otherwise), then the graph and node rules (422 with the problems)',
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
      const problems = problemsOf(document);
      if (problems.length) throw invalidFlow(problems);
      res.json({ valid: true, problems: [] });
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/api/lines/:lineId/flow/publish',
      tag,
      summary: 'Publish the draft as the next immutable version; new dialogs pin it',
      audience: admin,
      success: { status: 201, description: 'the new version', schema: 'flowPublished' },
      errors: [404, 422],
    },
    async (req, res) => {
      const line = await lineOrFail(String(req.params.lineId));
      const draft = await draftOf(line.id);
      if (!draft) throw notFound(`Line ${line.id} has no flow draft to publish`);
      const problems = problemsOf(draft.document);
      if (problems.length) throw invalidFlow(problems);
      const version = await publish(db, line.id, draft.document, req.user!.id);
      res.status(201).json({ version });
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
      res.json({
        items: versions.map((v) => ({
          version: v.version,
          name: v.document.name,
          publishedAt: v.publishedAt.toISOString(),
          publishedBy: v.publishedBy,
        })),
      });
    },
  );
}

/**
 * Inserts version max+1 and its audit record; two admins publishing at once both get a version (the
 * loser retries). Draft saves are not audited: the designer saves as the admin draws.
 */
async function publish(db: DataSource, lineId: string, document: Flow, userId: string): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.transaction(async (tx: EntityManager) => {
        const versions = tx.getRepository<FlowVersion>(FlowVersionEntity);
        const latest = await versions.findOne({ where: { lineId }, order: { version: 'DESC' } });
        const version = (latest?.version ?? 0) + 1;
        const row: FlowVersion = { lineId, version, document, publishedAt: new Date(), publishedBy: userId };
        // insert, never save: a version that exists already must fail (and retry), not be overwritten.
        // (`as never`: TypeORM's deep-partial type cannot follow the open records of a JSON column.)
        await versions.insert(row as never);
        await recordAudit(tx, {
          actorId: userId,
          action: 'flow.publish',
          entityType: 'flow',
          entityId: lineId,
          before: { version: latest?.version ?? null },
          after: { version, name: document.name },
          at: row.publishedAt,
        });
        return version;
      });
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 5) throw error;
    }
  }
}
