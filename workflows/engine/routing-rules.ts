import type { LineSettings } from '../../schemas/generated/line-settings';

/**
 * Every routing rule of Lineflow, as pure functions over plain data (docs/product.md §3.1–3.3): who is available,
 * what counts toward a load limit, whom a dialog is offered to and whether it may go ahead of dialogs
 * waiting longer, who may accept, take over, handle or be handed a dialog. The dialog workflow's
 * validators, the database activities (inside their locking transaction), the API and the simulator's
 * desk all call these; none of them decides a rule of its own.
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

/** The availability rules of a line at an instant (ms since the epoch). */
export function availabilityRules(line: LineSettings, at: number): AvailabilityRules {
  return { timeTracking: line.queue?.timeTracking ?? false, today: dateIn(line.timeZone ?? 'UTC', at) };
}

/** Why an operator is not available (docs/product.md §3.2), in the order the rule asks. */
export type Unavailability = 'fired' | 'vacation' | 'workdayNotStarted' | 'offline';

/**
 * docs/product.md §3.2: not fired, not on vacation today, and a started workday (time tracking) or
 * online. Null: available.
 */
export function unavailability(operator: QueueOperator, rules: AvailabilityRules): Unavailability | null {
  if (operator.fired) return 'fired';
  if (operator.vacations.some((v) => v.from <= rules.today && rules.today <= v.to)) return 'vacation';
  if (rules.timeTracking) return operator.workdayState === 'started' ? null : 'workdayNotStarted';
  return operator.online ? null : 'offline';
}

