import type { DialogSummary, Line } from '../api';
import { parseLineDuration } from '../app/format';
import { isOpenStatus } from './dialog-views';

export type KpiClock = 'firstAnswer' | 'answer';

export interface KpiState {
  clock: KpiClock;
  /** ms left before the threshold (negative: over it) */
  leftMs: number;
  thresholdMs: number;
  level: 'ok' | 'soon' | 'breached';
}

/**
 * Where the dialog's running KPI clock stands (README "KPI"): the first-answer clock runs from the
 * dialog's start until the first answer; later, the answer clock from the client's first unanswered
 * message. No clock runs on a closed dialog, or when the line sets no threshold for it.
 */
export function kpiState(
  dialog: Pick<DialogSummary, 'status' | 'kpi' | 'createdAt' | 'waitingSince'>,
  settings: Line['settings'] | undefined,
  now: number,
): KpiState | null {
  if (!isOpenStatus(dialog.status)) return null;
  const clock: KpiClock = dialog.kpi.firstAnswerMs === null ? 'firstAnswer' : 'answer';
  const since = clock === 'firstAnswer' ? dialog.createdAt : dialog.waitingSince;
  const thresholdMs = parseLineDuration(settings?.kpi?.[clock]?.threshold);
  if (!since || !thresholdMs) return null;
  const leftMs = thresholdMs - (now - Date.parse(since));
  const level = leftMs < 0 ? 'breached' : leftMs <= Math.min(60_000, thresholdMs / 4) ? 'soon' : 'ok';
  return { clock, leftMs, thresholdMs, level };
}

/** Since when the client waits: their first unanswered message, or the start of a dialog nobody answered. */
export function waitingSince(
  dialog: Pick<DialogSummary, 'status' | 'kpi' | 'createdAt' | 'waitingSince'>,
): string | null {
  if (!isOpenStatus(dialog.status)) return null;
  return dialog.waitingSince ?? (dialog.kpi.firstAnswerMs === null ? dialog.createdAt : null);
}
