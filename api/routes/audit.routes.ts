import { LessThan, type DataSource, type FindOptionsWhere } from 'typeorm';
import { AuditRecordEntity, type AuditRecord } from '../../db/entities';
import type { AuditQuery } from '../../schemas/generated/audit-query';
import type { AuditRecordView } from '../../schemas/generated/responses/audit-page';
import type { ApiRoutes } from '../api-routes';
import { decodeCursor, encodeCursor } from '../dialogs/list-cursor';
import { checkedQuery } from '../validation';

const DEFAULT_PAGE = 50;

const auditView = (r: AuditRecord): AuditRecordView => ({
  id: r.id,
  at: r.at.toISOString(),
  actorId: r.actorId,
  action: r.action,
  entityType: r.entityType,
  entityId: r.entityId,
  changes: r.changes,
});

/** The audit trail of configuration changes (api/audit/audit-log.ts writes it), for admins. */
export function auditRoutes(routes: ApiRoutes, { db }: { db: DataSource }): void {
  routes.add(
    {
      method: 'get',
      path: '/api/audit',
      tag: 'Audit',
      summary:
        'Configuration changes, newest first: who changed which fields of what (secrets and password hashes read "[redacted]")',
      audience: ['admin'],
      query: 'auditQuery',
      success: {
        status: 200,
        description: 'one page of records, and the cursor of the next',
        schema: 'auditPage',
      },
    },
    async (req, res) => {
      const query = checkedQuery<AuditQuery>(req);
      const filter: FindOptionsWhere<AuditRecord> = {};
      if (query.entityType) filter.entityType = query.entityType;
      if (query.entityId) filter.entityId = query.entityId;
      if (query.actorId) filter.actorId = query.actorId;
      const position = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
      const cursor = position && { at: position.updatedAt, id: position.id };
      const size = query.limit === undefined ? DEFAULT_PAGE : Number(query.limit);
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
      const last = page[page.length - 1]!;
      res.json({
        items: page.map(auditView),
        nextCursor: found.length > size ? encodeCursor({ updatedAt: last.at, id: last.id }) : null,
      });
    },
  );
}
