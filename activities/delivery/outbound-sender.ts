import type { Channel, Message } from '../../db/entities';

/** What one attempt to hand a message to its channel came to. */
export type SendOutcome =
  | { kind: 'sent'; externalId?: string }
  /** worth trying again (network, 5xx, rate limit); `retryAfterMs` when the receiver said when */
  | { kind: 'retry'; error: string; retryAfterMs?: number }
  /** the receiver refused it for good (chat not found, bot blocked, bad request) */
  | { kind: 'failed'; error: string };

export interface DeliveryJob {
  message: Message;
  channel: Channel;
  /** the client's external id on the channel: the Telegram chat id, the webhook's client id */
  recipient: string;
  /** parts already delivered by earlier attempts (Telegram splits long texts) */
  partsSent: number;
  /**
   * Records that part `partsSent` went out, before the next part is sent; rejects when this dispatcher
   * no longer holds the row (its lease ran out and another took it over), which stops the send.
   */
  partSent(partsSent: number, externalId?: string): Promise<void>;
}

/** Hands one message to one kind of channel; never throws for what the receiver answers. */
export type OutboundSender = (job: DeliveryJob) => Promise<SendOutcome>;

/** Per request; the dispatcher's lease is several times longer, so a row is never sent by two at once. */
export const SEND_TIMEOUT_MS = 10_000;

/** How an HTTP failure is treated, the same for every channel. */
export function outcomeOfHttpFailure(status: number, error: string, retryAfterMs?: number): SendOutcome {
  if (status === 429) return { kind: 'retry', error, retryAfterMs };
  if (status === 408 || status >= 500) return { kind: 'retry', error };
  return { kind: 'failed', error };
}

/** A request that got no HTTP answer (refused, reset, timed out) may have arrived or not: retry. */
export function outcomeOfNetworkError(error: unknown): SendOutcome {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  const reason =
    e.name === 'TimeoutError'
      ? 'timed out'
      : (e.cause?.code ?? e.cause?.message ?? e.message ?? String(error));
  return { kind: 'retry', error: `network error: ${reason}` };
}

/** `Retry-After: <seconds>` as milliseconds (the HTTP-date form is rare for APIs and ignored). */
export function retryAfterHeaderMs(value: string | null): number | undefined {
  if (!value || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value.trim()) * 1000;
}
