import { createHmac } from 'node:crypto';

/**
 * How a webhook channel and Lineflow sign what they send each other: the header carries the
 * HMAC-SHA256 of the raw body under the channel's secret. The API checks inbound calls with it; the
 * outbound webhook sender signs with it.
 */
export const SIGNATURE_HEADER = 'X-Lineflow-Signature';

export const signBody = (secret: string, body: Buffer | string): string =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
