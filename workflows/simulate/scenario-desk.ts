import type { LineSettings } from '../../schemas/generated/line-settings';
import type { OfferAnswer } from '../engine/engine-host';
import {
  acceptRefusal,
  availabilityRules,
  explainOffer,
  REFUSALS,
  roomRefusal,
  type QueueOperator,
  type QueueRequest,
  type RoutingActor,
  type SkippedOperator,
} from '../engine/routing-rules';

/** A logged instant as whole seconds from the start, to the nearest 5 (see RoutingLogEntry.at). */
export function secondsFrom<T extends { at: number }>(start: number, entry: T): T {
  return { ...entry, at: Math.round((entry.at - start) / 5000) * 5 };
}

/**
 * The operators' side of one simulated dialog: who is there, their loads, the dialog's offers and who
 * accepted it. It decides nothing itself: it asks the routing rules (engine/routing-rules.ts) the
 * workflow and the database activities ask, so a scenario routes alike on the simulator and on the
 * Temporal host (whose test activities call this desk). It logs every routing event for the scenario's expected outcome.
 */
export interface ScenarioOperator {
  id: string;
  online?: boolean;
  fired?: boolean;
  workdayState?: QueueOperator['workdayState'];
  vacations?: QueueOperator['vacations'];
  maxOpenDialogs?: number | null;
  /** other dialogs of theirs that count toward the limit */
  openDialogs?: number;
}

export interface RoutingLogEntry {
  /**
   * Seconds from the dialog's start, to the nearest 5: on the time-skipping server real time passes
   * while activities run, so a long scenario's timers fire a second or two after the simulator's.
   */
  at: number;
  event: 'offered' | 'withdrawn' | 'accepted' | 'refused';
  operatorIds: string[];
  reason?: string;
}

/**
 * A routing event as the designer's dry run shows it: exact ms from the start, and for each queue step
 * whom it passed by and why (the routing rules' own explanation, `explainOffer`). Besides the log's
 * events: `waiting` (everyone who could take the dialog is at their limit) and `exhausted` (nobody is
 * left to offer it to this round), logged once until the decision changes.
 */
export interface RoutingTraceEntry {
  at: number;
  event: RoutingLogEntry['event'] | 'waiting' | 'exhausted';
  operatorIds: string[];
  reason?: string;
  skipped?: SkippedOperator[];
}

/** The refusal both hosts give a second accept (the workflow's validator says the same). */
export const ALREADY_TAKEN = REFUSALS.alreadyTaken;

export class ScenarioDesk {
  /** what both hosts log alike (test/scenarios/*.json `routing`) */
  readonly log: RoutingLogEntry[] = [];
  /** the same events in ms, with each step's skipped operators, plus the steps that offered nobody */
  readonly trace: RoutingTraceEntry[] = [];
  private readonly operators: QueueOperator[];
  private offers: string[] = [];
  private responsible: string | null = null;

  constructor(
    operators: readonly ScenarioOperator[],
    private readonly settings: LineSettings,
    private readonly start: number,
    /** the client's responsible operator, when they are a returning client */
    private readonly preferred: string | null = null,
  ) {
    this.operators = operators.map((o) => ({
      id: o.id,
      fired: o.fired ?? false,
      online: o.online ?? true,
      workdayState: o.workdayState ?? 'stopped',
      vacations: o.vacations ?? [],
      maxOpenDialogs: o.maxOpenDialogs ?? null,
      load: o.openDialogs ?? 0,
      lastAssignedAt: null,
    }));
  }

  offer(request: QueueRequest, at: number): OfferAnswer {
    if (this.responsible) return { kind: 'assigned', operatorId: this.responsible };
    if (this.offers.length) return { kind: 'offer', operatorIds: [...this.offers] };
    const rules = availabilityRules(this.settings, at);
    // one dialog per scenario: no other dialog waits in line before it
    const { choice, skipped } = explainOffer(
      request,
      this.operators,
      this.settings,
      rules,
      this.preferred,
      [],
    );
    if (choice.kind === 'offer') {
      this.offers = choice.operatorIds;
      this.changeLoad(this.offers, +1);
      this.note(at, 'offered', this.offers, undefined, skipped);
    } else {
      const event = choice.kind === 'busy' ? 'waiting' : 'exhausted';
      const last = this.trace.at(-1);
      const same = last?.event === event && JSON.stringify(last.skipped) === JSON.stringify(skipped);
      if (!same) this.trace.push({ at: at - this.start, event, operatorIds: [], skipped });
    }
    return choice;
  }

