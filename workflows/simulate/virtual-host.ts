import type { TransferParams } from '../../schemas/generated/nodes/transfer.params';
import type { EngineHost, KpiName, OfferAnswer, TimelineEntry } from '../engine/engine-host';
import type { QueueRequest } from '../engine/routing-rules';

/**
 * The in-process host of the flow engine: a virtual clock that jumps from one due timer to the next,
 * so a flow that waits hours runs in microseconds. Used by the designer's dry run and by the tests,
 * which play the same scenario files here and on the Temporal host.
 */
interface Timer {
  at: number;
  order: number;
  fire: () => void;
}

interface Waiter {
  test: () => boolean;
  resolve: (met: boolean) => void;
  timer?: Timer;
}

/** What the simulated dialog's outside world does: catalog activities, transfers and routing. */
export interface VirtualWorld {
  activity(name: string, input: Record<string, unknown>): Promise<unknown>;
  /** Checks the target; for a line, returns how to start the dialog's run on that line. */
  transfer(target: TransferParams): Promise<(() => void) | void>;
  offer(request: QueueRequest, at: number): OfferAnswer;
  withdrawOffer(at: number): { assignedTo: string | null; released: string[] };
  /** each node step, as it is recorded on the timeline */
  recorded?(entry: TimelineEntry): void;
}

/**
 * The most node steps one simulated dialog may take. A flow the validator accepts cannot loop without
 * time passing, but it can loop with time passing (a 1 s wait in a circle for a week): the designer's
 * dry run stops there rather than hold the API for minutes.
 */
export const MAX_SIMULATED_STEPS = 20_000;

export class VirtualHost implements EngineHost {
  readonly timeline: TimelineEntry[] = [];
  /** the run took MAX_SIMULATED_STEPS steps and was stopped there */
  stepLimitReached = false;
  readonly activityCalls: Array<{ name: string; input: Record<string, unknown> }> = [];
  readonly breaches: Array<{ at: number; kpi: KpiName }> = [];
  private time: number;
  private order = 0;
  private timers: Timer[] = [];
  private waiters: Waiter[] = [];
  /** a line transfer's new run, started once everything runnable has run (as the workflow does) */
  private nextRun: (() => void) | null = null;

  constructor(
    start: number,
    private readonly world: VirtualWorld,
  ) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.addTimer(ms, resolve));
  }

  waitUntil(test: () => boolean, timeoutMs?: number): Promise<boolean> {
    if (test()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter: Waiter = { test, resolve };
      if (timeoutMs !== undefined) {
        waiter.timer = this.addTimer(timeoutMs, () => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          resolve(false);
        });
      }
      this.waiters.push(waiter);
    });
  }

  async runActivity(name: string, input: Record<string, unknown>): Promise<unknown> {
    this.activityCalls.push({ name, input });
    return this.world.activity(name, input);
  }

  async kpiExceeded(kpi: KpiName): Promise<void> {
    this.breaches.push({ at: this.time, kpi });
  }

  async offer(request: QueueRequest): Promise<OfferAnswer> {
    return this.world.offer(request, this.time);
  }

  async withdrawOffer(): Promise<{ assignedTo: string | null }> {
    return this.world.withdrawOffer(this.time);
  }

  async transfer(target: TransferParams): Promise<void> {
    this.nextRun = (await this.world.transfer(target)) ?? null;
  }

  async record(entry: TimelineEntry): Promise<void> {
    if (this.timeline.length >= MAX_SIMULATED_STEPS) {
      // Over the limit: this path stops here for good (a promise that never settles, so nothing is
      // left to reject) and the clock stops, so a run that would go on for ever ends.
      this.stepLimitReached = true;
      return new Promise<void>(() => {});
    }
    this.timeline.push(entry);
    this.world.recorded?.(entry);
  }

  /** Lets every runnable path run until all of them wait for time or for an event. */
  async settle(): Promise<void> {
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve));
      const met = this.waiters.filter((w) => w.test());
      if (!met.length && this.nextRun) {
        // The dialog moved to another line: the old flow's waits and timers are dropped with its run.
        const startRun = this.nextRun;
        this.nextRun = null;
        this.timers = [];
        this.waiters = [];
        startRun();
        continue;
      }
      if (!met.length) return;
      this.waiters = this.waiters.filter((w) => !met.includes(w));
      for (const waiter of met) {
        if (waiter.timer) this.timers = this.timers.filter((t) => t !== waiter.timer);
        waiter.resolve(true);
      }
    }
  }

  /** Moves the clock to `until`, firing every timer due on the way in time order. */
  async advanceTo(until: number): Promise<void> {
    await this.settle();
    for (;;) {
      const due = this.timers
        .filter((t) => t.at <= until)
        .sort((a, b) => a.at - b.at || a.order - b.order)[0];
      if (!due || this.stepLimitReached) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.time = due.at;
      due.fire();
      await this.settle();
    }
    this.time = Math.max(this.time, until);
  }

  private addTimer(ms: number, fire: () => void): Timer {
    const timer = { at: this.time + ms, order: this.order++, fire };
    this.timers.push(timer);
    return timer;
  }
}
