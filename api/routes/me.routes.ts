import type { Client as TemporalClient } from '@temporalio/client';
import { Router } from 'express';
import { dialogsWaitingFor } from '../../activities/routing/routing-store';
import { capacityFreedSignal, dialogWorkflowId } from '../../workflows/definitions';
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
 * the line tracks time. Someone becoming available nudges the dialogs waiting in line on their lines
 * (each asks the queue again at once instead of at its next recheck).
 */
export function meRoutes({ db, temporal }: { db: DataSource; temporal: TemporalClient }): Router {
  const router = Router();
  const users = () => db.getRepository<User>(UserEntity);
  const nudgeWaiting = async (operatorId: string) => {
    const waiting = await dialogsWaitingFor(db, [operatorId]);
    await Promise.all(
      waiting.map(
        (id) =>
          temporal.workflow
            .getHandle(dialogWorkflowId(id))
            .signal(capacityFreedSignal)
            .catch(() => undefined), // ended meanwhile: nothing waits there any more
      ),
    );
  };

  router.post('/me/presence', async (req, res) => {
    const { online } = parseBody<PresenceRequest>('presenceRequest', req.body);
    await users().update(req.user!.id, { online, lastSeenAt: new Date() });
    if (online) await nudgeWaiting(req.user!.id);
    res.json({ online });
  });
  router.post('/me/workday', async (req, res) => {
    const { action } = parseBody<WorkdayRequest>('workdayRequest', req.body);
    const workdayState = WORKDAY_STATE[action];
    await users().update(req.user!.id, { workdayState, lastSeenAt: new Date() });
    if (workdayState === 'started') await nudgeWaiting(req.user!.id);
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
