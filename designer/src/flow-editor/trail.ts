import type { Flow } from '../../../schemas/generated/flow';
import { edgeHandle, handlesOfNode } from '../../../workflows/engine/node-types';
import type { DryRunStep } from '../../../workflows/simulate/dry-run-step';
import type { TimelineEvent } from '../api/responses';

/**
 * The path a dialog took through its flow, node by node, in the order the nodes ran: what the canvas
 * lights up for a simulation ("Try it") and for a real dialog ("Show on flow"). Both come from the
 * timeline entries the flow engine records (`type: 'node'` on the engine, `flow.node` in the read
 * model), so there is one shape: the dry run's step.
 */
export type TrailStep = DryRunStep;

/** An edge the trail went along: from a node by one of its handles to the next node of the same path. */
export interface TrailEdge {
  source: string;
  sourceHandle: string;
  target: string;
}

/** The steps of a real dialog's path, from its timeline (entries of type `flow.node`). */
export function trailFromTimeline(timeline: readonly TimelineEvent[]): TrailStep[] {
  const steps: TrailStep[] = [];
  for (const entry of timeline) {
    if (entry.type !== 'flow.node' || typeof entry.nodeId !== 'string') continue;
    steps.push({
      nodeId: entry.nodeId,
      outcome: typeof entry.outcome === 'string' ? entry.outcome : null,
      at: Date.parse(entry.at),
      pathId: typeof entry.pathId === 'number' ? entry.pathId : 0,
      trigger: typeof entry.trigger === 'string' ? entry.trigger : entry.nodeId,
      ...(typeof entry.error === 'string' ? { error: entry.error } : {}),
    });
  }
  return steps;
}

/** The edges the trail went along, in order: consecutive steps of one path joined by the first's outcome. */
export function edgesTaken(trail: readonly TrailStep[]): TrailEdge[] {
  const last = new Map<number, TrailStep>();
  const edges: TrailEdge[] = [];
  for (const step of trail) {
    const before = last.get(step.pathId);
    if (before && before.outcome !== null) {
      edges.push({ source: before.nodeId, sourceHandle: before.outcome, target: step.nodeId });
    }
    last.set(step.pathId, step);
  }
  return edges;
}

/**
 * A dialog's timeline records a node when the node is done, so a path waiting in a queue or a wait
 * has no step for it yet: this adds, for each path whose last step left by a handle, the node that
 * handle leads to, as the step the path is waiting in.
 */
export function withWaitingSteps(trail: readonly TrailStep[], flow: Flow): TrailStep[] {
  const last = new Map<number, TrailStep>();
  for (const step of trail) last.set(step.pathId, step);
  const waiting: TrailStep[] = [];
  for (const step of last.values()) {
    if (step.outcome === null) continue;
    const source = flow.nodes.find((n) => n.id === step.nodeId);
    const handles = source ? handlesOfNode(source) : [];
    const edge = flow.edges.find((e) => e.source === step.nodeId && edgeHandle(e, handles) === step.outcome);
    if (!edge) continue;
    waiting.push({ ...step, nodeId: edge.target, outcome: null, waiting: true });
  }
  return [...trail, ...waiting];
}
