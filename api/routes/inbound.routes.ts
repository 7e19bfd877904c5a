import { createHmac, timingSafeEqual } from 'node:crypto';
import express from 'express';
import { ChannelEntity, type Channel } from '../../db/entities';
import type { InboundMessage } from '../../schemas/generated/inbound-message';
import { badRequest, HttpError, notFound } from '../errors';
import { deliverClientMessage, type ChannelRouteDeps } from '../inbound/deliver-client-message';
import type { ApiRoutes } from '../api-routes';
import { parseBody } from '../validation';

export const MAX_BODY = '1mb';
export const SIGNATURE_HEADER = 'X-Lineflow-Signature';

export const signBody = (secret: string, body: Buffer | string): string =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

function signatureMatches(secret: string, body: Buffer, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(signBody(secret, body));
  const given = Buffer.from(header.trim());
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * `POST /api/channels/:channelId/inbound` (SPEC §7). Checks run cheapest-first and nothing is stored
 * before all pass: size (413), channel (404), HMAC of the raw bytes (401), JSON (400), schema (400).
 */
export function inboundRoutes(routes: ApiRoutes, deps: ChannelRouteDeps): void {
  routes.add(
    {
      method: 'post',
      path: '/api/channels/:channelId/inbound',
      tag: 'Channels',
      summary: `A client's message or rating from a webhook channel, signed with ${SIGNATURE_HEADER}`,
      audience: 'channel',
      body: 'inboundMessage',
      success: { status: 202, description: '{ dialogId, messageId, duplicate }' },
      errors: [401, 404, 409, 413],
      parseJson: false,
      before: [express.raw({ type: () => true, limit: MAX_BODY })],
    },
    async (req, res) => {
      const channel = await deps.db
        .getRepository<Channel>(ChannelEntity)
        .findOneBy({ id: String(req.params.channelId) });
      if (!channel || channel.kind !== 'webhook')
        throw notFound(`No webhook channel ${req.params.channelId}`);
      const raw: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (!signatureMatches(channel.secret, raw, req.get(SIGNATURE_HEADER))) {
        throw new HttpError(
          401,
          'bad_signature',
          `${SIGNATURE_HEADER} is missing or does not match the body`,
        );
      }
      if (!channel.active) throw new HttpError(409, 'channel_inactive', 'This channel is switched off');
      deps.limitChannel(channel.id); // counted once authenticated
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        throw badRequest('Request body is not valid JSON');
      }
      const inbound = parseBody<InboundMessage>('inboundMessage', body);
      const result = await deliverClientMessage(deps, channel, inbound, new Date());
      res.status(202).json(result);
    },
  );
}
