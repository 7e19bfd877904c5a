import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { dialogIdFor } from '../../db/derived-ids';
import { messageView } from '../../db/dialog-writes';
import {
  ChannelEntity,
  DialogEntity,
  LineEntity,
  LivechatSessionEntity,
  MessageEntity,
  type Channel,
  type Dialog,
  type Line,
  type LivechatSession,
  type LiveEvent,
  type Message,
} from '../../db/entities';
import { someoneAvailable } from '../../activities/routing/routing-store';
import { rulesOf } from '../../workflows/engine/rules';
import { isWithinWorkingHours } from '../../workflows/engine/working-hours';
import type { LivechatMessageRequest } from '../../schemas/generated/livechat-message-request';
import type { LivechatSessionRequest } from '../../schemas/generated/livechat-session-request';
import type { RatingRequest } from '../../schemas/generated/rating-request';
import type { ApiRoutes } from '../api-routes';
import { enforceOrigin } from '../auth/livechat-origins';
import { openVisitorSession } from '../auth/visitor-sessions';
import { badRequest, HttpError, notFound } from '../errors';
import { currentSeq, deliverClientMessage, type DeliveryDeps } from '../inbound/deliver-client-message';
import { serveEventStream } from '../live/event-stream';
import type { LiveEventHub, PushedEvent } from '../live/live-event-hub';

/** Timeline events a visitor is told about (with the dialog's status); messages come separately. */
const VISITOR_EVENT_TYPES = new Set([
  'dialog.started',
  'dialog.accepted',
  'dialog.transferred',
  'rating.requested',
  'rating.received',
]);

/** A message the visitor may read: not an internal note. */
const visibleToVisitor = (event: LiveEvent) =>
  event.type === 'message.created'
    ? !(event.data.message as { hidden: boolean }).hidden
    : VISITOR_EVENT_TYPES.has(event.type);

/** The visitor's view of an event: no operator ids, offers or KPI figures. */
function forVisitor(event: PushedEvent) {
  const message = event.data.message as ReturnType<typeof messageView> | undefined;
  return {
    type: event.type,
    dialogId: event.dialogId,
    status: event.dialog.status,
    ...(message
      ? {
          message: {
            id: message.id,
            author: message.author,
            text: message.text,
            attachments: message.attachments,
            createdAt: message.createdAt,
          },
        }
      : {}),
  };
}

/**
 * The website chat (docs/product.md §4.4). A visitor opens a session on a livechat channel and gets a
 * token; their messages and rating go the same way as any channel's (signalWithStart on their
 * dialog), and the line's answers reach them over SSE. A visitor only ever sees their own dialogs.
 */
