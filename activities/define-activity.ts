import type { DataSource } from 'typeorm';

/**
 * How an activity that flows can use is declared: once, with the JSON Schemas of its input and output.
 * The worker registers `run` under `name`, `GET /api/catalog` lists it for the designer's palette, and
 * publishing a flow checks each action's input against `input`. Built-in ones live in
 * activities/<name>/, custom ones in activities/custom/ (see README, "Add an activity").
 */
export interface ActivityServices {
  db: DataSource;
}

export interface ActivityContext {
  /** the dialog whose flow runs this action */
  dialog: { id: string; lineId: string; channelId: string };
  /**
   * The same for every attempt of this one call, different for every other call: use it to make
   * writes idempotent (e.g. as the id, or to derive the id, of the row the activity creates).
   */
  callId: string;
  /** the dialog-timeline number reserved for this call, for an activity that adds a timeline event */
  timelineSeq: number;
  /**
   * When the dialog's workflow made this call (its clock): stamp what you write on the dialog with it,
   * so the dialog's times go forward in the order its steps happened, wherever and whenever the call runs.
   */
  at: Date;
  /**
   * The key of that timeline event (`appendTimeline`): the event is kept once per call, and should its
   * number be taken already (by an entry a lost workflow-task attempt wrote, docs/architecture.md §3.5)
   * it takes the next free one instead of being dropped.
   */
  timelineKey: string;
  services: ActivityServices;
}

export interface JsonSchemaObject {
  type: 'object';
  [keyword: string]: unknown;
}

// The catalog holds definitions of many input and output types side by side; `any` is what lets it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface ActivityDefinition<Input = any, Output = any> {
  /** camelCase, unique in the catalog; what a flow's action node names */
  name: string;
  title: string;
  description: string;
  /** palette group, e.g. "Integrations" */
  category: string;
  input: JsonSchemaObject;
  output: JsonSchemaObject;
  /**
   * Runs with Temporal's retries: throw a plain Error for a passing failure (it is retried), an
   * `ApplicationFailure.nonRetryable` for one that retrying cannot fix. Must be safe to run twice.
   */
  run(input: Input, context: ActivityContext): Promise<Output>;
  /**
   * Only a short transaction on Lineflow's own database, no other system: the worker runs it inside the
   * dialog's workflow task, in the batch with the dialog's own writes (docs/architecture.md §3.5),
   * instead of through the task queue. It must then be safe to run again with the same `callId` (a
   * workflow task run again runs it again). Anything that calls out (HTTP, a CRM) stays unset.
   */
  runsLocally?: boolean;
}

/** Identity at run time; gives the definition's `run` typed input and output. */
export function defineActivity<Input, Output>(definition: ActivityDefinition<Input, Output>) {
  return definition;
}

export function isActivityDefinition(value: unknown): value is ActivityDefinition {
  const v = value as Partial<ActivityDefinition> | null;
  return (
    !!v &&
    typeof v === 'object' &&
    typeof v.name === 'string' &&
    typeof v.run === 'function' &&
    typeof v.input === 'object' &&
    typeof v.output === 'object'
  );
}
