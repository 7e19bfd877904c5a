import { Router } from 'express';
import type { DataSource } from 'typeorm';
import { KpiAlertEntity, UserEntity, type KpiAlert, type User, type WorkdayState } from '../../db/entities';
import type { PresenceRequest } from '../../schemas/generated/presence-request';
import type { WorkdayRequest } from '../../schemas/generated/workday-request';
import { parseBody } from '../validation';

const WORKDAY_STATE: Record<WorkdayRequest['action'], WorkdayState> = {
  start: 'started',
  pause: 'paused',
  stop: 'stopped',
};

/**
 * The signed-in employee's own state that routing reads (SPEC §3.2): presence, and the workday when
 * the line tracks time. A queue that found nobody available asks again within QUEUE_RECHECK_MS.
 */
export function meRoutes({ db }: { db: DataSource }): Router {
  const router = Router();
  const users = () => db.getRepository<User>(UserEntity);

  router.post('/me/presence', async (req, res) => {
    const { online } = parseBody<PresenceRequest>('presenceRequest', req.body);
    await users().update(req.user!.id, { online, lastSeenAt: new Date() });
    res.json({ online });
  });
  router.post('/me/workday', async (req, res) => {
    const { action } = parseBody<WorkdayRequest>('workdayRequest', req.body);
    const workdayState = WORKDAY_STATE[action];
    await users().update(req.user!.id, { workdayState, lastSeenAt: new Date() });
    res.json({ workdayState });
  });
  /** KPI alerts addressed to the signed-in employee, newest first (SPEC §3.9 "shown to them"). */
  router.get('/me/alerts', async (req, res) => {
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
  });
  return router;
}
