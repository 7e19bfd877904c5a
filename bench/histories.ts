import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { BaselineShape, PhaseShape } from './baseline/baseline-shape';

type History = temporal.api.history.v1.IHistory;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
type LongLike = number | { toNumber(): number } | null | undefined;

const num = (n: LongLike): number => (n == null ? 0 : typeof n === 'number' ? n : n.toNumber());
const ms = (t: { seconds?: LongLike; nanos?: number | null } | null | undefined): number =>
  t ? num(t.seconds) * 1000 + (t.nanos ?? 0) / 1e6 : NaN;
const eventTime = (e: HistoryEvent): number => ms(e.eventTime);

export async function fetchHistory(client: Client, workflowId: string): Promise<History> {
  return client.workflow.getHandle(workflowId).fetchHistory();
}

/** How big a dialog's history is: its events, and its bytes as Temporal stores and sends them. */
export function historySize(history: History): { events: number; bytes: number } {
  return {
    events: history.events?.length ?? 0,
    bytes: temporal.api.history.v1.History.encode(history).finish().length,
  };
}

/** The marker the SDK's core records for each local activity a workflow task ran (with its result). */
export const LOCAL_ACTIVITY_MARKER = 'core_local_activity';

/** The local activity's type, from the marker's `data` detail (the core's JSON of what it ran). */
function localActivityOf(e: HistoryEvent): { type: string | undefined } | null {
  const marker = e.markerRecordedEventAttributes;
  if (marker?.markerName !== LOCAL_ACTIVITY_MARKER) return null;
  const data = marker.details?.['data']?.payloads?.[0]?.data;
  try {
    const text =
      data == null
        ? ''
        : typeof data === 'string'
          ? Buffer.from(data, 'base64').toString() // a history read back from JSON
          : Buffer.from(data).toString();
    return { type: (JSON.parse(text) as { activity_type?: string }).activity_type };
  } catch {
    return { type: undefined };
  }
}

/** How many of each kind of thing a dialog asked Temporal for (`activities` counts local ones too). */
export function historyCounts(history: History): Record<string, number> {
  const counts = { activities: 0, localActivities: 0, timers: 0, signals: 0, updates: 0, workflowTasks: 0 };
  for (const e of history.events ?? []) {
    if (e.activityTaskScheduledEventAttributes) counts.activities++;
    if (localActivityOf(e)) {
      counts.activities++;
      counts.localActivities++;
    }
    if (e.timerStartedEventAttributes) counts.timers++;
    if (e.workflowExecutionSignaledEventAttributes) counts.signals++;
    if (e.workflowExecutionUpdateAcceptedEventAttributes) counts.updates++;
    if (e.workflowTaskCompletedEventAttributes) counts.workflowTasks++;
  }
  return counts;
}

/**
 * The Temporal work of one completed Lineflow dialog, phase by phase (see baseline-shape.ts): which
 * activities each workflow task scheduled together, how many ran inside the update handlers (scheduled
 * before the update completed), and how many timers each phase started. `notifyAt` marks the batch that
 * holds the offer (phase 0), the rating request (phase 3) and the last step (phase 4). A local activity
 * (its marker) is a batch of its own, marked local: Lineflow awaits each before the next, in its task.
 */
export function shapeOf(
  history: History,
  offerActivity = 'offerDialog',
  ratingActivity = 'requestRating',
): BaselineShape {
  const phases: Array<PhaseShape & { lastBatchTask?: number }> = Array.from({ length: 5 }, () => ({
    batches: [],
    inHandler: 0,
    timers: 0,
  }));
  let phase = 0;
  let inUpdate = false;
  for (const e of history.events ?? []) {
    // the rating: the signal after the close (the first message is a signal too, or in the start's input)
    if (e.workflowExecutionSignaledEventAttributes && phase === 3) phase = 4;
    if (e.workflowExecutionUpdateAcceptedEventAttributes) {
      phase = Math.min(phase + 1, 3);
      inUpdate = true;
    }
    if (e.workflowExecutionUpdateCompletedEventAttributes) inUpdate = false;
    const current = phases[phase]!;
    if (e.timerStartedEventAttributes) current.timers++;
    const scheduled = e.activityTaskScheduledEventAttributes;
    const local = localActivityOf(e);
    if (local) {
      current.lastBatchTask = undefined; // a remote batch after it is a batch of its own
      current.local = [...(current.local ?? Array<boolean>(current.batches.length).fill(false)), true];
      current.batches.push(1);
      if (inUpdate) current.inHandler = current.batches.length;
      if ((phase === 0 && local.type === offerActivity) || (phase === 3 && local.type === ratingActivity))
        current.notifyAt ??= current.batches.length - 1;
    }
    if (scheduled) {
      const task = num(scheduled.workflowTaskCompletedEventId);
      if (current.lastBatchTask !== task) {
        current.batches.push(0);
        current.local?.push(false);
        current.lastBatchTask = task;
        if (inUpdate) current.inHandler = current.batches.length;
      }
      current.batches[current.batches.length - 1]!++;
      const type = scheduled.activityType?.name;
      if ((phase === 0 && type === offerActivity) || (phase === 3 && type === ratingActivity))
        current.notifyAt ??= current.batches.length - 1;
    }
  }
  return {
    phases: phases.map(({ lastBatchTask: _, ...p }, index) => ({
      ...p,
      // signal phases run in the main loop, all of it before the driver hears of the phase's end
      inHandler: index === 0 || index === 4 ? p.batches.length : p.inHandler,
      ...(index === 4 ? { notifyAt: Math.max(0, p.batches.length - 1) } : {}),
      ...(index === 0 || index === 3 ? { notifyAt: p.notifyAt ?? Math.max(0, p.batches.length - 1) } : {}),
    })),
  };
}

export interface TimerLateness {
  /** when the timer was due: TimerStarted + its duration */
  dueAt: number;
  /** TimerFired − due: how late Temporal's timer queue fired it */
  serverLateMs: number;
  /** the next WorkflowTaskStarted − due: how late the worker began acting on it */
  workerLateMs: number;
}

/** Every timer of `durationMs` that fired in the history, with how late it fired and was acted on. */
export function firedTimers(history: History, durationMs: number): TimerLateness[] {
  const events = history.events ?? [];
  const started = new Map<string, { at: number; duration: number }>();
  const out: TimerLateness[] = [];
  events.forEach((e, index) => {
    const start = e.timerStartedEventAttributes;
    if (start) started.set(start.timerId!, { at: eventTime(e), duration: ms(start.startToFireTimeout) });
    const fired = e.timerFiredEventAttributes;
    if (!fired) return;
    const timer = started.get(fired.timerId!);
    if (!timer || Math.abs(timer.duration - durationMs) > 1) return;
    const dueAt = timer.at + timer.duration;
    const acted = events.slice(index + 1).find((next) => next.workflowTaskStartedEventAttributes);
    out.push({
      dueAt,
      serverLateMs: eventTime(e) - dueAt,
      workerLateMs: acted ? eventTime(acted) - dueAt : NaN,
    });
  });
  return out;
}
