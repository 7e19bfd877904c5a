import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { In, IsNull, Not, type DataSource } from 'typeorm';
import { createLine } from '../../db/default-flow';
import {
  ChannelEntity,
  DialogEntity,
  ENDED_STATUSES,
  FlowDraftEntity,
  LIVE_LINE,
  LineEntity,
  QuickReplyEntity,
  UserLineEntity,
  type Channel,
  type Dialog,
  type FlowDraft,
  type Line,
  type QuickReply,
  type UserLine,
} from '../../db/entities';
import { isUniqueViolation } from '../../db/idempotent-writes';
import type { LineCreateRequest } from '../../schemas/generated/line-create-request';
import type { LineRequest } from '../../schemas/generated/line-request';
import type { LineView } from '../../schemas/generated/responses/line-view';
import { lineSettingsProblems } from '../../schemas/validate-line-settings';
import { recordAudit } from '../audit/audit-log';
import { lineOrNotFound, visibleLineIds } from '../auth/line-access';
import { EVERY_ROLE, type ApiRoutes } from '../api-routes';
import { HttpError } from '../errors';

const lineView = (line: Line): LineView => ({
  id: line.id,
  name: line.name,
  active: line.active,
  language: line.language,
  settings: line.settings,
  createdAt: line.createdAt.toISOString(),
  updatedAt: line.updatedAt.toISOString(),
});

/** What the audit trail compares of a line. */
const auditSnapshot = (line: Line) => ({
  name: line.name,
  active: line.active,
  language: line.language,
  settings: line.settings,
});

/** Settings that pass the schema but not the rules it cannot express are refused with 422. */
function checkSettings(body: LineRequest): void {
  const problems = body.settings ? lineSettingsProblems(body.settings) : [];
  if (problems.length)
    throw new HttpError(422, 'invalid_settings', 'The line settings have problems', problems);
}

/**
 * Lines (docs/product.md §2.1, §4.6): admins create, change and delete them; every employee reads the lines
 * they work on. A new line starts with the default flow published as its version 1. Every change is
 * audited (api/audit/audit-log.ts) in the transaction that makes it.
 */
