import type { Node } from '../../../schemas/generated/flow';
import type { DialogContext, EngineEvent, EngineHost, ParkedState, PathContext } from '../engine-host';
import type { NodeOutputs } from '../node-outputs';
import type { DialogFacts } from '../predicates';

/**
 * How a node type is declared: one module per type in this folder (`<type>.node.ts`) says what the
 * type is (title, category, params schema, outputs, whether it waits) and what it does (`run`). The
 * catalog, the validator, the designer and the interpreter all read these declarations; the
 * interpreter itself only walks paths from node to node.
 */
export type NodeCategory = 'trigger' | 'logic' | 'action' | 'routing' | 'timing' | 'dialog';

/** What a running node may see and change of its dialog (the interpreter provides it). */
export interface EngineView {
  readonly dialog: DialogContext;
  /** the dialog's facts now: working hours, the last client message, variables, tags… */
  facts(): DialogFacts;
  readonly firstContact: boolean;
  /** dialog variables and tags (a node changes them in place) */
  readonly variables: Record<string, unknown>;
  readonly tags: string[];
  /** how many times the event happened in this dialog */
  count(event: EngineEvent): number;
  clientMessages(): number;
  messageText(): string | null;
  /** how many times another dialog said an operator has room now */
  capacityNudges(): number;
  /** a close node ran, or the dialog was closed, or it left for another line */
  closed(): boolean;
  /** something happened in the dialog: wake waiting nodes, start the flow's paths for it */
  emit(event: EngineEvent): void;
  /** "{{message.text}}", "{{variables.x}}", "{{client.name}}", "{{dialog.id}}" filled into an input */
  fillTemplates(input: Record<string, unknown>): Record<string, unknown>;
  /** a close node ends the dialog with this status */
  closeWith(status: string): void;
  /** the dialog left for another line: this flow is over */
  transferredOut(): void;
}

/** One run of a node on a path. */
export interface NodeRun<P> {
  readonly node: Node;
  /** the node's params, checked by the validator against the type's schema before publishing */
  readonly params: P;
  readonly path: PathContext;
  /** the state the node parked with, when a new run takes the path over (continue-as-new) */
  readonly resumed?: ParkedState;
  readonly host: EngineHost;
  readonly engine: EngineView;
}

/** A problem found by a node type's own check, at a JSON pointer under the node. */
export type ReportProblem = (pointer: string, message: string) => void;

/** What a node type's own checks may ask about: the catalog's activities. */
export interface NodeCheckContext {
  inputSchemaOf(activity: string): object | undefined;
  /** validates a value against a JSON Schema; [] when it passes */
  check(schema: object, value: unknown): Array<{ pointer: string; message: string }>;
}

export interface NodeTypeDefinition<P = Record<string, unknown>> {
  type: string;
  title: string;
  description: string;
  category: NodeCategory;
  /** JSON Schema of the node's `params` (a file in schemas/nodes/, so types are generated from it) */
  params: { $id: string; title: string };
  /** the output handles (see node-outputs.ts) */
  outputs: NodeOutputs;
  /** Does passing through this node take time? A cycle must contain one (no busy loops). */
  waits: boolean;
  /**
   * Outputs of a waiting node that it may take without any time passing (a queue whose dialog is
   * taken already answers "accepted" at once): a cycle through them does not count as waiting.
   */
  instantOutputs?: string[];
  /** the node starts paths (a trigger): nothing may lead into it, and reachability starts from it */
  startsPaths?: boolean;
  /** the node may move the dialog to a final status; its timeline step records the status */
  movesStatus?: boolean;
  /** checks beyond the params schema, on valid params (an action's input against its activity) */
  check?(params: P, report: ReportProblem, context: NodeCheckContext): void;
  /** runs the node; answers the handle the path leaves by, or null to end the path here */
  run(run: NodeRun<P>): Promise<string | null>;
}

/** Declares a node type, typed by its params; the list in nodes/index.ts holds them all. */
export function defineNode<P>(definition: NodeTypeDefinition<P>): NodeTypeDefinition {
  return definition as unknown as NodeTypeDefinition;
}
