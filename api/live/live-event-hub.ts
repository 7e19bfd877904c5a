import type { Logger } from 'pino';
import { In, LessThan, MoreThan, type DataSource } from 'typeorm';
import { DialogEntity, LiveEventEntity, type Dialog, type LiveEvent } from '../../db/entities';

/** How often each API process reads new events while someone listens. */
export const LIVE_EVENT_POLL_MS = 100;
/** Events are kept this long, so a stream that reconnects (Last-Event-ID) misses nothing. */
export const LIVE_EVENT_RETENTION_MS = 60 * 60 * 1000;
/**
 * An id seen missing below the newest one may belong to a transaction that has not committed yet
 * (MySQL hands out auto-increment ids before commit); it is looked for again this long, then given
 * up (a rolled-back transaction leaves such a gap for good).
 */
const GAP_PATIENCE_MS = 10_000;
const BATCH = 500;

/** What a stream receives: the event plus the dialog's state as of when it was read. */
export interface PushedEvent {
  id: number;
  type: string;
  dialogId: string;
  lineId: string;
  data: Record<string, unknown>;
  dialog: {
    status: Dialog['status'];
    responsibleOperatorId: string | null;
    offeredTo: string[];
    participants: string[];
    kpi: { firstAnswerMs: number | null; breaches: number };
    updatedAt: string;
  };
}

export interface LiveSubscriber {
  /** may this listener see this event of this dialog? */
  accepts(event: LiveEvent, dialog: Dialog): boolean | Promise<boolean>;
  send(event: PushedEvent): void;
  /** the process is stopping: end the stream */
  end(): void;
}

interface Subscription {
  subscriber: LiveSubscriber;
  /** replay events after this id before going live (Last-Event-ID); null: live only */
  catchUpAfter: number | null;
}

const pushed = (event: LiveEvent, dialog: Dialog): PushedEvent => ({
  id: event.id,
  type: event.type,
  dialogId: event.dialogId,
  lineId: dialog.lineId,
  data: event.data,
  dialog: {
    status: dialog.status,
    responsibleOperatorId: dialog.responsibleOperatorId,
    offeredTo: dialog.offeredTo,
    participants: dialog.participants,
    kpi: { firstAnswerMs: dialog.firstAnswerMs, breaches: dialog.kpiBreaches },
    updatedAt: dialog.updatedAt.toISOString(),
  },
});

/**
 * Reads `live_events` in id order and hands each event to the streams of this process that may see
 * it. Nothing is held that another process would need: every process reads the same table, so a
 * change committed by any worker reaches the streams of every API replica.
 */
export class LiveEventHub {
  private readonly subscriptions = new Set<Subscription>();
  private cursor: number | null = null;
  /** ids below the cursor not seen yet, with when they were first missed */
  private readonly gaps = new Map<number, number>();
  private timer: NodeJS.Timeout | undefined;
  private sweeper: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly db: DataSource,
    private readonly logger: Logger,
    private readonly pollMs = LIVE_EVENT_POLL_MS,
  ) {}

  start(): void {
    this.sweeper = setInterval(() => void this.sweep(), 60_000);
    this.sweeper.unref();
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.sweeper);
    await this.polling;
    for (const { subscriber } of this.subscriptions) subscriber.end();
    this.subscriptions.clear();
  }

  /** The newest event id now: a new stream starts after it, so nothing committed later is missed. */
  async newestId(): Promise<number> {
    const newest = await this.db
      .getRepository<LiveEvent>(LiveEventEntity)
      .findOne({ where: {}, order: { id: 'DESC' }, select: { id: true } });
    return newest?.id ?? 0;
  }

  /** Adds a listener; `afterId` replays what it missed first. Returns the unsubscribe function. */
  subscribe(subscriber: LiveSubscriber, afterId: number | null = null): () => void {
    const subscription: Subscription = { subscriber, catchUpAfter: afterId };
    this.subscriptions.add(subscription);
    return () => this.subscriptions.delete(subscription);
  }

  /** One round, also callable by tests: read what is new and deliver it. */
  async poll(): Promise<void> {
    if (this.subscriptions.size === 0) {
      this.cursor = null; // nobody listens: start again from "now" when someone does
      this.gaps.clear();
      return;
    }
    const events = this.db.getRepository<LiveEvent>(LiveEventEntity);
    this.cursor ??= await this.newestId();
    await this.catchUp(this.cursor);
    const fresh = await events.find({
      where: [{ id: MoreThan(this.cursor) }, ...(this.gaps.size ? [{ id: In([...this.gaps.keys()]) }] : [])],
      order: { id: 'ASC' },
      take: BATCH,
    });
    // Delivered before the cursor moves: when the database fails meanwhile (deliver reads the dialogs),
    // the next round reads the same events again instead of skipping them for every stream.
    await this.deliver(
      fresh,
      [...this.subscriptions].filter((s) => s.catchUpAfter === null),
    );
    const now = Date.now();
    for (const event of fresh) {
      if (event.id > this.cursor) {
        for (let missing = this.cursor + 1; missing < event.id; missing++) this.gaps.set(missing, now);
        this.cursor = event.id;
      }
      this.gaps.delete(event.id);
    }
    for (const [id, since] of this.gaps) if (now - since > GAP_PATIENCE_MS) this.gaps.delete(id);
  }

  /** Replays, for streams that reconnected, the events between their last id and the cursor. */
  private async catchUp(upTo: number): Promise<void> {
    for (const subscription of this.subscriptions) {
      if (subscription.catchUpAfter === null) continue;
      let after = subscription.catchUpAfter;
      for (;;) {
        const missed = await this.db.getRepository<LiveEvent>(LiveEventEntity).find({
          where: { id: MoreThan(after) },
          order: { id: 'ASC' },
          take: BATCH,
        });
        const upToCursor = missed.filter((e) => e.id <= upTo);
        await this.deliver(upToCursor, [subscription]);
        if (upToCursor.length < BATCH) break;
        after = upToCursor[upToCursor.length - 1]!.id;
      }
      subscription.catchUpAfter = null;
    }
  }

  private async deliver(events: LiveEvent[], to: Subscription[]): Promise<void> {
    if (events.length === 0 || to.length === 0) return;
    const ids = [...new Set(events.map((e) => e.dialogId))];
    const dialogs = new Map(
      (await this.db.getRepository<Dialog>(DialogEntity).findBy({ id: In(ids) })).map((d) => [d.id, d]),
    );
    for (const event of events) {
      const dialog = dialogs.get(event.dialogId);
      if (!dialog) continue;
      for (const { subscriber } of to) {
        if (await subscriber.accepts(event, dialog)) subscriber.send(pushed(event, dialog));
      }
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.polling = this.poll()
        .catch((error: unknown) => this.logger.warn({ err: error }, 'live events: poll failed'))
        .finally(() => this.schedule());
    }, this.pollMs);
    this.timer.unref();
  }

  private async sweep(): Promise<void> {
    try {
      await this.db
        .getRepository<LiveEvent>(LiveEventEntity)
        .delete({ createdAt: LessThan(new Date(Date.now() - LIVE_EVENT_RETENTION_MS)) });
    } catch (error) {
      this.logger.warn({ err: error }, 'live events: sweep failed');
    }
  }
}
