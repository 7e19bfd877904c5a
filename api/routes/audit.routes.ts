import type { Request } from 'express';
import { LessThan, type DataSource, type FindOptionsWhere } from 'typeorm';
import { AuditRecordEntity, type AuditRecord } from '../../db/entities';
import type { ApiRoutes } from '../api-routes';
import { badRequest } from '../errors';

const DEFAULT_PAGE = 50;
const MAX_PAGE = 200;

const auditView = (r: AuditRecord) => ({
  id: r.id,
  at: r.at.toISOString(),
  actorId: r.actorId,
  action: r.action,
  entityType: r.entityType,
  entityId: r.entityId,
  changes: r.changes,
});

/** A page ends at a record; the next page starts after it in (at, id) order, newest first. */
const encodeCursor = (r: AuditRecord) =>
  Buffer.from(JSON.stringify([r.at.toISOString(), r.id])).toString('base64url');

function decodeCursor(cursor: string): { at: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const date = new Date(at);
    if (typeof id === 'string' && !Number.isNaN(date.getTime())) return { at: date, id };
  } catch {
    // falls through to the 400 below
  }
  throw badRequest('cursor is not one this API gave out', [{ pointer: '/cursor', message: 'is invalid' }]);
}

function pageSize(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PAGE;
  const size = /^\d{1,3}$/.test(value) ? Number(value) : NaN;
  if (!(size >= 1 && size <= MAX_PAGE))
    throw badRequest(`limit must be 1 to ${MAX_PAGE}`, [{ pointer: '/limit', message: 'is invalid' }]);
  return size;
}

function queryString(req: Request, name: string): string | undefined {
  const value = req.query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > 200)
    throw badRequest(`${name} must be one non-empty string`, [
      { pointer: `/${name}`, message: 'is invalid' },
    ]);
  return value;
}

/** The audit trail of configuration changes (api/audit/audit-log.ts writes it), for admins. */
export function auditRoutes(routes: ApiRoutes, { db }: { db: DataSource }): void {
  const text = { type: 'string' };
  routes.add(
    {
      method: 'get',
      path: '/api/audit',
      tag: 'Audit',
      summary:
        'Configuration changes, newest first: who changed which fields of what (secrets and password hashes read "[redacted]")',
      audience: ['admin'],
      query: {
        entityType: { description: 'line, flow, operator, quickReply, channel…', schema: text },
        entityId: { description: 'one entity (with entityType)', schema: text },
        actorId: { description: 'changes made by this employee', schema: text },
        cursor: { description: 'nextCursor of the previous page', schema: text },
        limit: {
          description: `page size, 1 to ${MAX_PAGE} (default ${DEFAULT_PAGE})`,
          schema: { type: 'integer' },
        },
      },
      success: {
        status: 200,
        description: '{ items: [{ id, at, actorId, action, entityType, entityId, changes }], nextCursor }',
      },
      errors: [400],
    },
    async (req, res) => {
      const filter: FindOptionsWhere<AuditRecord> = {};
      const entityType = queryString(req, 'entityType');
      const entityId = queryString(req, 'entityId');
      const actorId = queryString(req, 'actorId');
      if (entityType) filter.entityType = entityType;
      if (entityId) filter.entityId = entityId;
      if (actorId) filter.actorId = actorId;
      const cursorText = queryString(req, 'cursor');
      const cursor = cursorText ? decodeCursor(cursorText) : undefined;
      const size = pageSize(queryString(req, 'limit'));
      const where = cursor
        ? [
            { ...filter, at: LessThan(cursor.at) },
            { ...filter, at: cursor.at, id: LessThan(cursor.id) },
          ]
        : filter;
      const found = await db.getRepository<AuditRecord>(AuditRecordEntity).find({
        where,
        order: { at: 'DESC', id: 'DESC' },
        take: size + 1,
      });
      const page = found.slice(0, size);
      res.json({
        items: page.map(auditView),
        nextCursor: found.length > size ? encodeCursor(page[page.length - 1]!) : null,
      });
    },
  );
}
