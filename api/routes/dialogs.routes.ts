import { randomUUID } from 'node:crypto';
import {
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client as TemporalClient,
} from '@temporalio/client';
import { ActivityFailure, ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import type { Request } from 'express';
import type { DataSource } from 'typeorm';
import {
  ClientEntity,
  DialogEntity,
  DialogEventEntity,
  LIVE_LINE,
  LineEntity,
  MessageEntity,
  UserEntity,
  type Client,
  type Dialog,
  type DialogEvent,
  type Line,
  type Message,
  type User,
} from '../../db/entities';
import type { OperatorMessageRequest } from '../../schemas/generated/operator-message';
import type { InviteRequest } from '../../schemas/generated/invite-request';
import type { RatingRequest } from '../../schemas/generated/rating-request';
import type { TransferRequest } from '../../schemas/generated/transfer-request';
import type { DialogSummary } from '../../schemas/generated/responses/dialog-summary';
import type { DialogView } from '../../schemas/generated/responses/dialog-view';
import {
  acceptUpdate,
  answerUpdate,
  closeUpdate,
  createLeadUpdate,
  inviteUpdate,
  pinUpdate,
  rateUpdate,
  spamUpdate,
  takeUpdate,
  transferUpdate,
  type Actor,
} from '../../workflows/definitions';
import { REFUSALS } from '../../workflows/engine/routing-rules';
import { messageView } from '../../db/dialog-writes';
import { derivedId } from '../../db/derived-ids';
import { canSeeLine, worksOnLine } from '../auth/line-access';
import { dialogListExtras, type DialogListExtras } from '../dialogs/dialog-list-extras';
import { HttpError, notFound } from '../errors';
import { EVERY_ROLE, type ApiRoutes } from '../api-routes';
import type { SchemaTypes } from '../../schemas/generated';

/**
 * A dialog as lists show it (GET /api/dialogs): everything but its messages and timeline, with the
 * client's summary and the KPI figures the list shows as columns (docs/product.md §3.9), and what the
 * inbox row shows: the channel's kind, the newest visible message and since when the client waits.
 */
export function dialogSummary(
  dialog: Dialog,
  client: Client | null,
  extras?: DialogListExtras,
): DialogSummary {
  return {
    id: dialog.id,
    lineId: dialog.lineId,
    channelId: dialog.channelId,
    channelKind: extras?.channelKind ?? null,
    status: dialog.status,
    responsibleOperatorId: dialog.responsibleOperatorId,
    offeredTo: dialog.offeredTo,
    participants: dialog.participants,
    pinned: dialog.pinned,
    client: client && { id: client.id, name: client.name, phone: client.phone, email: client.email },
    kpi: { firstAnswerMs: dialog.firstAnswerMs, breaches: dialog.kpiBreaches },
    lastMessage: extras?.lastMessage ?? null,
    waitingSince: extras?.waitingSince ?? null,
    rating: dialog.rating,
    leadId: dialog.leadId,
    flowVersion: dialog.flowVersion,
    createdAt: dialog.createdAt.toISOString(),
    updatedAt: dialog.updatedAt.toISOString(),
    closedAt: dialog.closedAt?.toISOString() ?? null,
  };
}

/** One dialog (GET /api/dialogs/:id): its list shape plus messages and timeline. */
export function dialogView(
  dialog: Dialog,
  client: Client | null,
  messages: Message[],
  timeline: DialogEvent[],
  extras?: DialogListExtras,
): DialogView {
  return {
    ...dialogSummary(dialog, client, extras),
    messages: messages.map(messageView),
    timeline: timeline.map((e) => ({ ...e.data, seq: e.seq, type: e.type, at: e.at.toISOString() })),
  };
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The reason a refused update gives: the validator's or handler's own, or, when an activity refused
 * (a transfer to an operator who is not on the line), that activity's, not "Activity task failed".
 */
export function refusalOf(error: WorkflowUpdateFailedError): string {
  const cause = error.cause;
  const activityRefusal =
    cause instanceof ActivityFailure && cause.cause instanceof ApplicationFailure && cause.cause.nonRetryable;
  return (activityRefusal ? cause.cause : cause)?.message ?? error.message;
}

/**
 * The refusals that say "try again": the dialog is a moment away from taking the action. "Still
 * opening" is what a button pressed on an offer gets when the dialog's first workflow task is being run
 * again (its local activities had written the offer, and the operator saw it, before the task's
 * completion was refused; the update then comes with the run's start, before the dialog has opened).
 */
const TRY_AGAIN: readonly string[] = [REFUSALS.stillOpening, REFUSALS.movingLine];

/** How long the API waits before each new try of an action refused with "try again" (3.5 s in all). */
export const TRY_AGAIN_DELAYS_MS: readonly number[] = [50, 100, 200, 400, 800, 1000, 1000];

/**
 * Sends an update, again after each of `delays` while it is refused with "try again" (a validator's
 * refusal leaves nothing in the dialog's history, so the same update id can be sent again); any other
 * outcome, or the last refusal, is the caller's.
 */
export async function sendTryingAgain<Ret>(
  send: () => Promise<Ret>,
  delays: readonly number[] = TRY_AGAIN_DELAYS_MS,
): Promise<Ret> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      const again = error instanceof WorkflowUpdateFailedError && TRY_AGAIN.includes(refusalOf(error));
      if (!again || attempt >= delays.length) throw error;
      await new Promise((resolve) => setTimeout(resolve, delays[attempt]));
    }
  }
}

