import { Router } from 'express';
import type { DataSource, EntityManager } from 'typeorm';
import type { Catalog } from '../../activities/registry';
import { isUniqueViolation } from '../../db/idempotent-writes';
import {
  FlowDraftEntity,
  FlowVersionEntity,
  LineEntity,
  type FlowDraft,
  type FlowVersion,
  type Line,
} from '../../db/entities';
import { toDetails, validatorFor } from '../../schemas/ajv';
import type { Flow } from '../../schemas/generated/flow';
import { validateFlow, type FlowProblem } from '../../schemas/validate-flow';
import { requireRole } from '../auth/tokens';
import { HttpError, notFound } from '../errors';

const invalidFlow = (problems: FlowProblem[]) =>
  new HttpError(422, 'invalid_flow', `The flow has ${problems.length} problem(s)`, problems);

/**
 * A line's automation flow (SPEC §7): the admin edits a draft (saved as drawn, with its problems
 * listed), validates it, and publishes it as the next immutable version. New dialogs pin the highest
 * version; dialogs already running keep theirs.
 */
export function flowRoutes({ db, catalog }: { db: DataSource; catalog: Catalog }): Router {
  const router = Router();
  const admin = requireRole('admin');

  async function lineOrFail(lineId: string): Promise<Line> {
    const line = await db.getRepository<Line>(LineEntity).findOneBy({ id: lineId });
    if (!line) throw notFound(`No line ${lineId}`);
    return line;
  }

  const draftOf = (lineId: string) => db.getRepository<FlowDraft>(FlowDraftEntity).findOneBy({ lineId });
  const problemsOf = (document: unknown) => {
    const result = validateFlow(document, catalog);
    return result.ok ? [] : result.problems;
  };
  const draftView = (draft: FlowDraft) => ({
    document: draft.document,
    updatedAt: draft.updatedAt.toISOString(),
    problems: problemsOf(draft.document),
  });

  router.get('/lines/:lineId/flow', admin, async (req, res) => {
    const line = await lineOrFail(String(req.params.lineId));
    const draft = await draftOf(line.id);
    if (!draft) throw notFound(`Line ${line.id} has no flow draft`);
    res.json(draftView(draft));
  });

  router.put('/lines/:lineId/flow', admin, async (req, res) => {
    const line = await lineOrFail(String(req.params.lineId));
    // A draft may be unfinished (unreachable nodes, missing edges) but must be a flow document.
    const validateShape = validatorFor<Flow>('flow');
    if (!validateShape(req.body)) throw invalidFlow(toDetails(validateShape.errors));
    const draft: FlowDraft = {
      lineId: line.id,
      document: req.body,
      updatedAt: new Date(),
      updatedBy: req.user!.id,
    };
    await db.getRepository<FlowDraft>(FlowDraftEntity).save(draft);
    res.json(draftView(draft));
  });

  router.post('/lines/:lineId/flow/validate', admin, async (req, res) => {
    const line = await lineOrFail(String(req.params.lineId));
    const given = req.body && Object.keys(req.body).length > 0 ? req.body : undefined;
    const document = given ?? (await draftOf(line.id))?.document;
    if (!document) throw notFound(`Line ${line.id} has no flow draft`);
    const problems = problemsOf(document);
    if (problems.length) throw invalidFlow(problems);
    res.json({ valid: true, problems: [] });
  });

  router.post('/lines/:lineId/flow/publish', admin, async (req, res) => {
    const line = await lineOrFail(String(req.params.lineId));
    const draft = await draftOf(line.id);
    if (!draft) throw notFound(`Line ${line.id} has no flow draft to publish`);
    const problems = problemsOf(draft.document);
    if (problems.length) throw invalidFlow(problems);
    const version = await publish(db, line.id, draft.document, req.user!.id);
    res.status(201).json({ version });
  });

  router.get('/lines/:lineId/flow/versions', admin, async (req, res) => {
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
  });
  return router;
}

/** Inserts version max+1; two admins publishing at once both get a version (the loser retries). */
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
        return version;
      });
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 5) throw error;
    }
  }
}