export function isAvailable(operator: QueueOperator, rules: AvailabilityRules): boolean {
  return unavailability(operator, rules) === null;
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
  // An open dialog reads `closed` only between its operator's close and the end of the flow's reaction
  // to it (db/dialog-writes.ts `holdPlace`): about to await its rating, it counts as awaiting it.
  const awaitingRating = dialog.status === 'closed_awaiting_rating' || dialog.status === 'closed';
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

/** Why a queue step passed an operator by. */
export type SkipReason = Unavailability | 'atLimit' | 'alreadyTried';

export interface SkippedOperator {
  operatorId: string;
  reason: SkipReason;
}

/** A queue step's choice and whom it passed by, and why (the designer's "Try it" shows them). */
export interface ExplainedChoice {
  choice: QueueChoice;
  /** operators that could not be offered the dialog at this step, in queue order */
  skipped: SkippedOperator[];
}

/**
 * Why an operator cannot be offered the dialog at this step (null: they can): already offered it this
 * round, not available (when the queue checks), or at their load limit.
 */
export function skipReason(
  operator: QueueOperator,
  request: QueueRequest,
  line: LineSettings,
  rules: AvailabilityRules,
): SkipReason | null {
  if (request.tried.includes(operator.id)) return 'alreadyTried';
  const away = request.checkAvailability ? unavailability(operator, rules) : null;
  if (away) return away;
  return hasRoom(operator, line) ? null : 'atLimit';
}

/**
 * Picks whom to offer the dialog to, saying whom it passed by. `operators` come in queue order. A
 * returning client's responsible operator, when available with room, is offered the dialog alone
 * first; then strict: the first untried one with room; evenly: the one with the lowest load, then the
 * longest since their last assignment; all: every untried one with room at once.
 */
export function explainChoice(
  request: QueueRequest,
  operators: readonly QueueOperator[],
  line: LineSettings,
  rules: AvailabilityRules,
  /** the returning client's responsible operator (docs/product.md §3.4): offered alone at the start of a round */
  preferred: string | null = null,
): ExplainedChoice {
  const skipped: SkippedOperator[] = [];
  const withRoom: QueueOperator[] = [];
  /** untried and available (or not checked): those who could take the dialog this round */
  let candidates = 0;
  for (const o of operators) {
    const reason = skipReason(o, request, line, rules);
    if (reason === null || reason === 'atLimit') candidates++;
    if (reason === null) withRoom.push(o);
    else skipped.push({ operatorId: o.id, reason });
  }
  const decided = (choice: QueueChoice): ExplainedChoice => ({ choice, skipped });
  if (!candidates) return decided({ kind: 'exhausted' });
  if (!withRoom.length) return decided({ kind: 'busy' });
  if (preferred !== null && request.tried.length === 0 && withRoom.some((o) => o.id === preferred))
    return decided({ kind: 'offer', operatorIds: [preferred] });
  if (request.mode === 'all') return decided({ kind: 'offer', operatorIds: withRoom.map((o) => o.id) });
  if (request.mode === 'strict') return decided({ kind: 'offer', operatorIds: [withRoom[0]!.id] });
  const [next] = [...withRoom].sort(
    (a, b) =>
      a.load - b.load ||
      (a.lastAssignedAt ?? -Infinity) - (b.lastAssignedAt ?? -Infinity) ||
      withRoom.indexOf(a) - withRoom.indexOf(b),
  );
  return decided({ kind: 'offer', operatorIds: [next!.id] });
}

/** Picks whom to offer the dialog to (see `explainChoice`, which also says whom it passed by). */
export function chooseOperators(
  request: QueueRequest,
  operators: readonly QueueOperator[],
  line: LineSettings,
  rules: AvailabilityRules,
  preferred: string | null = null,
): QueueChoice {
  return explainChoice(request, operators, line, rules, preferred).choice;
}

/** At (or over) their load limit: no room for one more dialog. */
export const isAtLimit = (operator: QueueOperator, line: LineSettings): boolean => !hasRoom(operator, line);

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

/** Who acts on a dialog, as far as the rules care. */
export interface RoutingActor {
  operatorId: string;
  role: 'admin' | 'supervisor' | 'operator';
}

/** What the rules read of one dialog: who has it and who holds an offer of it. */
export interface DialogHolders {
  responsibleOperatorId: string | null;
  /** operators holding an offer right now ([] when nobody does: no queue, exhausted, between steps) */
  offeredTo: readonly string[];
}

/** Every reason an inbox action is refused with (rules, validators, activities): the API answers 409 with it. */
export const REFUSALS = {
  alreadyTaken: 'the dialog is already taken by another operator',
  offeredToAnother: 'the dialog is offered to another operator',
  takenMeanwhile: 'another operator accepted the dialog meanwhile; look again before taking it over',
  notSupervising: 'only a supervisor can take a dialog over',
  alreadyTheirs: 'that operator already has the dialog',
  unknownOperator: 'unknown operator',
  atLimit: (limit: number | null) => `you are at your limit of ${limit} open dialogs`,
  colleagueAtLimit: (limit: number | null) => `that operator is at their limit of ${limit} open dialogs`,
  mustHandle: (what: string) => `only the responsible operator or a supervisor can ${what}`,
  stillOpening: 'the dialog is still opening; try again',
  closed: 'the dialog is closed',
  movingLine: 'the dialog is moving to another line; try again in a moment',
  acceptBeforeAnswering: 'accept the dialog before answering',
  onlyResponsiblePins: 'only the responsible operator can pin',
  onlySupervisorsRate: 'only a supervisor can rate a dialog',
  notOnLine: (operatorId: string) => `operator ${operatorId} does not work on this dialog's line`,
  noSuchLine: (lineId: string) => `there is no line ${lineId}`,
} as const;

/** Supervisors and admins supervise: they may take over, accept unoffered dialogs and rate. */
export const isSupervising = (actor: Pick<RoutingActor, 'role'>): boolean =>
  actor.role === 'supervisor' || actor.role === 'admin';

/**
 * May this actor accept the dialog now? Someone else responsible: no. Someone holds an offer: only a
 * holder (or a supervisor). Nobody holds one (the queue is exhausted, the flow has none): anyone of the
 * line — it is "unanswered" for everyone. Accepting one's own dialog again is a no-op, not a refusal.
 * The load limit is checked by the activity, which sees every dialog's load under its locks.
 */
export function acceptRefusal(dialog: DialogHolders, actor: RoutingActor): string | null {
  if (dialog.responsibleOperatorId === actor.operatorId) return null;
  if (dialog.responsibleOperatorId !== null) return REFUSALS.alreadyTaken;
  if (dialog.offeredTo.length && !dialog.offeredTo.includes(actor.operatorId) && !isSupervising(actor))
    return REFUSALS.offeredToAnother;
  return null;
}

/**
 * A supervisor takes the dialog over from whoever had it when they asked (`seen`). If an operator
 * accepted it while the take waited its turn, the supervisor decided on a dialog that is no longer
 * there: refuse, so exactly one of racing accept and take wins.
 */
export function takeRefusal(
  dialog: DialogHolders,
  actor: RoutingActor,
  seen: string | null = dialog.responsibleOperatorId,
): string | null {
  if (!isSupervising(actor)) return REFUSALS.notSupervising;
  if (dialog.responsibleOperatorId !== seen && dialog.responsibleOperatorId !== actor.operatorId)
    return REFUSALS.takenMeanwhile;
  return null;
}

/** Closing, spam, transfer, invite, CRM: the responsible operator or a supervisor. */
export function handleRefusal(dialog: DialogHolders, actor: RoutingActor, what: string): string | null {
  return dialog.responsibleOperatorId === actor.operatorId || isSupervising(actor)
    ? null
    : REFUSALS.mustHandle(what);
}

/** A colleague the dialog is handed or shown to (transfer, invite) must not be the one who has it. */
export function colleagueRefusal(dialog: DialogHolders, colleagueId: string): string | null {
  return colleagueId === dialog.responsibleOperatorId ? REFUSALS.alreadyTheirs : null;
}

/**
 * Room for one more dialog under the operator's limit, or the refusal that says there is none (to the
 * operator accepting, or, `colleague`, to the one handing it to them).
 */
export function roomRefusal(
  operator: QueueOperator | undefined,
  line: LineSettings,
  whose: 'mine' | 'colleague' = 'mine',
): string | null {
  if (!operator) return REFUSALS.unknownOperator;
  if (hasRoom(operator, line)) return null;
  const limit = limitOf(operator, line);
  return whose === 'mine' ? REFUSALS.atLimit(limit) : REFUSALS.colleagueAtLimit(limit);
}

/**
 * One step of a queue: whom to offer the dialog to now, given the operators (queue order), the line,
 * and the dialogs of the line that have waited longer for room. An offer that would take the last free
 * places from older waiting dialogs becomes `busy` (no starvation), so every host decides alike.
 */
export function decideOffer(
  request: QueueRequest,
  operators: readonly QueueOperator[],
  line: LineSettings,
  rules: AvailabilityRules,
  preferred: string | null,
  olderWaiting: readonly WaitingDialog[],
): QueueChoice {
  return explainOffer(request, operators, line, rules, preferred, olderWaiting).choice;
}

/** `decideOffer`, saying whom the step passed by and why. */
export function explainOffer(
  request: QueueRequest,
  operators: readonly QueueOperator[],
  line: LineSettings,
  rules: AvailabilityRules,
  preferred: string | null,
  olderWaiting: readonly WaitingDialog[],
): ExplainedChoice {
  const explained = explainChoice(request, operators, line, rules, preferred);
  const { choice } = explained;
  if (choice.kind !== 'offer') return explained;
  const chosen = operators.filter((o) => choice.operatorIds.includes(o.id));
  return mayTakeBeforeOlder(chosen, line, olderWaiting)
    ? explained
    : { ...explained, choice: { kind: 'busy' } };
}
