import type { LineSettings } from '../../schemas/generated/line-settings';

/**
 * Who gets a dialog next (docs/product.md §3.1–3.3), as pure functions over plain data. The database activities
 * call them inside their locking transaction; the simulator calls them on its in-memory desk, so both
 * hosts route by the same rules.
 */
export type QueueMode = 'strict' | 'evenly' | 'all';
export type LoadExclusion = NonNullable<NonNullable<LineSettings['loadLimit']>['exclude']>[number];

/** An operator of the queue as the routing sees them at one instant. */
export interface QueueOperator {
  id: string;
  fired: boolean;
  online: boolean;
  workdayState: 'started' | 'paused' | 'stopped';
  /** vacations as inclusive ISO date ranges ("2026-07-01") */
  vacations: Array<{ from: string; to: string }>;
  /** the operator's own cap, which wins over the line's */
  maxOpenDialogs: number | null;
  /** dialogs that count toward the limit right now (see `countsTowardLoad`) */
  load: number;
  /** ms since the epoch of the last dialog assigned to them; null: never */
  lastAssignedAt: number | null;
}

export interface AvailabilityRules {
  /** when on, an operator needs a started workday; otherwise being online */
  timeTracking: boolean;
  /** today's date in the line's time zone, "YYYY-MM-DD" */
  today: string;
}

/** docs/product.md §3.2: not fired, not on vacation today, and a started workday (time tracking) or online. */
export function isAvailable(operator: QueueOperator, rules: AvailabilityRules): boolean {
  if (operator.fired) return false;
  if (operator.vacations.some((v) => v.from <= rules.today && rules.today <= v.to)) return false;
  return rules.timeTracking ? operator.workdayState === 'started' : operator.online;
}

/** The dialog facts the load limit looks at. */
export interface AssignedDialog {
  status: string;
  /** the operator has answered in it at least once */
  answered: boolean;
}

/**
 * docs/product.md §3.3: does this open dialog of an operator count toward their limit, given what the line
 * excludes? `answered`: answered at least once (and closed awaiting rating); `waiting_client`: waiting
 * for the client (and closed awaiting rating); `closed`: closed awaiting rating.
 */
export function countsTowardLoad(dialog: AssignedDialog, exclude: readonly LoadExclusion[]): boolean {
  const awaitingRating = dialog.status === 'closed_awaiting_rating';
  if (exclude.includes('answered') && (dialog.answered || awaitingRating)) return false;
  if (exclude.includes('waiting_client') && (dialog.status === 'waiting_client' || awaitingRating))
    return false;
  if (exclude.includes('closed') && awaitingRating) return false;
  return true;
}

/** The limit that applies to an operator on a line: their own, else the line's (when switched on). */
export function limitOf(operator: QueueOperator, line: LineSettings): number | null {
  if (operator.maxOpenDialogs !== null) return operator.maxOpenDialogs;
  return line.loadLimit?.enabled ? (line.loadLimit.max ?? null) : null;
}

export type QueueChoice =
  /** offer to these operators now */
  | { kind: 'offer'; operatorIds: string[] }
  /** someone untried could take it, but nobody has room: wait until capacity frees */
  | { kind: 'busy' }
  /** everyone who could take it was tried this round (or nobody can take it at all) */
  | { kind: 'exhausted' };

export interface QueueRequest {
  mode: QueueMode;
  checkAvailability: boolean;
  /** operators already offered the dialog in this round */
  tried: readonly string[];
}

/**
 * Picks whom to offer the dialog to. `operators` come in queue order. A returning client's
 * responsible operator, when available with room, is offered the dialog alone first; then strict: the
 * first untried one with room; evenly: the one with the lowest load, then the longest since their last
 * assignment; all: every untried one with room at once.
 */
export function chooseOperators(
  request: QueueRequest,
  operators: readonly QueueOperator[],
  line: LineSettings,
  rules: AvailabilityRules,
  /** the returning client's responsible operator (docs/product.md §3.4): offered alone at the start of a round */
  preferred: string | null = null,
): QueueChoice {
  const candidates = operators.filter(
    (o) => !request.tried.includes(o.id) && (!request.checkAvailability || isAvailable(o, rules)),
  );
  if (!candidates.length) return { kind: 'exhausted' };
  const withRoom = candidates.filter((o) => hasRoom(o, line));
  if (!withRoom.length) return { kind: 'busy' };
  if (preferred !== null && request.tried.length === 0 && withRoom.some((o) => o.id === preferred))
    return { kind: 'offer', operatorIds: [preferred] };
  if (request.mode === 'all') return { kind: 'offer', operatorIds: withRoom.map((o) => o.id) };
  if (request.mode === 'strict') return { kind: 'offer', operatorIds: [withRoom[0]!.id] };
  const [next] = [...withRoom].sort(
    (a, b) =>
      a.load - b.load ||
      (a.lastAssignedAt ?? -Infinity) - (b.lastAssignedAt ?? -Infinity) ||
      withRoom.indexOf(a) - withRoom.indexOf(b),
  );
  return { kind: 'offer', operatorIds: [next!.id] };
}

export function hasRoom(operator: QueueOperator, line: LineSettings): boolean {
  const limit = limitOf(operator, line);
  return limit === null || operator.load < limit;
}

/** A dialog of the line that waits for an operator to have room, oldest first. */
export interface WaitingDialog {
  dialogId: string;
  since: number;
  tried: readonly string[];
}

/**
 * Oldest first (no starvation): may a dialog that would get `chosen` take them, or must it let dialogs
 * that have waited longer go first? It may when the chosen operators have more free places than there
 * are older waiting dialogs that could use them.
 */
export function mayTakeBeforeOlder(
  chosen: readonly QueueOperator[],
  line: LineSettings,
  olderWaiting: readonly WaitingDialog[],
): boolean {
  const free = chosen.reduce((sum, o) => {
    const limit = limitOf(o, line);
    return sum + (limit === null ? Infinity : Math.max(0, limit - o.load));
  }, 0);
  const competing = olderWaiting.filter((w) => chosen.some((o) => !w.tried.includes(o.id))).length;
  return free > competing;
}

/** "YYYY-MM-DD" of an instant in a time zone (Intl; available in workflows and in Node alike). */
export function dateIn(timeZone: string, at: number): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}
