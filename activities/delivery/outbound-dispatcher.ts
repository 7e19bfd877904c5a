import type { Logger } from 'pino';
import { IsNull, LessThanOrEqual, Or, type DataSource, type Repository } from 'typeorm';
import {
  ChannelEntity,
  deliversOutward,
  DialogEntity,
  MessageEntity,
  OutboundMessageEntity,
  type Channel,
  type ChannelKind,
  type Dialog,
  type Message,
  type OutboundMessage,
} from '../../db/entities';
import type { OutboundSender, SendOutcome } from './outbound-sender';
import { recipientOf } from './recipient';
import { createTelegramSender } from './telegram-sender';
import { sendToWebhook } from './webhook-sender';

/**
 * Delivery of the line's messages to channels that deliver outward (telegram; webhook with an
 * outboundUrl), from the transactional outbox `outbound_messages` (db/outbox-writes.ts).
 *
 * Why an outbox and not a Temporal activity: the message and its delivery row commit in one
 * transaction, whichever activity wrote the message (operator answer, auto-reply, bot, rating
 * request), and the dialog workflow's command order stays as it is. This lives beside the activities
 * because it is the "channel delivery" of the design's diagram and runs in the worker process
 * (runtime/lineflow.ts starts it with the worker and stops it before the database closes).
 *
 * Each dispatcher polls for due rows, claims each with a conditional UPDATE (compare-and-set on
 * `attempts`, plus a lease in `claimedUntil`), sends it, and records the result only while it still
 * holds the claim. So several workers never send the same row at once, and a worker that died
 * mid-send leaves the row to be taken over when its lease runs out. Rows of one dialog go out one at
 * a time, oldest first, so the client reads the answers in order.
 *
 * The guarantee is at-least-once, and exactly-once except in one window: the process dies (or loses
 * the database) after the receiver accepted a message and before the row is marked sent. After the
 * lease the row is sent again. A webhook receiver can drop that repeat by its `Idempotency-Key`
 * (the message id); the Telegram Bot API has no such key, so the client would see it twice.
 * Parts of a long Telegram text are recorded one by one, so at most one part can repeat.
 */

export interface BackoffPolicy {
  /** wait after the first failed attempt */
  baseMs: number;
  /** the wait doubles per attempt up to this */
  maxMs: number;
  /** ± this fraction at random, so workers that failed together do not retry together */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 5 * 60_000, jitter: 0.2 };
/** With the default backoff, about 20 minutes of retrying before a message is given up. */
export const DEFAULT_MAX_ATTEMPTS = 12;

/** The wait before attempt `attempt + 1`, after `attempt` (1, 2, …) attempts failed. */
export function backoffMs(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential * (1 - policy.jitter + 2 * policy.jitter * random()));
}

export interface DispatcherOptions {
  db: DataSource;
  logger: Logger;
  /** base URL of the Bot API, e.g. https://api.telegram.org */
  telegramApiBaseUrl: string;
  pollIntervalMs?: number;
  /** rows claimed per poll (each from a different dialog) */
  batchSize?: number;
  /** how long a claim holds: several request timeouts, so a live sender always finishes inside it */
  leaseMs?: number;
  maxAttempts?: number;
  backoff?: BackoffPolicy;
  /** the dispatcher's clock and dice, so tests can walk through a backoff schedule */
  now?: () => Date;
  random?: () => number;
}

export interface DispatcherStats {
  sent: number;
  failed: number;
  retried: number;
  /** claims another dispatcher won first */
  lostClaims: number;
}

/** A claimed row could not be finished by this dispatcher: another took it over after the lease. */
class LostClaim extends Error {}

export class OutboundDispatcher {
  readonly stats: DispatcherStats = { sent: 0, failed: 0, retried: 0, lostClaims: 0 };
  private readonly senders: Record<Exclude<ChannelKind, 'livechat'>, OutboundSender>;
  private readonly pollIntervalMs: number;
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private readonly maxAttempts: number;
  private readonly backoff: BackoffPolicy;
  private readonly now: () => Date;
  private readonly random: () => number;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;

  constructor(private readonly options: DispatcherOptions) {
    this.senders = { telegram: createTelegramSender(options.telegramApiBaseUrl), webhook: sendToWebhook };
    this.pollIntervalMs = options.pollIntervalMs ?? 200;
    this.batchSize = options.batchSize ?? 20;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.now = options.now ?? (() => new Date());
    this.random = options.random ?? Math.random;
  }

  private get outbox(): Repository<OutboundMessage> {
    return this.options.db.getRepository<OutboundMessage>(OutboundMessageEntity);
  }

