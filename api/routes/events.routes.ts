import type { DataSource } from 'typeorm';
import { EVERY_ROLE, type ApiRoutes } from '../api-routes';
import { visibleLineIds } from '../auth/line-access';
import { serveEventStream } from '../live/event-stream';
import type { LiveEventHub } from '../live/live-event-hub';
import type { PresenceTracker } from '../live/presence-tracker';
import { presentedTokenHash } from '../auth/tokens';

/**
 * `GET /api/events`: the inbox's real-time stream (SSE). Offers, messages (hidden notes included),
 * status and KPI changes of every dialog on the lines the employee may see; admins see every line.
 */
export function eventRoutes(
  routes: ApiRoutes,
  { db, live, presence }: { db: DataSource; live: LiveEventHub; presence: PresenceTracker },
): void {
  routes.add(
    {
      method: 'get',
      path: '/api/events',
      tag: 'Dialogs',
      summary:
        'Server-Sent Events for the inbox: each event has `type`, `dialogId`, `lineId`, `data` and the ' +
        "dialog's state; reconnect with Last-Event-ID to get what was missed (kept one hour). While a " +
        'stream of theirs is open the employee is online (unless set away), and offline a grace period ' +
        '(LINEFLOW_PRESENCE_GRACE) after the last one closes',
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
      // the reader may leave while presence is written: listen first, then leave as soon as known
      const reader: { gone: boolean; left?: () => void } = { gone: false };
      req.on('close', () => {
        reader.gone = true;
        reader.left?.();
      });
      reader.left = await presence.opened(user.id, presentedTokenHash(req), () => res.end());
      if (reader.gone) return reader.left();
      await serveEventStream(req, res, live, {
        until: req.tokenExpiresAt,
        accepts: (_event, dialog) => !lines || lines.has(dialog.lineId),
      });
    },
  );
}
