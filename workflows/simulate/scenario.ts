import type { Flow } from '../../schemas/generated/flow';
import { durationMs } from '../../schemas/durations';
import { FlowEngine } from '../engine/interpreter';
import type { EngineEvent, EngineFacts, KpiName, TimelineEntry } from '../engine/engine-host';
import { rulesOf } from '../engine/rules';
import type { LineSettings } from '../../schemas/generated/line-settings';
import { ScenarioDesk, secondsFrom, type RoutingLogEntry, type ScenarioOperator } from './scenario-desk';
import { VirtualHost } from './virtual-host';
import {
  INITIAL_STATUS,
  statusAfter,
  type DialogEvent,
  type DialogStatus,
  type EndingStatus,
} from '../engine/dialog-status';

/**
 * A scenario: a flow, a script of what happens in the dialog and when, and what the flow must do.
 * test/scenarios/*.json play on this simulator and on the Temporal host alike.
 */
export interface ScenarioEvent {
  /** when, from the dialog's start: "0s", "5m", "2h" */
  at: string;
  type:
    | Extract<EngineEvent, 'client.message' | 'rating.received'>
    /** an operator presses accept / sends an answer / closes */
    | 'operator.accept'
    | 'operator.message'
    | 'operator.close'
    /** another dialog of the operator's opened or closed: their load is now `openDialogs` */
    | 'operator.load';
  text?: string;
  rating?: 'like' | 'dislike' | number;
  operator?: string;
  openDialogs?: number;
  /** operator.message: an internal note the client does not see */
  hidden?: boolean;
}

export interface Scenario {
  name: string;
  flow: Flow;
  facts?: Partial<EngineFacts>;
  clientName?: string;
  /** what each catalog activity answers (the same on both hosts) */
  activityResults?: Record<string, unknown>;
  /** answers given one per call, in order, before falling back to `activityResults` */
  activityResultSequences?: Record<string, unknown[]>;
  /** activities that fail for good, with their error message */
  activityFailures?: Record<string, string>;
  /** other lines' flows, by line id, for transfers to a line */
  lines?: Record<string, Flow>;
  /** the line's operators, in queue order (when its settings name no queue) */
  operators?: ScenarioOperator[];
  /** the line's settings (load limit, time tracking, time zone) */
  line?: LineSettings;
  /** a returning client's responsible operator */
  clientResponsible?: string;
  events: ScenarioEvent[];
  /** how long to run, from the start */
  runFor: string;
  expect: ScenarioOutcome;
}

/** One path of the flow: the trigger that started it and each node it passed as "id:outcome". */
export interface PathOutcome {
  trigger: string;
  nodes: string[];
}

export interface ScenarioOutcome {
  paths: PathOutcome[];
  variables: Record<string, unknown>;
  tags: string[];
  status: string | null;
  activityCalls: Array<{ name: string; input: Record<string, unknown> }>;
  /** offers, withdrawals, accepts and refusals, when the scenario has operators */
  routing?: RoutingLogEntry[];
  /** KPI breaches (seconds from the start, to the nearest 5), when the line has KPI thresholds */
  kpiBreaches?: Array<{ at: number; kpi: KpiName }>;
}

export const DEFAULT_FACTS: EngineFacts = {
  channelKind: 'webhook',
  withinWorkingHours: true,
  clientKnown: false,
  firstContact: true,
};

export const SCENARIO_DIALOG = {
  id: 'scenario-dialog',
  lineId: 'scenario-line',
  channelId: 'scenario-channel',
};

/** Groups a timeline into the paths that produced it, in the order the paths started. */
export function pathsOf(timeline: readonly TimelineEntry[]): PathOutcome[] {
  const paths = new Map<number, PathOutcome>();
  for (const entry of timeline) {
    const path = paths.get(entry.pathId) ?? { trigger: entry.trigger, nodes: [] };
    path.nodes.push(`${entry.nodeId}:${entry.outcome ?? 'end'}`);
    paths.set(entry.pathId, path);
  }
  return [...paths.entries()].sort(([a], [b]) => a - b).map(([, path]) => path);
}

/** Scenarios start on a Monday at 09:00 UTC, so working hours and weekdays mean the same on any host. */
export const SCENARIO_START = Date.UTC(2026, 0, 5, 9, 0, 0);
const WEEK_MS = 7 * 86_400_000;

/** The first instant at or after `now` that falls on the same weekday and time as SCENARIO_START. */
export function nextScenarioStart(now: number): number {
  return SCENARIO_START + Math.ceil((now - SCENARIO_START) / WEEK_MS) * WEEK_MS;
}

/** A scenario without its expected outcome: what the designer's dry run plays. */
export type ScenarioScript = Omit<Scenario, 'name' | 'expect'>;

/** Everything one play of a scenario left behind, for the tests' outcome and the designer's dry run. */
export interface ScenarioRun {
  start: number;
  host: VirtualHost;
  desk: ScenarioDesk;
  engine: FlowEngine;
  /** catalog activity calls with their instant (epoch ms) */
  calls: Array<{ name: string; input: Record<string, unknown>; at: number }>;
  /** the dialog's status as the read model would show it (the status machine fed what happened) */
  dialogStatus: DialogStatus;
}

