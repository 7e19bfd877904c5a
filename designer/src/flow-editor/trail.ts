import type { TimelineEvent } from '../api/responses';

/**
 * The path a dialog took through its flow, node by node, in the order the nodes ran: what the canvas
 * lights up for a simulation ("Try it") and for a real dialog ("Show on flow"). Both come from the
 * same timeline entries the flow engine records (`type: 'node'` on the engine, `flow.node` in the
 * read model), so there is one shape.
 */
export interface TrailStep {
  /** the flow node that ran */
  nodeId: string;
  /** the handle it left by; null when the path ended there */
  outcome: string | null;
  /** when, in ms: since the start for a simulation, epoch ms for a real dialog */
  at: number;
  /** the path (one per trigger firing) the step belongs to */
  pathId: number;
  /** the trigger node that started the path */
  trigger: string;
  /** why the path ended here, when a node failed */
  error?: string;
}

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
