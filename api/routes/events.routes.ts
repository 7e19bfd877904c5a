import type { DataSource } from 'typeorm';
import { EVERY_ROLE, type ApiRoutes } from '../api-routes';
import { visibleLineIds } from '../auth/line-access';
import { serveEventStream } from '../live/event-stream';
import type { LiveEventHub } from '../live/live-event-hub';

/**
 * `GET /api/events`: the inbox's real-time stream (SSE). Offers, messages (hidden notes included),
 * status and KPI changes of every dialog on the lines the employee may see; admins see every line.
 */
export function eventRoutes(routes: ApiRoutes, { db, live }: { db: DataSource; live: LiveEventHub }): void {
  routes.add(
    {
      method: 'get',
      path: '/api/events',
      tag: 'Dialogs',
      summary:
        'Server-Sent Events for the inbox: each event has `type`, `dialogId`, `lineId`, `data` and the ' +
        "dialog's state; reconnect with Last-Event-ID to get what was missed (kept one hour)",
      audience: EVERY_ROLE,
      tokenInQuery: true,
      query: 'eventStreamQuery',
      success: {
        status: 200,
        description:
          'Server-Sent Events, each `data` a JSON { id, type, dialogId, lineId, data, dialog: { status, responsibleOperatorId, offeredTo, participants, kpi, updatedAt } }',
        contentType: 'text/event-stream',
      },
    },
    async (req, res) => {
      const user = req.user!;
      // Lines are read once per connection; EventSource reconnects after a membership change anyway
      // when the client reloads, and the stream never shows a line the user could not see at connect.
      const visible = await visibleLineIds(db, user);
      const lines = visible && new Set(visible);
      await serveEventStream(req, res, live, {
        until: req.tokenExpiresAt,
        accepts: (_event, dialog) => !lines || lines.has(dialog.lineId),
      });
    },
  );
}