/**
 * Runs an operator action on the dialog's workflow; a validator's "no" becomes 409 with its reason
 * (after a few tries when the reason is "try again").
 */
async function runUpdate<Ret, Arg>(
  temporal: TemporalClient,
  dialog: Dialog,
  update: UpdateDefinition<Ret, [Arg]>,
  arg: Arg,
  /** the same id sent again gets the first update's outcome instead of a second update (Temporal's rule) */
  updateId: string = randomUUID(),
): Promise<Ret> {
  const handle = temporal.workflow.getHandle(dialog.workflowId);
  try {
    return await sendTryingAgain(() => handle.executeUpdate(update, { args: [arg], updateId }));
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) throw new HttpError(409, 'conflict', refusalOf(error));
    if (error instanceof WorkflowNotFoundError) throw new HttpError(409, 'conflict', 'the dialog has ended');
    throw error;
  }
}

export function dialogRoutes(
  routes: ApiRoutes,
  { db, temporal }: { db: DataSource; temporal: TemporalClient },
): void {
  const tag = 'Dialogs';

  async function visibleDialog(req: Request): Promise<Dialog> {
    const dialog = await db.getRepository<Dialog>(DialogEntity).findOneBy({ id: String(req.params.id) });
    // A dialog on someone else's line reads as missing: its existence is not theirs to know.
    if (!dialog || !(await canSeeLine(db, req.user!, dialog.lineId)))
      throw notFound(`No dialog ${req.params.id}`);
    return dialog;
  }
  const actor = (req: Request): Actor => ({ operatorId: req.user!.id, role: req.user!.role });

  // The buttons that need nothing but who pressed them (the workflow's validators say who may).
  const plainAction = <N extends 'dialogAssignment' | 'dialogStatusChange' | 'dialogPin'>(
    action: string,
    update: UpdateDefinition<SchemaTypes[N], [Actor]>,
    summary: string,
    schema: N,
    description: string,
  ) =>
    routes.add(
      {
        method: 'post',
        path: `/api/dialogs/:id/${action}`,
        tag,
        summary,
        audience: EVERY_ROLE,
        success: { status: 200, description, schema },
        errors: [404, 409],
      },
      async (req, res) => {
        res.json(await runUpdate(temporal, await visibleDialog(req), update, actor(req)));
      },
    );
  plainAction(
    'accept',
    acceptUpdate,
    'Accept an offered (or unanswered) dialog',
    'dialogAssignment',
    'who is responsible now',
  );
  plainAction(
    'close',
    closeUpdate,
    'Close the dialog (the flow may ask the client for a rating)',
    'dialogStatusChange',
    'closed',
  );
  plainAction(
    'take',
    takeUpdate,
    'Take over a dialog assigned to someone else (supervisors)',
    'dialogAssignment',
    'who is responsible now',
  );
  plainAction(
    'spam',
    spamUpdate,
    'Mark as spam and close without a rating request',
    'dialogStatusChange',
    'marked as spam',
  );
  plainAction('pin', pinUpdate, 'Pin the dialog to me', 'dialogPin', 'pinned');
  /** The workflow cannot look people up; the API makes sure a colleague can work on the dialog's line. */
  async function colleagueOnLine(operatorId: string, dialog: Dialog): Promise<void> {
    const colleague = (await worksOnLine(db, operatorId, dialog.lineId))
      ? await db.getRepository<User>(UserEntity).findOneBy({ id: operatorId })
      : null;
    if (!colleague || colleague.fired) throw notFound(`No operator ${operatorId} on this dialog's line`);
  }

  routes.add(
    {
      method: 'post',
      path: '/api/dialogs/:id/invite',
      tag,
      summary: 'Invite a colleague of the same line into the dialog',
      audience: EVERY_ROLE,
      body: 'inviteRequest',
      success: { status: 200, description: 'who takes part now', schema: 'dialogParticipants' },
      errors: [404, 409],
    },
    async (req, res) => {
      const { operatorId } = req.body as InviteRequest;
      const dialog = await visibleDialog(req);
      await colleagueOnLine(operatorId, dialog);
      res.json(await runUpdate(temporal, dialog, inviteUpdate, { ...actor(req), inviteeId: operatorId }));
    },
  );
  routes.add(
    {
      method: 'post',
      path: '/api/dialogs/:id/transfer',
      tag,
      summary: 'Transfer to a colleague or to another line (the history goes along)',
      audience: EVERY_ROLE,
      body: 'transferRequest',
      success: { status: 200, description: 'where the dialog went', schema: 'dialogTransfer' },
      errors: [404, 409],
    },
    async (req, res) => {
      const to = req.body as TransferRequest;
      const dialog = await visibleDialog(req);
      if (to.operatorId !== undefined) await colleagueOnLine(to.operatorId, dialog);
      else if (!(await db.getRepository<Line>(LineEntity).existsBy({ id: to.lineId!, ...LIVE_LINE })))
        throw notFound(`No line ${to.lineId}`);
      else if (to.lineId === dialog.lineId)
        throw new HttpError(409, 'conflict', 'the dialog is on that line already');
      res.json(await runUpdate(temporal, dialog, transferUpdate, { ...actor(req), to }));
    },
  );
  routes.add(
    {
      method: 'post',
      path: '/api/dialogs/:id/lead',
      tag,
      summary: 'Save to CRM: create a lead from the dialog (once)',
      audience: EVERY_ROLE,
      success: { status: 201, description: "the dialog's lead", schema: 'dialogLead' },
      errors: [404, 409],
    },
    async (req, res) => {
      res.status(201).json(await runUpdate(temporal, await visibleDialog(req), createLeadUpdate, actor(req)));
    },
  );
  routes.add(
    {
      method: 'post',
      path: '/api/dialogs/:id/rating',
      tag,
      summary: "The supervisor's rating of the dialog",
      audience: EVERY_ROLE,
      body: 'ratingRequest',
      success: { status: 200, description: 'the rating as recorded', schema: 'dialogRating' },
      errors: [404, 409],
    },
    async (req, res) => {
      const { value } = req.body as RatingRequest;
      res.json(await runUpdate(temporal, await visibleDialog(req), rateUpdate, { ...actor(req), value }));
    },
  );
  routes.add(
    {
      method: 'post',
      path: '/api/dialogs/:id/messages',
      tag,
      summary: 'Answer the client, or write a hidden note (hidden: true)',
      audience: EVERY_ROLE,
      body: 'operatorMessage',
      requestHeaders: [
        {
          name: 'Idempotency-Key',
          description:
            'Any string of yours naming this answer: sent again (after a network error or a timeout), the request stores nothing new and answers with the message the first one stored.',
          pattern: IDEMPOTENCY_KEY.source,
        },
      ],
      success: { status: 201, description: 'the message, stored', schema: 'operatorMessageResult' },
      errors: [404, 409],
    },
    async (req, res) => {
      const { text, hidden = false } = req.body as OperatorMessageRequest;
      const key = req.get('idempotency-key');
      if (key !== undefined && !IDEMPOTENCY_KEY.test(key))
        throw new HttpError(
          400,
          'bad_request',
          'Idempotency-Key must be 1-128 characters: letters, digits, . _ : -',
        );
      const dialog = await visibleDialog(req);
      // With a key, the message id is derived from it (per dialog and author), and so is the update's id:
      // a repeat is the same Temporal update (answered with its first outcome), and even a repeat that
      // reaches a later run of the workflow writes the same message id, which is stored once (§5.1).
      const messageId = key ? derivedId('answer', dialog.id, req.user!.id, key) : randomUUID();
      const answer = { ...actor(req), messageId, text, hidden, at: new Date().toISOString() };
      res
        .status(201)
        .json(
          await runUpdate(temporal, dialog, answerUpdate, answer, key ? `answer-${messageId}` : undefined),
        );
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/api/dialogs/:id',
      tag,
      summary: 'One dialog with its messages and timeline',
      audience: EVERY_ROLE,
      success: { status: 200, description: 'the dialog', schema: 'dialogView' },
      errors: [404],
    },
    async (req, res) => {
      const dialog = await visibleDialog(req);
      const [client, messages, timeline, extras] = await Promise.all([
        db.getRepository<Client>(ClientEntity).findOneBy({ id: dialog.clientId }),
        db.getRepository<Message>(MessageEntity).find({
          where: { dialogId: dialog.id },
          order: { createdAt: 'ASC', id: 'ASC' },
        }),
        db
          .getRepository<DialogEvent>(DialogEventEntity)
          .find({ where: { dialogId: dialog.id }, order: { seq: 'ASC' } }),
        dialogListExtras(db, [dialog]),
      ]);
      res.json(dialogView(dialog, client, messages, timeline, extras.get(dialog.id)));
    },
  );
}
