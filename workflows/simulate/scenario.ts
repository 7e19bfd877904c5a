import type { Flow } from '../../schemas/generated/flow';
import { durationMs } from '../engine/durations';
import { FlowEngine, type EngineEvent, type EngineFacts, type TimelineEntry } from '../engine/interpreter';
import { VirtualHost } from './virtual-host';

/**
 * A scenario: a flow, a script of what happens in the dialog and when, and what the flow must do.
 * test/scenarios/*.json play on this simulator and on the Temporal host alike.
 */
export interface ScenarioEvent {
  /** when, from the dialog's start: "0s", "5m", "2h" */
  at: string;
  type: Extract<EngineEvent, 'client.message' | 'rating.received'>;
  text?: string;
  rating?: 'like' | 'dislike' | number;
}

export interface Scenario {
  name: string;
  flow: Flow;
  facts?: Partial<EngineFacts>;
  clientName?: string;
  /** what each catalog activity answers (the same on both hosts) */
  activityResults?: Record<string, unknown>;
  /** activities that fail for good, with their error message */
  activityFailures?: Record<string, string>;
  /** other lines' flows, by line id, for transfers to a line */
  lines?: Record<string, Flow>;
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

export async function simulate(
  scenario: Scenario,
  start = Date.UTC(2026, 0, 5, 9, 0, 0),
): Promise<ScenarioOutcome> {
  let engine: FlowEngine;
  const host: VirtualHost = new VirtualHost(start, {
    activity: async (name) => {
      const failure = scenario.activityFailures?.[name];
      if (failure) throw new Error(failure);
      return scenario.activityResults?.[name] ?? null;
    },
    transfer: async ({ lineId }) => {
      if (lineId === undefined) return;
      const flow = scenario.lines?.[lineId];
      if (!flow) throw new Error(`there is no line ${lineId}`);
      return () => {
        engine = new FlowEngine(flow, host, dialog, facts, FlowEngine.handedOver(engine.snapshot()));
        engine.start();
      };
    },
  });
  const dialog = { ...SCENARIO_DIALOG, clientName: scenario.clientName ?? null };
  const facts = { ...DEFAULT_FACTS, ...scenario.facts };
  engine = new FlowEngine(scenario.flow, host, dialog, facts);
  engine.start();
  for (const event of [...scenario.events].sort((a, b) => durationMs(a.at) - durationMs(b.at))) {
    await host.advanceTo(start + durationMs(event.at));
    // A dialog whose flow is over has ended: what the client sends next opens another dialog.
    if (engine.finished) break;
    if (event.type === 'client.message') engine.emit('client.message', { text: event.text ?? null });
    else engine.emit('rating.received', { rating: event.rating });
  }
  await host.advanceTo(start + durationMs(scenario.runFor));
  return {
    paths: pathsOf(host.timeline),
    variables: engine.variables,
    tags: engine.tags,
    status: engine.status,
    activityCalls: host.activityCalls,
  };
}