export function livechatRoutes(routes: ApiRoutes, deps: DeliveryDeps & { live: LiveEventHub }): void {
  const { db, live } = deps;
  const tag = 'Livechat';

  /**
   * The request's livechat channel (named in the path, or the visitor's), once the page's origin is
   * one the channel allows (403 otherwise). Sending needs the channel switched on; reading does not.
   */
  async function livechatChannel(req: Request, res: Response, { sending = true } = {}): Promise<Channel> {
    const channelId = req.visitor?.channelId ?? String(req.params.channelId);
    const channel = await db.getRepository<Channel>(ChannelEntity).findOneBy({ id: channelId });
    if (!channel || channel.kind !== 'livechat') throw notFound(`No livechat channel ${channelId}`);
    enforceOrigin(req, res, channel);
    if (sending && !channel.active)
      throw new HttpError(409, 'channel_inactive', 'This channel is switched off');
    return channel;
  }
  const visitorOf = (req: Request) => req.visitor!;
  const asClient = (req: Request) => {
    const v = visitorOf(req);
    return {
      externalId: v.visitorId,
      ...(v.name ? { name: v.name } : {}),
      ...(v.phone ? { phone: v.phone } : {}),
      ...(v.email ? { email: v.email } : {}),
    };
  };

  routes.add(
    {
      method: 'get',
      path: '/api/livechat/:channelId/widget',
      tag,
      summary:
        'What the chat widget shows before a session: the line name and language, the rating scale, ' +
        'the pre-chat form, and whether the line works and someone is available now',
      audience: 'public',
      success: { status: 200, description: 'what the widget shows', schema: 'livechatWidget' },
      errors: [403, 404, 409],
    },
    async (req, res) => {
      const channel = await livechatChannel(req, res);
      const line = await db.getRepository<Line>(LineEntity).findOneByOrFail({ id: channel.lineId });
      const hours = rulesOf(line.settings).workingHours;
      const form = channel.config?.preChatForm;
      res.set('cache-control', 'no-store').json({
        channelId: channel.id,
        name: line.name,
        language: line.language,
        ratingScale: line.settings.rating?.scale ?? 'five_point',
        preChatForm: { enabled: form?.enabled ?? false, requireEmail: form?.requireEmail ?? false },
        withinWorkingHours: hours ? isWithinWorkingHours(hours, Date.now()) : true,
        online: line.active && (await someoneAvailable(db, line.id, Date.now())),
      });
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/api/livechat/:channelId/sessions',
      tag,
      summary: 'Open a visitor session on a livechat channel: a token for the other livechat routes',
      audience: 'public',
      body: 'livechatSessionRequest',
      success: { status: 201, description: "the visitor's session", schema: 'livechatSession' },
      errors: [403, 404, 409],
    },
    async (req, res) => {
      const channel = await livechatChannel(req, res);
      const { token, session } = await openVisitorSession(db, channel.id, req.body as LivechatSessionRequest);
      res
        .status(201)
        .json({ token, visitorId: session.visitorId, expiresAt: session.expiresAt.toISOString() });
    },
  );

  routes.add(
    {
      method: 'patch',
      path: '/api/livechat/session',
      tag,
      summary:
        "The visitor's contact details, changed (e.g. the email of a message left while nobody is " +
        "online); the visitor's next dialog carries them",
      audience: 'visitor',
      body: 'livechatSessionRequest',
      success: { status: 200, description: "the visitor's details now", schema: 'livechatVisitor' },
      errors: [403, 404],
    },
    async (req, res) => {
      await livechatChannel(req, res, { sending: false });
      const { name, email, phone } = req.body as LivechatSessionRequest;
      const changes = {
        ...(name !== undefined ? { name } : {}),
        ...(email !== undefined ? { email } : {}),
        ...(phone !== undefined ? { phone } : {}),
      };
      const session = visitorOf(req);
      if (Object.keys(changes).length)
        await db
          .getRepository<LivechatSession>(LivechatSessionEntity)
          .update({ tokenHash: session.tokenHash }, changes);
      const now = { ...session, ...changes };
      res.json({ visitorId: now.visitorId, name: now.name, email: now.email, phone: now.phone });
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/api/livechat/messages',
      tag,
      summary: "The visitor's message; the same clientMessageId twice is stored once",
      audience: 'visitor',
      body: 'livechatMessageRequest',
      success: { status: 202, description: 'accepted: the dialog it went to', schema: 'deliveryResult' },
      errors: [403, 409],
    },
    async (req, res) => {
      const body = req.body as LivechatMessageRequest;
      const channel = await livechatChannel(req, res);
      const externalMessageId = `${visitorOf(req).visitorId}:${body.clientMessageId ?? randomUUID()}`;
      const result = await deliverClientMessage(
        deps,
        channel,
        { externalMessageId, client: asClient(req), text: body.text, attachments: body.attachments },
        new Date(),
      );
      res.status(202).json(result);
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/api/livechat/rating',
      tag,
      summary: 'The visitor rates their current or just-closed dialog (like | dislike | 1-5)',
      audience: 'visitor',
      body: 'ratingRequest',
      success: { status: 202, description: 'accepted: the dialog it rates', schema: 'deliveryResult' },
      errors: [403, 409],
    },
    async (req, res) => {
      const { value } = req.body as RatingRequest;
      const channel = await livechatChannel(req, res);
      const { settings } = await db.getRepository<Line>(LineEntity).findOneByOrFail({ id: channel.lineId });
      const scale = settings.rating?.scale;
      if (scale && (typeof value === 'number') !== (scale === 'five_point'))
        throw badRequest(
          `This line rates ${scale === 'five_point' ? 'from 1 to 5' : 'with like or dislike'}`,
          [{ pointer: '/value', message: `must fit the line's rating scale (${scale})` }],
        );
      const result = await deliverClientMessage(
        deps,
        channel,
        {
          externalMessageId: `${visitorOf(req).visitorId}:rating:${randomUUID()}`,
          client: asClient(req),
          rating: value,
        },
        new Date(),
      );
      res.status(202).json(result);
    },
  );

  /** The visitor's dialogs on their channel, newest last; ids are derived, so no lookup table. */
  async function visitorDialogIds(req: Request): Promise<string[]> {
    const { channelId, visitorId } = visitorOf(req);
    const seq = await currentSeq(db, channelId, visitorId);
    return Array.from({ length: seq }, (_, i) => dialogIdFor(channelId, visitorId, i + 1));
  }

  routes.add(
    {
      method: 'get',
      path: '/api/livechat/messages',
      tag,
      summary: "The visitor's current conversation (internal notes left out), for a widget that reloads",
      audience: 'visitor',
      success: {
        status: 200,
        description: 'the current dialog and its messages',
        schema: 'livechatConversation',
      },
      errors: [403, 404],
    },
    async (req, res) => {
      await livechatChannel(req, res, { sending: false });
      const ids = await visitorDialogIds(req);
      const dialogs = db.getRepository<Dialog>(DialogEntity);
      // The newest dialog that exists (the numbering may run one ahead of a dialog not yet opened).
      let dialog: Dialog | null = null;
      for (let i = ids.length - 1; i >= 0 && !dialog; i--) dialog = await dialogs.findOneBy({ id: ids[i]! });
      const messages = dialog
        ? await db.getRepository<Message>(MessageEntity).find({
            where: { dialogId: dialog.id, hidden: false },
            order: { createdAt: 'ASC', id: 'ASC' },
          })
        : [];
      res.json({
        dialogId: dialog?.id ?? null,
        status: dialog?.status ?? null,
        items: messages.map((m) => {
          const { id, author, text, attachments, createdAt } = messageView(m);
          return { id, author, text, attachments, createdAt };
        }),
      });
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/api/livechat/events',
      tag,
      summary:
        "Server-Sent Events for the visitor: the line's messages (never internal notes) and status changes " +
        'of their own dialogs',
      audience: 'visitor',
      tokenInQuery: true,
      query: 'eventStreamQuery',
      success: {
        status: 200,
        description:
          'Server-Sent Events, each `data` a JSON { type, dialogId, status, message?: { id, author, text, attachments, createdAt } }',
        contentType: 'text/event-stream',
      },
      errors: [403, 404],
    },
    async (req, res) => {
      await livechatChannel(req, res, { sending: false });
      const { channelId, visitorId } = visitorOf(req);
      const mine = await visitorDialogIds(req);
      await serveEventStream(req, res, live, {
        until: visitorOf(req).expiresAt,
        accepts: (event, dialog) => {
          if (dialog.channelId !== channelId || !visibleToVisitor(event)) return false;
          // The visitor's next dialog has the next number: its id is known without asking anyone.
          const next = dialogIdFor(channelId, visitorId, mine.length + 1);
          if (dialog.id === next) mine.push(next);
          return mine.includes(dialog.id);
        },
        present: forVisitor,
      });
    },
  );
}
