import type { DataSource } from 'typeorm';
import type { DialogStatus } from '../../db/entities';
import type { DialogListQuery } from '../../schemas/generated/dialog-list-query';
import { EVERY_ROLE, type ApiRoutes } from '../api-routes';
import { linesToRead } from '../auth/line-access';
import { findDialogPage } from '../dialogs/find-dialog-page';
import { decodeCursor } from '../dialogs/list-cursor';
import { checkedQuery } from '../validation';
import { dialogListExtras } from '../dialogs/dialog-list-extras';
import { dialogSummary } from './dialogs.routes';

export const DEFAULT_PAGE_SIZE = 50;

/** The inbox list (docs/product.md §4.5): GET /api/dialogs with views, filters and a keyset cursor. */
export function dialogListRoutes(routes: ApiRoutes, { db }: { db: DataSource }): void {
  routes.add(
    {
      method: 'get',
      path: '/api/dialogs',
      tag: 'Dialogs',
      summary:
        'Dialogs of the lines the caller may see, newest activity first: unanswered, mine or all, one page at a time',
      audience: EVERY_ROLE,
      query: 'dialogListQuery',
      success: {
        status: 200,
        description: 'one page of dialogs, and the cursor of the next',
        schema: 'dialogPage',
      },
      errors: [404],
    },
    async (req, res) => {
      const query = checkedQuery<DialogListQuery>(req);
      const page = await findDialogPage(db, {
        view: query.view ?? 'all',
        userId: req.user!.id,
        lineIds: await linesToRead(db, req.user!, query.lineId),
        statuses: query.status ? (query.status.split(',') as DialogStatus[]) : undefined,
        after: query.cursor === undefined ? undefined : decodeCursor(query.cursor),
        limit: query.limit === undefined ? DEFAULT_PAGE_SIZE : Number(query.limit),
      });
      const extras = await dialogListExtras(db, page.dialogs);
      res.json({
        items: page.dialogs.map((d) =>
          dialogSummary(d, page.clients.get(d.clientId) ?? null, extras.get(d.id)),
        ),
        nextCursor: page.nextCursor,
      });
    },
  );
}
