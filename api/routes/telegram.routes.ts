import express from 'express';
import type { InboundMessage } from '../../schemas/generated/inbound-message';
import type { TelegramMessage, TelegramUpdate } from '../../schemas/generated/telegram-update';
import { deliverClientMessage, type ChannelRouteDeps } from '../inbound/deliver-client-message';
import type { ApiRoutes } from '../api-routes';
import { readChannelCall, sameSecret } from '../inbound/channel-call';
import { MAX_BODY } from './inbound.routes';

export const TELEGRAM_SECRET_HEADER = 'X-Telegram-Bot-Api-Secret-Token';

/** "Ann Lee", else "@ann", else the group's title: who wrote, as the inbox shows it. */
function senderName(message: TelegramMessage): string | undefined {
  const person = message.from ?? message.chat;
  const full = [person.first_name, person.last_name].filter(Boolean).join(' ').trim();
  const name = full || (person.username ? `@${person.username}` : '') || message.chat.title || '';
  return name ? name.slice(0, 200) : undefined;
}

/**
 * A Telegram message as Lineflow's normalized inbound message, or undefined for what is not a
 * client's message: service messages (joins, pins, …) and media without a caption carry no text.
 * Replies go to the chat, so the chat id is the client's external id; Telegram numbers messages per
 * chat, so chat id and message id together identify one message.
 */
export function inboundFromTelegram(message: TelegramMessage): InboundMessage | undefined {
  const text = message.text ?? message.caption;
  if (!text) return undefined;
  const name = senderName(message);
  return {
    externalMessageId: `${message.chat.id}:${message.message_id}`,
    client: { externalId: String(message.chat.id), ...(name ? { name } : {}) },
    text: text.slice(0, 10_000),
    sentAt: new Date(message.date * 1000).toISOString(),
  };
}

/**
 * `POST /api/channels/:channelId/telegram` (docs/product.md §4.3): the webhook Telegram calls with an Update, as
 * registered by `setWebhook` with `secret_token` = the channel secret. Checks run cheapest-first and
 * nothing is stored before all pass: size (413), channel (404), secret header (401), active (409),
 * JSON and Update shape (400). Telegram retries every answer that is not 2xx, so updates Lineflow does
 * not handle (edited messages, callback queries, service messages…) are acknowledged with 200 and
 * dropped. The answer's body never has a `method` field: Telegram would run it as a Bot API call.
 */
export function telegramRoutes(routes: ApiRoutes, deps: ChannelRouteDeps): void {
  routes.add(
    {
      method: 'post',
      path: '/api/channels/:channelId/telegram',
      tag: 'Channels',
      summary: `A Telegram Bot API Update, authenticated by ${TELEGRAM_SECRET_HEADER} (the channel secret)`,
      audience: 'channel',
      body: 'telegramUpdate',
      success: {
        status: 200,
        description: 'delivered (handled: true), or acknowledged and dropped (handled: false)',
        schema: 'telegramWebhookResult',
      },
      errors: [401, 404, 409, 413],
      parseJson: false,
      before: [express.raw({ type: () => true, limit: MAX_BODY })],
    },
    async (req, res) => {
      const { channel, body: update } = await readChannelCall<TelegramUpdate>(req, deps, {
        kind: 'telegram',
        authentic: (channel) => sameSecret(channel.secret, req.get(TELEGRAM_SECRET_HEADER)),
        refusal: { code: 'bad_secret', message: `${TELEGRAM_SECRET_HEADER} is missing or wrong` },
        schema: 'telegramUpdate',
      });
      const inbound = update.message ? inboundFromTelegram(update.message) : undefined;
      if (!inbound) {
        res.status(200).json({ handled: false });
        return;
      }
      const result = await deliverClientMessage(deps, channel, inbound, new Date());
      res.status(200).json({ handled: true, ...result });
    },
  );
}
