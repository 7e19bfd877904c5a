import type { Client as TemporalClient } from '@temporalio/client';
import { signalCapacityFreed } from '../../activities/routing/capacity-nudge';
import { nudgeWaitingDialogs } from '../../activities/routing/routing-store';
import type { DataSource } from 'typeorm';
import { KpiAlertEntity, UserEntity, type KpiAlert, type User, type WorkdayState } from '../../db/entities';
import { linesOf, operatorView } from './operators.routes';
import type { PresenceRequest } from '../../schemas/generated/presence-request';
import type { WorkdayRequest } from '../../schemas/generated/workday-request';
import { EVERY_ROLE, type ApiRoutes } from '../api-routes';

const WORKDAY_STATE: Record<WorkdayRequest['action'], WorkdayState> = {
  start: 'started',
  pause: 'paused',
  stop: 'stopped',
};

/**
 * The signed-in employee's own state that routing reads (docs/product.md §3.2): presence, and the workday when
 * the line tracks time. Someone becoming available nudges the dialogs waiting in line on their lines
 * (each asks the queue again at once instead of at its next recheck). Opening the inbox makes one
 * online too (api/live/presence-tracker.ts).
 */
export function meRoutes(
  routes: ApiRoutes,
  { db, temporal }: { db: DataSource; temporal: TemporalClient },
): void {
  const tag = 'Me';
  const users = () => db.getRepository<User>(UserEntity);
  const nudge = signalCapacityFreed(temporal);
  const nudgeWaiting = (operatorId: string) => nudgeWaitingDialogs(db, nudge, [operatorId]);

  routes.add(
    {
      method: 'get',
      path: '/api/me',
      tag,
      summary:
        'The signed-in employee: role, lines, presence (online, away: set by hand, offline), workday state, vacations',
      audience: EVERY_ROLE,
      success: {
        status: 200,
        description: 'the employee (as GET /api/operators/:id shows them)',
        schema: 'operatorView',
      },
    },
    async (req, res) => {
      const me = await users().findOneByOrFail({ id: req.user!.id });
      res.json({
        ...operatorView(me, (await linesOf(db.manager, [me.id])).get(me.id)!),
        presence: me.online ? 'online' : me.away ? 'away' : 'offline',
      });
    },
  );
  routes.add(
    {
      method: 'post',
      path: '/api/me/presence',
      tag,
      summary:
        'Go online, or away (online: false; an open inbox no longer makes you online until you come back); ' +
        'an operator going online is offered waiting dialogs at once',
      audience: EVERY_ROLE,
      body: 'presenceRequest',
      success: { status: 200, description: 'the presence now', schema: 'presence' },
    },
    async (req, res) => {
      const { online } = req.body as PresenceRequest;
      await users().update(req.user!.id, { online, away: !online, lastSeenAt: new Date() });
      if (online) await nudgeWaiting(req.user!.id);
      res.json({ online });
    },
  );
  routes.add(
    {
      method: 'post',
      path: '/api/me/workday',
      tag,
      summary: 'Start, pause or stop the workday (counts when the line tracks time)',
      audience: EVERY_ROLE,
      body: 'workdayRequest',
      success: { status: 200, description: 'the workday state now', schema: 'workday' },
    },
    async (req, res) => {
      const { action } = req.body as WorkdayRequest;
      const workdayState = WORKDAY_STATE[action];
      await users().update(req.user!.id, { workdayState, lastSeenAt: new Date() });
      if (workdayState === 'started') await nudgeWaiting(req.user!.id);
      res.json({ workdayState });
    },
  );
  /** KPI alerts addressed to the signed-in employee, newest first (docs/product.md §2.9, §3.9). */
  routes.add(
    {
      method: 'get',
      path: '/api/me/alerts',
      tag,
      summary: 'KPI alerts addressed to me, newest first',
      audience: EVERY_ROLE,
      success: { status: 200, description: 'the alerts, newest first', schema: 'kpiAlertList' },
    },
    async (req, res) => {
      const alerts = await db.getRepository<KpiAlert>(KpiAlertEntity).find({
        where: { recipientId: req.user!.id },
        order: { createdAt: 'DESC', id: 'ASC' },
        take: 100,
      });
      res.json({
        items: alerts.map((a) => ({
          id: a.id,
          dialogId: a.dialogId,
          lineId: a.lineId,
          kpi: a.kpi,
          thresholdMs: a.thresholdMs,
          createdAt: a.createdAt.toISOString(),
          readAt: a.readAt?.toISOString() ?? null,
        })),
      });
    },
  );
}