export function lineRoutes(routes: ApiRoutes, { db }: { db: DataSource }): void {
  const lines = () => db.getRepository<Line>(LineEntity);

  const visibleLine = (req: Request): Promise<Line> => lineOrNotFound(db, String(req.params.id), req.user!);

  const tag = 'Lines';
  routes.add(
    {
      method: 'get',
      path: '/api/lines',
      tag,
      summary: 'Lines the caller works on (admins: all)',
      audience: EVERY_ROLE,
      success: { status: 200, description: 'the lines, by name', schema: 'lineList' },
    },
    async (req, res) => {
      const user = req.user!;
      const visible = await visibleLineIds(db, user);
      const found = await lines().find({
        where: visible ? { id: In(visible), ...LIVE_LINE } : LIVE_LINE,
        order: { name: 'ASC', id: 'ASC' },
      });
      res.json({ items: found.map(lineView) });
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/api/lines/:id',
      tag,
      summary: 'One line with its settings',
      audience: EVERY_ROLE,
      success: { status: 200, description: 'the line', schema: 'lineView' },
      errors: [404],
    },
    async (req, res) => {
      res.json(lineView(await visibleLine(req)));
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/api/lines',
      tag,
      summary: 'Create a line (it starts with the default flow published as version 1)',
      audience: ['admin'],
      body: 'lineCreateRequest',
      success: { status: 201, description: 'the new line', schema: 'lineView' },
      errors: [409, 422],
    },
    async (req, res) => {
      const body = req.body as LineCreateRequest;
      checkSettings(body);
      const id = body.id ?? randomUUID();
      try {
        await db.transaction(async (tx) => {
          await createLine(
            tx,
            {
              id,
              name: body.name,
              language: body.language,
              active: body.active,
              settings: body.settings ?? {},
            },
            new Date(),
          );
          const created = await tx.getRepository<Line>(LineEntity).findOneByOrFail({ id });
          await recordAudit(tx, {
            actorId: req.user!.id,
            action: 'line.create',
            entityType: 'line',
            entityId: id,
            before: null,
            after: auditSnapshot(created),
          });
        });
      } catch (error) {
        // (a deleted line keeps its row, and so its id, for the dialogs that point at it)
        if (isUniqueViolation(error)) throw new HttpError(409, 'conflict', `A line ${id} exists already`);
        throw error;
      }
      res.status(201).json(lineView(await lines().findOneByOrFail({ id })));
    },
  );

  routes.add(
    {
      method: 'patch',
      path: '/api/lines/:id',
      tag,
      summary: "Change a line's name, language, active flag or settings",
      audience: ['admin'],
      body: 'lineRequest',
      success: { status: 200, description: 'the changed line', schema: 'lineView' },
      errors: [404, 422],
    },
    async (req, res) => {
      const line = await visibleLine(req);
      const body = req.body as LineRequest;
      if (body.id !== undefined && body.id !== line.id)
        throw new HttpError(400, 'invalid_request', "A line's id cannot change", [
          { pointer: '/id', message: 'must stay the same' },
        ]);
      checkSettings(body);
      const { id: _id, ...changes } = body;
      await db.transaction(async (tx) => {
        await tx.getRepository<Line>(LineEntity).update(line.id, { ...changes, updatedAt: new Date() });
        await recordAudit(tx, {
          actorId: req.user!.id,
          action: 'line.update',
          entityType: 'line',
          entityId: line.id,
          before: auditSnapshot(line),
          after: auditSnapshot(await tx.getRepository<Line>(LineEntity).findOneByOrFail({ id: line.id })),
        });
      });
      res.json(lineView(await lines().findOneByOrFail({ id: line.id })));
    },
  );

  routes.add(
    {
      method: 'delete',
      path: '/api/lines/:id',
      tag,
      summary:
        'Delete a line once none of its dialogs is open (409 otherwise): its channels (and their secrets), memberships, flow draft and shared quick replies go; its dialogs, published flow versions and statistics stay for history, and its id stays taken',
      audience: ['admin'],
      success: { status: 204, description: 'deleted' },
      errors: [404, 409],
    },
    async (req, res) => {
      const line = await visibleLine(req);
      await db.transaction(async (tx) => {
        const open = await tx
          .getRepository<Dialog>(DialogEntity)
          .countBy({ lineId: line.id, status: Not(In([...ENDED_STATUSES])) });
        if (open > 0)
          throw new HttpError(
            409,
            'line_has_open_dialogs',
            `Line ${line.id} has ${open} open dialog(s): close or transfer them first`,
          );
        const channels = tx.getRepository<Channel>(ChannelEntity);
        const members = tx.getRepository<UserLine>(UserLineEntity);
        const drafts = tx.getRepository<FlowDraft>(FlowDraftEntity);
        const sharedReplies = tx.getRepository<QuickReply>(QuickReplyEntity);
        const configuration = {
          channels: (await channels.findBy({ lineId: line.id })).map((c) => ({
            id: c.id,
            kind: c.kind,
            name: c.name,
            secret: c.secret, // redacted by the audit writer, by its name
          })),
          members: (await members.findBy({ lineId: line.id })).map((m) => m.userId).sort(),
          flowDraft: await drafts.existsBy({ lineId: line.id }),
          sharedQuickReplies: (await sharedReplies.findBy({ lineId: line.id, ownerId: IsNull() }))
            .map((r) => r.id)
            .sort(),
        };
        await channels.delete({ lineId: line.id });
        await members.delete({ lineId: line.id });
        await drafts.delete({ lineId: line.id });
        await sharedReplies.delete({ lineId: line.id, ownerId: IsNull() });
        const now = new Date();
        await tx
          .getRepository<Line>(LineEntity)
          .update(line.id, { active: false, updatedAt: now, deletedAt: now });
        await recordAudit(tx, {
          actorId: req.user!.id,
          action: 'line.delete',
          entityType: 'line',
          entityId: line.id,
          before: { ...auditSnapshot(line), ...configuration },
          after: null,
          at: now,
        });
      });
      res.status(204).end();
    },
  );
}
