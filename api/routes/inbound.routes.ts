import express from 'express';
import type { InboundMessage } from '../../schemas/generated/inbound-message';
import { deliverClientMessage, type ChannelRouteDeps } from '../inbound/deliver-client-message';
import type { ApiRoutes } from '../api-routes';
import { readChannelCall, sameSecret } from '../inbound/channel-call';
import { signBody, SIGNATURE_HEADER } from '../../activities/delivery/webhook-signature';

export const MAX_BODY = '1mb';

/**
 * `POST /api/channels/:channelId/inbound` (docs/product.md §4.2). Checks run cheapest-first and nothing is stored
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
      success: { status: 202, description: 'accepted: the dialog it went to', schema: 'deliveryResult' },
      errors: [401, 404, 409, 413],
      parseJson: false,
      before: [express.raw({ type: () => true, limit: MAX_BODY })],
    },
    async (req, res) => {
      const { channel, body: inbound } = await readChannelCall<InboundMessage>(req, deps, {
        kind: 'webhook',
        authentic: (channel, raw) =>
          sameSecret(signBody(channel.secret, raw), req.get(SIGNATURE_HEADER)?.trim()),
        refusal: {
          code: 'bad_signature',
          message: `${SIGNATURE_HEADER} is missing or does not match the body`,
        },
        schema: 'inboundMessage',
      });
      const result = await deliverClientMessage(deps, channel, inbound, new Date());
      res.status(202).json(result);
    },
  );
}
