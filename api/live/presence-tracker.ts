import type { Client as TemporalClient } from '@temporalio/client';
import type { Logger } from 'pino';
import { LessThan, type DataSource } from 'typeorm';
import { signalCapacityFreed } from '../../activities/routing/capacity-nudge';
import { nudgeWaitingDialogs, type CapacityNudge } from '../../activities/routing/routing-store';
import { UserEntity, type User } from '../../db/entities';

/** How long after someone's last inbox stream closed they stay online (a reload, a flaky network). */
export const DEFAULT_PRESENCE_GRACE_MS = 45_000;

interface TrackedStream {
  userId: string;
  tokenHash: string | undefined;
  end(): void;
}

export interface PresenceTrackerOptions {
  db: DataSource;
  temporal: TemporalClient;
  logger: Logger;
  /** LINEFLOW_PRESENCE_GRACE */
  graceMs?: number;
}

/**
 * Presence follows the open inbox (docs/product.md §3.2 "online"). An employee with an event stream open
 * (GET /api/events, one per inbox tab) is online, unless they set themselves away by hand; when their
 * last stream closes they stay online for a grace period (a reload, a train tunnel), then go offline;
 * signing out ends that session's streams and makes them offline at once when no other stream of
 * theirs is open. Going offline this way also forgets "away", so the next day starts online.
 *
 * Streams are counted per API process. With several replicas each one refreshes `lastSeenAt` of the
 * people it streams to every third of the grace period, and a process only takes someone offline when
 * no process has refreshed them for half the grace period, so a tab on another replica keeps them online.
 * Someone set online with POST /api/me/presence and no stream (an integration) is left alone.
 */
export class PresenceTracker {
  private readonly streams = new Set<TrackedStream>();
  private readonly offlineTimers = new Map<string, NodeJS.Timeout>();
  private readonly nudge: CapacityNudge;
  private refresher: NodeJS.Timeout | undefined;
  readonly graceMs: number;

  constructor(private readonly options: PresenceTrackerOptions) {
    this.graceMs = options.graceMs ?? DEFAULT_PRESENCE_GRACE_MS;
    this.nudge = signalCapacityFreed(options.temporal);
  }

  private get users() {
    return this.options.db.getRepository<User>(UserEntity);
  }

  private streamsOf(userId: string): TrackedStream[] {
    return [...this.streams].filter((s) => s.userId === userId);
  }

  /** A stream of the user opened; returns what to call when it closes. */
  async opened(userId: string, tokenHash: string | undefined, end: () => void): Promise<() => void> {
    const stream: TrackedStream = { userId, tokenHash, end };
    this.streams.add(stream);
    if (!this.refresher) {
      this.refresher = setInterval(() => void this.refresh(), Math.max(250, this.graceMs / 3));
      this.refresher.unref();
    }
    clearTimeout(this.offlineTimers.get(userId));
    this.offlineTimers.delete(userId);
    const now = new Date();
    const cameOnline = await this.users
      .createQueryBuilder()
      .update()
      .set({ online: true, lastSeenAt: now })
      .where('id = :userId AND online = :offline AND away = :notAway', {
        userId,
        offline: false,
        notAway: false,
      })
      .execute();
    if (cameOnline.affected) {
      this.options.logger.debug({ userId }, 'presence: online (inbox opened)');
      await nudgeWaitingDialogs(this.options.db, this.nudge, [userId]).catch((error: unknown) =>
        this.options.logger.warn({ err: error }, 'presence: nudging waiting dialogs failed'),
      );
    } else {
      await this.users.update(userId, { lastSeenAt: now });
    }
    return () => this.closed(stream);
  }

  private closed(stream: TrackedStream): void {
    if (!this.streams.delete(stream)) return;
    if (this.streamsOf(stream.userId).length > 0) return;
    void this.users.update(stream.userId, { lastSeenAt: new Date() }).catch(() => undefined);
    clearTimeout(this.offlineTimers.get(stream.userId));
    const timer = setTimeout(() => {
      this.offlineTimers.delete(stream.userId);
      void this.goOffline(stream.userId, this.graceMs / 2);
    }, this.graceMs);
    timer.unref();
    this.offlineTimers.set(stream.userId, timer);
  }

  /**
   * The session of `tokenHash` signed out: its streams end (a revoked token must not keep receiving),
   * and the person is offline now unless another stream of theirs is open here.
   */
  async signedOut(userId: string, tokenHash: string | undefined): Promise<void> {
    for (const stream of this.streamsOf(userId))
      if (stream.tokenHash === tokenHash) {
        this.streams.delete(stream);
        stream.end();
      }
    if (this.streamsOf(userId).length > 0) return;
    clearTimeout(this.offlineTimers.get(userId));
    this.offlineTimers.delete(userId);
    await this.goOffline(userId, 0);
  }

  /** Offline, unless a stream of theirs opened meanwhile or another process saw them within `quietMs`. */
  private async goOffline(userId: string, quietMs: number): Promise<void> {
    if (this.streamsOf(userId).length > 0) return;
    try {
      const where =
        quietMs > 0 ? { id: userId, lastSeenAt: LessThan(new Date(Date.now() - quietMs)) } : { id: userId };
      const result = await this.users.update(where, { online: false, away: false });
      if (result.affected) this.options.logger.debug({ userId }, 'presence: offline (no inbox open)');
    } catch (error) {
      this.options.logger.warn({ err: error }, 'presence: going offline failed');
    }
  }

  /** Keeps `lastSeenAt` fresh for everyone streaming here (other replicas read it before going offline). */
  private async refresh(): Promise<void> {
    const ids = [...new Set([...this.streams].map((s) => s.userId))];
    if (ids.length === 0) return;
    try {
      await this.users
        .createQueryBuilder()
        .update()
        .set({ lastSeenAt: new Date() })
        .whereInIds(ids)
        .execute();
    } catch (error) {
      this.options.logger.warn({ err: error }, 'presence: refreshing lastSeenAt failed');
    }
  }

  /** The process stops: no timers left behind (people stay as they are; their tabs reconnect elsewhere). */
  stop(): void {
    clearInterval(this.refresher);
    for (const timer of this.offlineTimers.values()) clearTimeout(timer);
    this.offlineTimers.clear();
    this.streams.clear();
  }
}
