import sendKpiAlertInputSchema from '../../schemas/activities/send-kpi-alert.input.schema.json';
import type { SendKpiAlertInput } from '../../schemas/generated/activities/send-kpi-alert.input';
import { In } from 'typeorm';
import { derivedId } from '../../db/derived-ids';
import {
  KpiAlertEntity,
  LineEntity,
  UserEntity,
  UserLineEntity,
  type KpiAlert,
  type Line,
  type User,
  type UserLine,
} from '../../db/entities';
import { insertIgnoringDuplicate } from '../../db/idempotent-writes';
import { durationMs } from '../../schemas/durations';
import { defineActivity, type JsonSchemaObject } from '../define-activity';

/**
 * docs/product.md §3.9: tells the chosen employees that a dialog went over a KPI threshold. Each gets an alert
 * (read with GET /api/me/alerts); an alert per employee per call, so a retry tells nobody twice.
 */
export const sendKpiAlert = defineActivity<SendKpiAlertInput, { notified: string[] }>({
  name: 'sendKpiAlert',
  title: 'Send KPI alert',
  description: "Alerts the line's supervisors (or chosen employees) that a response-time KPI was exceeded.",
  category: 'Dialog',
  runsLocally: true, // Lineflow's own database only
  input: sendKpiAlertInputSchema as JsonSchemaObject,
  output: {
    type: 'object',
    required: ['notified'],
    properties: { notified: { type: 'array', items: { type: 'string' } } },
  },
  async run(input, { dialog, callId, services: { db } }) {
    const line = await db.getRepository<Line>(LineEntity).findOneByOrFail({ id: dialog.lineId });
    const clock = line.settings.kpi?.[input.kpi];
    const notify = input.notify ?? clock?.notify ?? ['supervisors'];
    const named = notify.filter((who) => who !== 'supervisors');
    const supervisors = notify.includes('supervisors')
      ? (await db.getRepository<UserLine>(UserLineEntity).findBy({ lineId: dialog.lineId })).map(
          (m) => m.userId,
        )
      : [];
    const candidates = await db
      .getRepository<User>(UserEntity)
      .findBy({ id: In([...named, ...supervisors]) });
    const recipients = candidates
      .filter((u) => !u.fired && (named.includes(u.id) || u.role === 'supervisor'))
      .map((u) => u.id)
      .sort();
    const createdAt = new Date();
    await db.transaction(async (tx) => {
      for (const recipientId of recipients) {
        await insertIgnoringDuplicate<KpiAlert>(tx, KpiAlertEntity, {
          id: derivedId('kpi-alert', callId, recipientId),
          dialogId: dialog.id,
          lineId: dialog.lineId,
          kpi: input.kpi,
          thresholdMs: clock ? durationMs(clock.threshold) : null,
          recipientId,
          createdAt,
          readAt: null,
        });
      }
    });
    return { notified: recipients };
  },
});
