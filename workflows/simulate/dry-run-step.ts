/**
 * One node a path ran, in the order they ran: what the designer lights on the canvas, for a dry run
 * and (as designer/src/flow-editor/trail.ts `TrailStep`) for a real dialog's timeline.
 */
export interface DryRunStep {
  /** the flow node that ran */
  nodeId: string;
  /** the handle it left by; null when the path ended (or still waits) there */
  outcome: string | null;
  /** when, in ms: from the start for a dry run, epoch ms for a real dialog */
  at: number;
  /** the path (one per trigger firing) the step belongs to */
  pathId: number;
  /** the trigger node that started the path */
  trigger: string;
  /** why the path ended here, when a node failed */
  error?: string;
  /** the path is (or was, when the run ended) still inside this node: it came in, it never left */
  waiting?: true;
}
