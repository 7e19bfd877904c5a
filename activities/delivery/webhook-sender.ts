import { signBody, SIGNATURE_HEADER } from './webhook-signature';
import {
  outcomeOfHttpFailure,
  outcomeOfNetworkError,
  retryAfterHeaderMs,
  SEND_TIMEOUT_MS,
  type OutboundSender,
} from './outbound-sender';

/** The body POSTed to a webhook channel's outboundUrl for each line message the client must receive. */
export interface WebhookDelivery {
  dialogId: string;
  messageId: string;
  author: string;
  text: string | null;
  attachments: string[];
  createdAt: string;
  client: { externalId: string };
}

/**
 * POSTs the message to the channel's `outboundUrl`, signed like inbound calls
 * (`X-Lineflow-Signature: sha256=<HMAC of the raw body with the channel secret>`), with
 * `Idempotency-Key: <message id>` so the receiver can drop a repeat (see the dispatcher's note on the
 * one window in which a message can be sent twice). Any 2xx is success.
 */
export const sendToWebhook: OutboundSender = async ({ message, channel, recipient }) => {
  const url = channel.config?.outboundUrl;
  if (!url) return { kind: 'failed', error: 'the webhook channel has no outboundUrl' };
  const delivery: WebhookDelivery = {
    dialogId: message.dialogId,
    messageId: message.id,
    author: message.author,
    text: message.text,
    attachments: message.attachments,
    createdAt: message.createdAt.toISOString(),
    client: { externalId: recipient },
  };
  const body = JSON.stringify(delivery);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signBody(channel.secret, body),
        'Idempotency-Key': message.id,
      },
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
    await response.arrayBuffer(); // read to the end so the connection can be reused
  } catch (error) {
    return outcomeOfNetworkError(error);
  }
  if (response.ok) return { kind: 'sent' };
  return outcomeOfHttpFailure(
    response.status,
    `webhook answered ${response.status} ${response.statusText}`.trim(),
    retryAfterHeaderMs(response.headers.get('retry-after')),
  );
};