  withdraw(at: number): { assignedTo: string | null; released: string[] } {
    const released = this.offers;
    this.offers = [];
    this.changeLoad(released, -1);
    if (!this.responsible && released.length) this.note(at, 'withdrawn', released);
    return { assignedTo: this.responsible, released };
  }

  /** An operator accepts; throws the reason when they may not (the caller logs it: `refused`). */
  assign(actor: RoutingActor, at: number): void {
    const { operatorId } = actor;
    if (this.responsible === operatorId) return;
    const me = this.operators.find((o) => o.id === operatorId);
    const refusal =
      acceptRefusal({ responsibleOperatorId: this.responsible, offeredTo: this.offers }, actor) ??
      this.roomRefusalFor(operatorId, 'mine');
    if (refusal) throw new Error(refusal);
    this.changeLoad(this.offers, -1);
    this.offers = [];
    this.responsible = operatorId;
    this.changeLoad([operatorId], +1);
    me!.lastAssignedAt = at;
    this.note(at, 'accepted', [operatorId]);
  }

  /**
   * The dialog is handed to a colleague (the flow's transfer node): they have it as if they had
   * accepted it, when they have room under their limit; else the reason is logged and thrown.
   */
  transferTo(operatorId: string, at: number): void {
    if (this.responsible === operatorId) return;
    const refusal = this.roomRefusalFor(operatorId, 'colleague');
    if (refusal) {
      this.note(at, 'refused', [operatorId], refusal);
      throw new Error(refusal);
    }
    this.changeLoad(this.offers, -1);
    this.offers = [];
    if (this.responsible) this.changeLoad([this.responsible], -1);
    this.responsible = operatorId;
    this.changeLoad([operatorId], +1);
    this.note(at, 'accepted', [operatorId]);
  }

  /** Who has the dialog, else the first who holds an offer of it; null: nobody. */
  holder(): string | null {
    return this.responsible ?? this.offers[0] ?? null;
  }

  /** A supervisor takes the dialog over (the workflow has checked they may): no limit applies. */
  takeOver(operatorId: string, at: number): void {
    this.changeLoad(this.offers, -1);
    this.offers = [];
    this.responsible = operatorId;
    this.note(at, 'accepted', [operatorId]);
  }

  /** An accept was refused, by this desk or by the workflow's validator. */
  refused(operatorId: string, reason: string, at: number): void {
    this.note(at, 'refused', [operatorId], reason);
  }

  /** Another of the operator's dialogs opened or closed. */
  setOpenDialogs(operatorId: string, openDialogs: number): void {
    const operator = this.operators.find((o) => o.id === operatorId);
    const here = this.offers.includes(operatorId) || this.responsible === operatorId ? 1 : 0;
    if (operator) operator.load = openDialogs + here;
  }

  /** Room for this dialog under the operator's limit (their own offer of it does not count twice). */
  private roomRefusalFor(operatorId: string, whose: 'mine' | 'colleague'): string | null {
    const operator = this.operators.find((o) => o.id === operatorId);
    const mine = this.offers.includes(operatorId) ? 1 : 0;
    return roomRefusal(operator && { ...operator, load: operator.load - mine }, this.settings, whose);
  }

  private changeLoad(operatorIds: readonly string[], by: number): void {
    for (const o of this.operators) if (operatorIds.includes(o.id)) o.load += by;
  }

  private note(
    at: number,
    event: RoutingLogEntry['event'],
    operatorIds: string[],
    reason?: string,
    skipped?: SkippedOperator[],
  ): void {
    const why = reason ? { reason } : {};
    this.log.push(secondsFrom(this.start, { at, event, operatorIds: [...operatorIds], ...why }));
    this.trace.push({
      at: at - this.start,
      event,
      operatorIds: [...operatorIds],
      ...why,
      ...(skipped ? { skipped } : {}),
    });
  }
}
