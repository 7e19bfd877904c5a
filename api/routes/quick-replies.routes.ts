import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { In, IsNull, type DataSource, type EntityManager, type FindOptionsWhere } from 'typeorm';
import {
  DialogEntity,
  LIVE_LINE,
  LineEntity,
  MessageEntity,
  QuickReplyEntity,
  UserLineEntity,
  type Dialog,
  type Line,
  type Message,
  type QuickReply,
  type UserLine,
} from '../../db/entities';
import type { QuickReplyCreateRequest } from '../../schemas/generated/quick-reply-create-request';
import type { QuickReplyListQuery } from '../../schemas/generated/quick-reply-list-query';
import type { QuickReplyRequest } from '../../schemas/generated/quick-reply-request';
import type { QuickReplyView } from '../../schemas/generated/responses/quick-reply-view';
import { recordAudit } from '../audit/audit-log';
import { canSeeLine } from '../auth/line-access';
import type { AuthenticatedUser } from '../auth/tokens';
import { EVERY_ROLE, type ApiRoutes } from '../api-routes';
import { forbidden, HttpError, notFound } from '../errors';
import { checkedQuery } from '../validation';

const DEFAULT_GROUP = 'General';

const quickReplyView = (r: QuickReply): QuickReplyView => ({
  id: r.id,
  shared: r.ownerId === null,
  ownerId: r.ownerId,
  lineId: r.lineId,
  group: r.group,
  title: r.title,
  text: r.text,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

const auditSnapshot = (r: QuickReply) => ({ lineId: r.lineId, group: r.group, title: r.title, text: r.text });

const unprocessable = (pointer: string, message: string) =>
  new HttpError(422, 'invalid_quick_reply', 'The quick reply has problems', [{ pointer, message }]);

/** The lines an employee works on; null for admins, who see every line. */
async function linesOfCaller(db: DataSource, user: AuthenticatedUser): Promise<string[] | null> {
  if (user.role === 'admin') return null;
  const rows = await db.getRepository<UserLine>(UserLineEntity).findBy({ userId: user.id });
  return rows.map((r) => r.lineId);
}

/** Everyone reads their own replies and the shared ones of every line and of the lines they work on. */
function visibleWhere(user: AuthenticatedUser, lines: string[] | null): FindOptionsWhere<QuickReply>[] {
  const shared: FindOptionsWhere<QuickReply>[] = lines
    ? [
        { ownerId: IsNull(), lineId: IsNull() },
        ...(lines.length ? [{ ownerId: IsNull(), lineId: In(lines) }] : []),
      ]
    : [{ ownerId: IsNull() }];
  return [{ ownerId: user.id }, ...shared];
}

/**
 * Shared replies are managed by admins (any, including the ones for every line) and by supervisors
 * (those of the lines they work on); an own reply only by its owner.
 */
async function mayManage(db: DataSource, user: AuthenticatedUser, reply: QuickReply): Promise<boolean> {
  if (reply.ownerId !== null) return reply.ownerId === user.id;
  if (user.role === 'admin') return true;
  return user.role === 'supervisor' && reply.lineId !== null && canSeeLine(db, user, reply.lineId);
}

/**
 * The line a reply is placed on must be one the caller may see (a line they cannot see reads as
 * missing); a shared reply for every line is for admins only.
 */
async function checkPlacement(
  db: DataSource,
  user: AuthenticatedUser,
  shared: boolean,
  lineId: string | null,
) {
  if (shared && user.role === 'operator') throw forbidden('Only admins and supervisors share quick replies');
  if (shared && lineId === null && user.role !== 'admin')
    throw forbidden('Only admins share quick replies on every line; name one of your lines');
  if (lineId !== null) {
    const line = await db.getRepository<Line>(LineEntity).findOneBy({ id: lineId, ...LIVE_LINE });
    if (!line || !(await canSeeLine(db, user, lineId)))
      throw unprocessable('/lineId', `is not a line of yours (${lineId})`);
  }
}

/** "Any message can be saved as one": the text of a message of a dialog the caller may see. */
async function textOfMessage(db: DataSource, user: AuthenticatedUser, messageId: string): Promise<string> {
  const message = await db.getRepository<Message>(MessageEntity).findOneBy({ id: messageId });
  const dialog =
    message && (await db.getRepository<Dialog>(DialogEntity).findOneBy({ id: message.dialogId }));
  if (!message || !dialog || !(await canSeeLine(db, user, dialog.lineId)))
    throw unprocessable('/fromMessageId', `is not a message you can see (${messageId})`);
  if (!message.text) throw unprocessable('/fromMessageId', 'has no text to save');
  return message.text;
}

/** Shared replies are part of a line's configuration: their changes go to the audit trail. */
async function auditShared(
  tx: EntityManager,
  req: Request,
  verb: 'create' | 'update' | 'delete',
  before: QuickReply | null,
  after: QuickReply | null,
): Promise<void> {
  const reply = (after ?? before)!;
  if (reply.ownerId !== null) return;
  await recordAudit(tx, {
    actorId: req.user!.id,
    action: `quickReply.${verb}`,
    entityType: 'quickReply',
    entityId: reply.id,
    before: before && auditSnapshot(before),
    after: after && auditSnapshot(after),
  });
}

/**
 * Quick replies (docs/product.md §2.8): saved answer templates, grouped. Every employee keeps their own; admins and
 * supervisors also keep shared ones that everyone on a line (or, admins only, on every line) reads.
 */
export function quickReplyRoutes(routes: ApiRoutes, { db }: { db: DataSource }): void {
  const tag = 'Quick replies';
  const replies = () => db.getRepository<QuickReply>(QuickReplyEntity);

  async function visibleReply(req: Request): Promise<QuickReply> {
    const id = String(req.params.id);
    const where = visibleWhere(req.user!, await linesOfCaller(db, req.user!)).map((w) => ({ ...w, id }));
    const reply = await replies().findOneBy(where);
    if (!reply) throw notFound(`No quick reply ${id}`);
    return reply;
  }

  async function manageableReply(req: Request): Promise<QuickReply> {
    const reply = await visibleReply(req);
    if (!(await mayManage(db, req.user!, reply)))
      throw forbidden('You may read this quick reply, not change it');
    return reply;
  }

  routes.add(
    {
      method: 'get',
      path: '/api/quick-replies',
      tag,
      summary: 'My own quick replies and the shared ones of my lines and of every line, by group and title',
      audience: EVERY_ROLE,
      query: 'quickReplyListQuery',
      success: {
        status: 200,
        description: 'the quick replies, by group and title',
        schema: 'quickReplyList',
      },
    },
    async (req, res) => {
      const { lineId, group } = checkedQuery<QuickReplyListQuery>(req);
      const found = await replies().find({
        where: visibleWhere(req.user!, await linesOfCaller(db, req.user!)),
        order: { group: 'ASC', title: 'ASC', id: 'ASC' },
      });
      const items = found.filter(
        (r) =>
          (lineId === undefined || r.lineId === null || r.lineId === lineId) &&
          (group === undefined || r.group === group),
      );
      res.json({ items: items.map(quickReplyView) });
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/api/quick-replies/:id',
      tag,
      summary: 'One quick reply I can read',
      audience: EVERY_ROLE,
      success: { status: 200, description: 'the quick reply', schema: 'quickReplyView' },
      errors: [404],
    },
    async (req, res) => {
      res.json(quickReplyView(await visibleReply(req)));
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/api/quick-replies',
      tag,
      summary:
        'Save a quick reply: my own, or (admins, supervisors) `shared` on one of my lines; `fromMessageId` copies the text of a message I can see',
      audience: EVERY_ROLE,
      body: 'quickReplyCreateRequest',
      success: { status: 201, description: 'the new quick reply', schema: 'quickReplyView' },
      errors: [403, 422],
    },
    async (req, res) => {
      const body = req.body as QuickReplyCreateRequest;
      const shared = body.shared ?? false;
      const lineId = body.lineId ?? null;
      await checkPlacement(db, req.user!, shared, lineId);
      const text = body.fromMessageId ? await textOfMessage(db, req.user!, body.fromMessageId) : body.text!;
      const now = new Date();
      const reply: QuickReply = {
        id: randomUUID(),
        ownerId: shared ? null : req.user!.id,
        lineId,
        group: body.group ?? DEFAULT_GROUP,
        title: body.title,
        text,
        createdAt: now,
        updatedAt: now,
      };
      await db.transaction(async (tx) => {
        await tx.getRepository<QuickReply>(QuickReplyEntity).insert({ ...reply });
        await auditShared(tx, req, 'create', null, reply);
      });
      res.status(201).json(quickReplyView(reply));
    },
  );

  routes.add(
    {
      method: 'patch',
      path: '/api/quick-replies/:id',
      tag,
      summary: 'Change a quick reply: my own, or a shared one I manage (403 for one I may only read)',
      audience: EVERY_ROLE,
      body: 'quickReplyRequest',
      success: { status: 200, description: 'the changed quick reply', schema: 'quickReplyView' },
      errors: [403, 404, 422],
    },
    async (req, res) => {
      const reply = await manageableReply(req);
      const body = req.body as QuickReplyRequest;
      if (body.lineId !== undefined && body.lineId !== reply.lineId)
        await checkPlacement(db, req.user!, reply.ownerId === null, body.lineId);
      const changed: QuickReply = { ...reply, ...body, updatedAt: new Date() };
      await db.transaction(async (tx) => {
        const { id: _id, ...columns } = changed;
        await tx.getRepository<QuickReply>(QuickReplyEntity).update(reply.id, columns);
        await auditShared(tx, req, 'update', reply, changed);
      });
      res.json(quickReplyView(changed));
    },
  );

  routes.add(
    {
      method: 'delete',
      path: '/api/quick-replies/:id',
      tag,
      summary: 'Delete a quick reply: my own, or a shared one I manage (403 for one I may only read)',
      audience: EVERY_ROLE,
      success: { status: 204, description: 'deleted' },
      errors: [403, 404],
    },
    async (req, res) => {
      const reply = await manageableReply(req);
      await db.transaction(async (tx) => {
        await tx.getRepository<QuickReply>(QuickReplyEntity).delete(reply.id);
        await auditShared(tx, req, 'delete', reply, null);
      });
      res.status(204).end();
    },
  );
}