  /** Polls until `stop`. */
  start(): void {
    if (this.loop) return;
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        let handled = 0;
        try {
          handled = await this.runOnce();
        } catch (error) {
          this.options.logger.error({ err: error }, 'outbound dispatcher poll failed');
        }
        // A full batch means more are probably due: go on at once.
        if (handled < this.batchSize && this.running) await this.pause();
      }
    })();
  }

  /** Stops polling and waits for the sends in flight (each ends within its request timeout). */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
  }

  private pause(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, this.pollIntervalMs);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** One poll: claims the due rows and sends them. Returns how many rows it claimed. */
  async runOnce(): Promise<number> {
    const now = this.now();
    const claimed: OutboundMessage[] = [];
    for (const row of await this.dueRows(now)) {
      if (await this.claim(row, now)) claimed.push({ ...row, attempts: row.attempts + 1 });
      else this.stats.lostClaims++;
    }
    // Each row is the oldest pending one of its dialog, so sending them side by side keeps every
    // dialog's order.
    await Promise.all(claimed.map((row) => this.deliver(row)));
    return claimed.length;
  }

  /**
   * Pending rows whose time has come and that nobody holds, each the oldest pending row of its dialog
   * (a later answer waits for an earlier one, also while that one waits for a retry).
   */
  private dueRows(now: Date): Promise<OutboundMessage[]> {
    return this.outbox
      .createQueryBuilder('o')
      .where('o.status = :pending', { pending: 'pending' })
      .andWhere('o.nextAttemptAt <= :now', { now })
      .andWhere('(o.claimedUntil IS NULL OR o.claimedUntil <= :now)')
      .andWhere((qb) => {
        const earlier = qb
          .subQuery()
          .select('1')
          .from(OutboundMessageEntity, 'e')
          .where('e.dialogId = o.dialogId')
          .andWhere('e.status = :pending')
          .andWhere(
            '(e.createdAt < o.createdAt OR (e.createdAt = o.createdAt AND e.messageId < o.messageId))',
          )
          .getQuery();
        return `NOT EXISTS ${earlier}`;
      })
      .orderBy('o.nextAttemptAt', 'ASC')
      .addOrderBy('o.messageId', 'ASC')
      .limit(this.batchSize)
      .getMany();
  }

  /**
   * Compare-and-set: only one dispatcher turns the `attempts` it read into `attempts + 1`, and only
   * while the row is pending and unheld. The new `attempts` is this claim's fence for every later write.
   */
  async claim(row: Pick<OutboundMessage, 'messageId' | 'attempts'>, now: Date): Promise<boolean> {
    const { affected } = await this.outbox.update(
      {
        messageId: row.messageId,
        status: 'pending',
        attempts: row.attempts,
        claimedUntil: Or(IsNull(), LessThanOrEqual(now)),
      },
      { attempts: row.attempts + 1, claimedUntil: new Date(now.getTime() + this.leaseMs) },
    );
    return affected === 1;
  }

  /** Writes to a row this dispatcher claimed, as long as nobody claimed it since. */
  private async whileClaimed(row: OutboundMessage, changes: Partial<OutboundMessage>): Promise<void> {
    const { affected } = await this.outbox.update(
      { messageId: row.messageId, attempts: row.attempts },
      changes as never,
    );
    if (affected !== 1) throw new LostClaim(`message ${row.messageId} was taken over by another dispatcher`);
  }

  private async deliver(row: OutboundMessage): Promise<void> {
    const log = this.options.logger.child({ messageId: row.messageId, channelId: row.channelId });
    try {
      const outcome = await this.attempt(row);
      await this.record(row, outcome);
      if (outcome.kind === 'sent') log.debug('outbound message sent');
      else log.warn({ attempts: row.attempts, error: outcome.error }, `outbound message: ${outcome.kind}`);
    } catch (error) {
      if (error instanceof LostClaim) {
        log.warn(error.message);
        return;
      }
      // A database error while recording: the claim runs out and the row is tried again.
      log.error({ err: error }, 'outbound message could not be recorded');
    }
  }

  private async attempt(row: OutboundMessage): Promise<SendOutcome> {
    const { db } = this.options;
    const [message, channel, dialog] = await Promise.all([
      db.getRepository<Message>(MessageEntity).findOneBy({ id: row.messageId }),
      db.getRepository<Channel>(ChannelEntity).findOneBy({ id: row.channelId }),
      db.getRepository<Dialog>(DialogEntity).findOneBy({ id: row.dialogId }),
    ]);
    if (!message || !dialog) return { kind: 'failed', error: 'the message or its dialog is gone' };
    if (!channel) return { kind: 'failed', error: 'the channel was removed' };
    if (!deliversOutward(channel) || channel.kind === 'livechat')
      return { kind: 'failed', error: `the ${channel.kind} channel no longer delivers outward` };
    const recipient = await recipientOf(db, dialog, channel);
    if (!recipient) return { kind: 'failed', error: "the client's address on this channel is unknown" };
    return this.senders[channel.kind]({
      message,
      channel,
      recipient,
      partsSent: row.partsSent,
      partSent: (partsSent, externalId) =>
        this.whileClaimed(row, { partsSent, externalId: externalId ?? null }),
    });
  }

  private async record(row: OutboundMessage, outcome: SendOutcome): Promise<void> {
    const now = this.now();
    if (outcome.kind === 'sent') {
      await this.whileClaimed(row, {
        status: 'sent',
        sentAt: now,
        claimedUntil: null,
        lastError: null,
        externalId: outcome.externalId ?? null,
      });
      this.stats.sent++;
      return;
    }
    const error = outcome.error.slice(0, 1000);
    if (outcome.kind === 'failed' || row.attempts >= this.maxAttempts) {
      await this.whileClaimed(row, { status: 'failed', claimedUntil: null, lastError: error });
      this.stats.failed++;
      return;
    }
    const wait = Math.max(backoffMs(row.attempts, this.backoff, this.random), outcome.retryAfterMs ?? 0);
    await this.whileClaimed(row, {
      nextAttemptAt: new Date(now.getTime() + wait),
      claimedUntil: null,
      lastError: error,
    });
    this.stats.retried++;
  }
}
