import { randomBytes, randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { In, Not, type DataSource, type EntityManager } from 'typeorm';
import {
  ChannelEntity,
  DialogEntity,
  ENDED_STATUSES,
  LineEntity,
  type Channel,
  type ChannelConfig,
  type ChannelKind,
  type Dialog,
  type Line,
} from '../../db/entities';
import { isUniqueViolation } from '../../db/idempotent-writes';
import { SCHEMAS, toDetails, validatorFor, type ValidationDetail } from '../../schemas/ajv';
import type { ChannelCreateRequest } from '../../schemas/generated/channel-create-request';
import type { ChannelUpdateRequest } from '../../schemas/generated/channel-update-request';
import type { ChannelView } from '../../schemas/generated/responses/channel-view';
import type { ApiRoutes } from '../api-routes';
import { recordAudit } from '../audit/audit-log';
import { HttpError, notFound } from '../errors';

/** Admins see everything of a bot token but enough to tell two bots apart. */
export const maskToken = (token: string): string =>
  `${'*'.repeat(Math.max(0, token.length - 4))}${token.slice(-4)}`;

const configView = (config: ChannelConfig | null | undefined): ChannelView['config'] => {
  const { botToken, ...rest } = config ?? {};
  return botToken === undefined ? rest : { ...rest, botToken: maskToken(botToken) };
};

/** The secret is returned (docs/product.md §2.2: admins read it to configure the sender); the bot token is not. */
const view = (c: Channel): ChannelView => ({
  id: c.id,
  lineId: c.lineId,
  kind: c.kind,
  name: c.name,
  secret: c.secret,
  active: c.active,
  config: configView(c.config),
  createdAt: c.createdAt.toISOString(),
});

/** 32 random bytes, base64url: Telegram's secret_token alphabet, and fine for HMAC. */
export const generateSecret = (): string => randomBytes(32).toString('base64url');

const invalid = (message: string, details: ValidationDetail[]) =>
  new HttpError(400, 'invalid_request', message, details);

/** A channel's config checked against its kind's shape (channel-config.schema.json `$defs`). */
function checkConfig(kind: ChannelKind, config: unknown): ChannelConfig {
  const validate = validatorFor<ChannelConfig>(`${SCHEMAS.channelConfig.$id}#/$defs/${kind}`);
  if (validate(config)) return config;
  const details = toDetails(validate.errors).map((d) => ({
    ...d,
    pointer: `/config${d.pointer}`.replace(/\/$/, ''),
  }));
  throw invalid(`The configuration does not fit a ${kind} channel`, details);
}

/**
 * Channels (docs/product.md §4.6): admins connect channels to lines, change and remove them, rotate their
 * secrets. Every check runs before anything is written, so a refused request stores nothing.
 */
export function channelRoutes(routes: ApiRoutes, { db }: { db: DataSource }): void {
  const channels = () => db.getRepository<Channel>(ChannelEntity);
  const tag = 'Channels';
  /** An admin change and its audit record, in one transaction (the secret and bot token redacted). */
  const inAudited = (
    req: Request,
    action: string,
    entityId: string,
    before: Channel | null,
    after: Channel | null,
    change: (tx: EntityManager) => Promise<unknown>,
  ) =>
    db.transaction(async (tx) => {
      await change(tx);
      await recordAudit(tx, {
        actorId: req.user!.id,
        action,
        entityType: 'channel',
        entityId,
        before: before && { ...before, createdAt: before.createdAt.toISOString() },
        after: after && { ...after, createdAt: after.createdAt.toISOString() },
      });
    });

  async function existing(req: Request): Promise<Channel> {
    const channel = await channels().findOneBy({ id: String(req.params.id) });
    if (!channel) throw notFound(`No channel ${req.params.id}`);
    return channel;
  }

  routes.add(
    {
      method: 'get',
      path: '/api/channels',
      tag,
      summary: 'Every channel, secrets included (bot tokens masked)',
      audience: ['admin'],
      success: { status: 200, description: 'every channel, oldest first', schema: 'channelList' },
    },
    async (_req, res) => {
      res.json({ items: (await channels().find({ order: { createdAt: 'ASC', id: 'ASC' } })).map(view) });
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/api/channels/:id',
      tag,
      summary: 'One channel, secret included (bot token masked)',
      audience: ['admin'],
      success: { status: 200, description: 'the channel', schema: 'channelView' },
      errors: [404],
    },
    async (req, res) => {
      res.json(view(await existing(req)));
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/api/channels',
      tag,
      summary: 'Connect a channel to a line (the secret is generated unless given)',
      audience: ['admin'],
      body: 'channelCreateRequest',
      success: { status: 201, description: 'the new channel, with its secret', schema: 'channelView' },
      errors: [409, 422],
    },
    async (req, res) => {
      const body = req.body as ChannelCreateRequest;
      // The schema already checked the config against the kind (if/then); this types it.
      const config = (body.config ?? {}) as ChannelConfig;
      if (!(await db.getRepository<Line>(LineEntity).existsBy({ id: body.lineId })))
        throw new HttpError(422, 'unknown_line', `There is no line ${body.lineId}`, [
          { pointer: '/lineId', message: 'is not an existing line' },
        ]);
      const channel: Channel = {
        id: body.id ?? randomUUID(),
        lineId: body.lineId,
        kind: body.kind,
        name: body.name,
        secret: body.secret ?? generateSecret(),
        active: body.active ?? true,
        config,
        createdAt: new Date(),
      };
      try {
        await inAudited(req, 'channel.create', channel.id, null, channel, (tx) =>
          tx.getRepository<Channel>(ChannelEntity).insert({ ...channel }),
        );
      } catch (error) {
        if (isUniqueViolation(error))
          throw new HttpError(409, 'conflict', `A channel ${channel.id} exists already`);
        throw error;
      }
      res.status(201).json(view(channel));
    },
  );

  routes.add(
    {
      method: 'patch',
      path: '/api/channels/:id',
      tag,
      summary: "Change a channel's name, active flag or configuration (kind and line cannot change)",
      audience: ['admin'],
      body: 'channelUpdateRequest',
      success: { status: 200, description: 'the changed channel', schema: 'channelView' },
      errors: [404],
    },
    async (req, res) => {
      const channel = await existing(req);
      const body = req.body as ChannelUpdateRequest;
      const fixed = (['kind', 'lineId'] as const).filter(
        (field) => body[field] !== undefined && body[field] !== channel[field],
      );
      if (fixed.length)
        throw invalid(
          "A channel's kind and line cannot change: connect a new channel instead",
          fixed.map((field) => ({ pointer: `/${field}`, message: 'cannot change' })),
        );
      const config = body.config === undefined ? undefined : checkConfig(channel.kind, body.config);
      const changes = {
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.active !== undefined ? { active: body.active } : {}),
        ...(config !== undefined ? { config } : {}),
      };
      if (Object.keys(changes).length) {
        await inAudited(req, 'channel.update', channel.id, channel, { ...channel, ...changes }, (tx) =>
          tx.getRepository<Channel>(ChannelEntity).update(channel.id, changes),
        );
      }
      res.json(view({ ...channel, ...changes }));
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/api/channels/:id/secret',
      tag,
      summary: 'Replace the channel secret with a new random one (re-register the sender with it)',
      audience: ['admin'],
      success: { status: 200, description: 'the channel with its new secret', schema: 'channelView' },
      errors: [404],
    },
    async (req, res) => {
      const channel = await existing(req);
      const secret = generateSecret();
      await inAudited(req, 'channel.rotateSecret', channel.id, channel, { ...channel, secret }, (tx) =>
        tx.getRepository<Channel>(ChannelEntity).update(channel.id, { secret }),
      );
      res.json(view({ ...channel, secret }));
    },
  );

  routes.add(
    {
      method: 'delete',
      path: '/api/channels/:id',
      tag,
      summary: 'Remove a channel; refused (409) while any of its dialogs has not ended',
      audience: ['admin'],
      success: { status: 204, description: 'removed' },
      errors: [404, 409],
    },
    async (req, res) => {
      const channel = await existing(req);
      const open = await db
        .getRepository<Dialog>(DialogEntity)
        .countBy({ channelId: channel.id, status: Not(In([...ENDED_STATUSES])) });
      if (open > 0)
        throw new HttpError(
          409,
          'channel_in_use',
          `The channel has ${open} dialog(s) that have not ended; switch it off (active: false) and remove it later`,
        );
      // The dialogs it had stay, with their messages: history outlives the connection.
      await inAudited(req, 'channel.delete', channel.id, channel, null, (tx) =>
        tx.getRepository<Channel>(ChannelEntity).delete(channel.id),
      );
      res.status(204).end();
    },
  );
}