export async function simulate(scenario: Scenario, start = SCENARIO_START): Promise<ScenarioOutcome> {
  const { host, desk, engine } = await play(scenario, start);
  return {
    paths: pathsOf(host.timeline),
    variables: engine.variables,
    tags: engine.tags,
    status: engine.status,
    activityCalls: host.activityCalls,
    ...(scenario.operators ? { routing: desk.log } : {}),
    ...(scenario.line?.kpi ? { kpiBreaches: host.breaches.map((b) => secondsFrom(start, b)) } : {}),
  };
}

/** Plays a scenario's script on the virtual clock from `start` to `runFor`. */
export async function play(scenario: ScenarioScript, start = SCENARIO_START): Promise<ScenarioRun> {
  let engine: FlowEngine;
  const desk = deskFor(scenario, start);
  const counts = new Map<string, number>();
  const calls: ScenarioRun['calls'] = [];
  let dialogStatus: DialogStatus = INITIAL_STATUS;
  const move = (event: DialogEvent) => (dialogStatus = statusAfter(dialogStatus, event));
  const host: VirtualHost = new VirtualHost(start, {
    offer: (request, at) => {
      const answer = desk.offer(request, at);
      if (answer.kind === 'offer') move({ type: 'offered' });
      return answer;
    },
    withdrawOffer: (at) => {
      const withdrawn = desk.withdraw(at);
      if (withdrawn.assignedTo === null && withdrawn.released.length) move({ type: 'offerWithdrawn' });
      return withdrawn;
    },
    activity: async (name, input) => {
      calls.push({ name, input, at: host.now() });
      const failure = scenario.activityFailures?.[name];
      if (failure) throw new Error(failure);
      // the built-in activity marks the dialog awaiting its rating (docs/flows.md §5.1)
      if (name === 'requestRating') move({ type: 'ratingRequested' });
      return scenarioAnswer(scenario, name, counts);
    },
    transfer: async ({ lineId, operatorId }) => {
      if (lineId === undefined) return desk.transferTo(operatorId!, host.now());
      const flow = scenario.lines?.[lineId];
      if (!flow) throw new Error(`there is no line ${lineId}`);
      return () => {
        engine = new FlowEngine(flow, host, dialog, facts, FlowEngine.handedOver(engine.snapshot()));
        engine.start();
      };
    },
    recorded: (entry) => {
      if (entry.status === 'transferred') move({ type: 'transferred' });
      else if (entry.status) move({ type: 'ended', status: entry.status as EndingStatus });
    },
  });
  const dialog = {
    ...SCENARIO_DIALOG,
    clientName: scenario.clientName ?? null,
    rules: rulesOf(scenario.line ?? {}),
  };
  const facts = { ...DEFAULT_FACTS, ...scenario.facts };
  engine = new FlowEngine(scenario.flow, host, dialog, facts);
  engine.start();
  for (const event of [...scenario.events].sort((a, b) => durationMs(a.at) - durationMs(b.at))) {
    await host.advanceTo(start + durationMs(event.at));
    // A dialog whose flow is over has ended: what the client sends next opens another dialog.
    if (engine.finished) break;
    const now = host.now();
    switch (event.type) {
      case 'client.message':
        move({ type: 'clientWrote' });
        engine.emit('client.message', { text: event.text ?? null });
        break;
      case 'rating.received':
        engine.emit('rating.received', { rating: event.rating });
        break;
      case 'operator.accept': {
        // no operator named: whoever the dialog is offered to (the designer's "any operator")
        const operatorId = event.operator ?? desk.holder() ?? '';
        try {
          desk.assign({ operatorId, role: 'operator' }, now);
          move({ type: 'accepted' });
          engine.emit('dialog.accepted');
        } catch (refusal) {
          desk.refused(operatorId, (refusal as Error).message, now);
        }
        break;
      }
      case 'operator.message':
        if (!event.hidden) move({ type: 'answered' });
        engine.emit('operator.message', { hidden: event.hidden ?? false });
        break;
      case 'operator.close':
        if (engine.status === null) move({ type: 'ended', status: 'closed' });
        engine.closeBy('closed');
        break;
      case 'operator.load':
        desk.setOpenDialogs(event.operator!, event.openDialogs ?? 0);
        engine.capacityFreed();
        break;
    }
  }
  await host.advanceTo(start + durationMs(scenario.runFor));
  return { start, host, desk, engine, calls, dialogStatus };
}

/** The routing desk of a scenario's dialog: its operators under its line settings. */
export function deskFor(scenario: ScenarioScript, start: number): ScenarioDesk {
  const settings = scenario.line ?? {};
  const queue = settings.queue?.operators;
  const operators = scenario.operators ?? [];
  const ordered = queue ? queue.flatMap((id) => operators.filter((o) => o.id === id)) : operators;
  return new ScenarioDesk(ordered, settings, start, scenario.clientResponsible ?? null);
}

/** What a catalog activity answers in a scenario: the next of its sequence, else its one result. */
export function scenarioAnswer(scenario: ScenarioScript, name: string, calls: Map<string, number>): unknown {
  const n = calls.get(name) ?? 0;
  calls.set(name, n + 1);
  const sequence = scenario.activityResultSequences?.[name] ?? [];
  return n < sequence.length ? sequence[n] : (scenario.activityResults?.[name] ?? null);
}
