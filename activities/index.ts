import type { DataSource } from 'typeorm';
import type { ActivityDefinition } from './define-activity';
import { createApplyDialogBatch, type TimeCall } from './dialog-batch.activity';
import { createOpenDialog } from './read-model/open-dialog.activity';
import { createRecordClientMessage } from './read-model/record-client-message.activity';
import { createRecordDialogChange } from './read-model/record-dialog-change.activity';
import { createRecordFlowStep } from './read-model/record-flow-step.activity';
import { createRecordKpiBreach } from './read-model/record-kpi-breach.activity';
import { createRecordLateRating } from './read-model/record-late-rating.activity';
import { createTransferDialog } from './read-model/transfer-dialog.activity';
import { createQueueActivities } from './routing/queue.activities';
import type { Catalog } from './registry';
import type { CapacityNudge } from './routing/routing-store';

/** What activities need from the outside world, injected so tests can pass their own. */
export interface ActivityDependencies {
  db: DataSource;
  catalog: Catalog;
  /** how a waiting dialog is told an operator may have room (a signal to its workflow) */
  nudge: CapacityNudge;
  /** times each call a dialog's batch runs (the worker's metrics) */
  timeCall?: TimeCall;
}

/** How the dialog workflow calls a catalog activity: the action's input plus which dialog runs it. */
export interface CatalogActivityCall {
  input: Record<string, unknown>;
  dialog: { id: string; lineId: string; channelId: string };
  /** the dialog-timeline number the workflow reserved for this call (unique within the dialog) */
  seq: number;
  /** a local call's key (what it is: the flow path's call, the update's), the same in every attempt */
  key?: string;
  /** the workflow's time of the call (ISO); calls scheduled by older workflow code have none */
  at?: string;
}

/** The engine's own activities (the read model); catalog activities may not take these names. */
export const ENGINE_ACTIVITY_NAMES = [
  'openDialog',
  'recordClientMessage',
  'recordFlowStep',
  'recordDialogChange',
  'transferDialog',
  'recordKpiBreach',
  'recordLateRating',
  'offerDialog',
  'withdrawOffer',
  'assignOperator',
  'dialogsWaitingForRoom',
  'nudgeWaitingDialogs',
  'applyDialogBatch',
] as const;

function catalogActivity(definition: ActivityDefinition, db: DataSource) {
  return (call: CatalogActivityCall) =>
    definition.run(call.input, {
      dialog: call.dialog,
      // a local call's key names it the same in every attempt of its task; a remote one's number does
      callId: `${call.dialog.id}:${call.key ?? call.seq}`,
      timelineSeq: call.seq,
      at: call.at ? new Date(call.at) : new Date(),
      timelineKey: call.key ? `call:${call.key}` : `call:${call.dialog.id}:${call.seq}`,
      services: { db },
    });
}

/** The dialog workflow's own activities, one by one: what `applyDialogBatch` runs. */
function createSingleDialogActivities(db: DataSource, nudge: CapacityNudge, localActivities: string[] = []) {
  return {
    openDialog: createOpenDialog(db, localActivities),
    recordClientMessage: createRecordClientMessage(db),
    recordFlowStep: createRecordFlowStep(db, nudge),
    recordDialogChange: createRecordDialogChange(db),
    transferDialog: createTransferDialog(db),
    recordKpiBreach: createRecordKpiBreach(db),
    recordLateRating: createRecordLateRating(db),
    ...createQueueActivities(db, nudge),
  };
}

/** The dialog's activities one by one (what a test's fakes implement). */
export type SingleDialogActivities = ReturnType<typeof createSingleDialogActivities>;

/**
 * The dialog's activities with the batch that runs several of them in one (dialog-batch.activity.ts);
 * `local`: the catalog activities that run locally, which a batch may carry too.
 */
export function withDialogBatch<A extends SingleDialogActivities>(
  single: A,
  local: Record<string, (call: CatalogActivityCall) => Promise<unknown>> = {},
  timeCall?: TimeCall,
) {
  return {
    ...single,
    applyDialogBatch: createApplyDialogBatch<SingleDialogActivities>({ ...local, ...single }, timeCall),
  };
}

/** Every activity the worker registers: the engine's own and, by name, each one of the catalog. */
export function createActivities({ db, catalog, nudge, timeCall }: ActivityDependencies) {
  const fromCatalog: Record<string, (call: CatalogActivityCall) => Promise<unknown>> = Object.fromEntries(
    catalog.activities.map((d) => [d.name, catalogActivity(d, db)]),
  );
  const local = catalog.activities.filter((d) => d.runsLocally).map((d) => d.name);
  const engine = withDialogBatch(
    createSingleDialogActivities(db, nudge, local),
    Object.fromEntries(local.map((name) => [name, fromCatalog[name]!])),
    timeCall,
  );
  // What the worker registers: any activity by name (Temporal calls them with what the workflow sent).
  const all: Record<string, (arg: never) => Promise<unknown>> & typeof engine = { ...fromCatalog, ...engine };
  return all;
}

export type DialogActivities = Pick<
  ReturnType<typeof createActivities>,
  (typeof ENGINE_ACTIVITY_NAMES)[number]
>;
