import type { Flow } from '../../schemas/generated/flow';
import type { LineSettings } from '../../schemas/generated/line-settings';
import type { DialogStatus } from '../engine/dialog-status';
import type { EngineFacts, KpiName } from '../engine/engine-host';
import type { DryRunStep } from './dry-run-step';
import { MAX_SIMULATED_STEPS } from './virtual-host';
import { rulesOf } from '../engine/rules';
import { isWithinWorkingHours } from '../engine/working-hours';
import { play, type ScenarioEvent } from './scenario';
import type { RoutingTraceEntry, ScenarioOperator } from './scenario-desk';

/**
 * The designer's "Try it" (docs/flows.md §8): one dialog played on the virtual clock against a line's
 * real settings and operators, told as the canvas and the side panel show it — the node steps in the
 * order they ran (the shape of designer/src/flow-editor/trail.ts `TrailStep`), the routing with whom
 * each queue step passed by and why, KPI breaches, catalog activity calls and the dialog's status.
 */
export interface DryRunInput {
  flow: Flow;
  line: LineSettings;
  /** the line's queue operators, in queue order, as this run should see them */
  operators: ScenarioOperator[];
  events: ScenarioEvent[];
  facts?: Partial<EngineFacts>;
  /** what catalog activities answer (null for any not named) */
  activityResults?: Record<string, unknown>;
  runFor: string;
  /** the dialog's first instant (epoch ms); see `dryRunStart` */
  start: number;
}

export type { DryRunStep } from './dry-run-step';

export interface DryRunResult {
  steps: DryRunStep[];
  /** ms from the start */
  routing: RoutingTraceEntry[];
  kpiBreaches: Array<{ at: number; kpi: KpiName }>;
  activityCalls: Array<{ name: string; input: Record<string, unknown>; at: number }>;
  status: DialogStatus;
  variables: Record<string, unknown>;
  tags: string[];
}

/** The dry run was stopped at MAX_SIMULATED_STEPS: the flow loops (with time passing) too often. */
export class SimulationTooLong extends Error {
  constructor() {
    super(
      `the run took more than ${MAX_SIMULATED_STEPS} steps and was stopped: a loop in the flow comes round too often (a short wait or delay in a cycle); run it for less time or wait longer in the loop`,
    );
    this.name = 'SimulationTooLong';
  }
}

export async function dryRun(input: DryRunInput): Promise<DryRunResult> {
  const { start } = input;
  const run = await play(
    {
      flow: input.flow,
      line: input.line,
      operators: input.operators,
      events: input.events,
      runFor: input.runFor,
      ...(input.facts ? { facts: input.facts } : {}),
      ...(input.activityResults ? { activityResults: input.activityResults } : {}),
    },
    start,
  );
  if (run.host.stepLimitReached) throw new SimulationTooLong();
  const steps: DryRunStep[] = run.host.timeline.map((entry) => ({
    nodeId: entry.nodeId,
    outcome: entry.outcome,
    at: entry.at - start,
    pathId: entry.pathId,
    trigger: entry.trigger,
    ...(entry.error !== undefined ? { error: entry.error } : {}),
  }));
  // Paths still waiting in a node (a queue nobody accepted, a wait) end the trail there: no node before
  // it took time, so the path came in when its step before finished.
  const parked = Object.entries(run.engine.snapshot().parked ?? {}).map(([id, p]) => ({
    id: Number(id),
    ...p,
  }));
  for (const path of parked.sort((a, b) => a.id - b.id)) {
    const before = steps.filter((s) => s.pathId === path.id).at(-1);
    steps.push({
      nodeId: path.nodeId,
      outcome: null,
      at: before?.at ?? 0,
      pathId: path.id,
      trigger: path.trigger,
      waiting: true,
    });
  }
  return {
    // the timeline is in time order already; a waiting step goes where its path came into the node
    steps: steps.sort((a, b) => a.at - b.at),
    routing: run.desk.trace,
    kpiBreaches: run.host.breaches.map((b) => ({ at: b.at - start, kpi: b.kpi })),
    activityCalls: run.calls.map((c) => ({ ...c, at: c.at - start })),
    status: run.dialogStatus,
    variables: run.engine.variables,
    tags: run.engine.tags,
  };
}

const QUARTER_HOUR = 15 * 60_000;
const TWO_WEEKS = 14 * 86_400_000;

/**
 * When a dry run starts: `now`, or — when the script asks for a dialog inside or outside working hours
 * and the line has working hours (which then decide `withinWorkingHours`, not the script) — the first
 * quarter hour from `now` on that is so. A line without working hours takes the script's fact as given.
 */
export function dryRunStart(line: LineSettings, now: number, withinWorkingHours?: boolean): number {
  const schedule = rulesOf(line).workingHours;
  if (!schedule || withinWorkingHours === undefined) return now;
  if (isWithinWorkingHours(schedule, now) === withinWorkingHours) return now;
  const first = Math.ceil(now / QUARTER_HOUR) * QUARTER_HOUR;
  for (let at = first; at < now + TWO_WEEKS; at += QUARTER_HOUR)
    if (isWithinWorkingHours(schedule, at) === withinWorkingHours) return at;
  return now; // never (or always) open: the fact cannot be had, the run shows what the line does
}

/** What a saved scenario says the run must do. */
export interface ScenarioExpectation {
  /** node ids the run must pass */
  visits?: string[];
  /** node ids the run must not pass */
  notVisits?: string[];
  /** the dialog's status at the end */
  status?: string;
}

/** What a run did not do of what was expected, one plain sentence each (empty: all met). */
export function unmetExpectations(
  result: Pick<DryRunResult, 'steps' | 'status'>,
  expect: ScenarioExpectation,
): Array<{ message: string; nodeId?: string }> {
  const visited = new Set(result.steps.map((s) => s.nodeId));
  const unmet: Array<{ message: string; nodeId?: string }> = [];
  for (const nodeId of expect.visits ?? [])
    if (!visited.has(nodeId)) unmet.push({ message: `it never reached node "${nodeId}"`, nodeId });
  for (const nodeId of expect.notVisits ?? [])
    if (visited.has(nodeId)) unmet.push({ message: `it passed node "${nodeId}"`, nodeId });
  if (expect.status !== undefined && expect.status !== result.status)
    unmet.push({ message: `it ended as "${result.status}", not "${expect.status}"` });
  return unmet;
}
