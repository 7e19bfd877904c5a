import fs from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { ApplicationFailure } from '@temporalio/common';
import {
  withDialogBatch,
  type CatalogActivityCall,
  type DialogActivities,
  type SingleDialogActivities,
} from '../../activities';
import type { RecordFlowStepInput } from '../../activities/read-model/record-flow-step.activity';
import { loadCatalog } from '../../activities/registry';
import { deskFor, DEFAULT_FACTS, scenarioAnswer, type Scenario } from '../../workflows/simulate/scenario';
import type { ScenarioDesk } from '../../workflows/simulate/scenario-desk';
import type { KpiName } from '../../workflows/engine/engine-host';
import { rulesOf } from '../../workflows/engine/rules';

const CATALOG = loadCatalog();
/** The catalog activities the real worker runs in the batches (their definitions' `runsLocally`). */
const LOCAL_CATALOG = CATALOG.activities.filter((a) => a.runsLocally).map((a) => a.name);

/** The scenario files both hosts of the flow engine play (test/scenarios/*.json). */
export const SCENARIO_DIR = path.join(__dirname, '..', 'scenarios');

export const scenarios: Array<[string, Scenario]> = fs
  .readdirSync(SCENARIO_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => [f, JSON.parse(fs.readFileSync(path.join(SCENARIO_DIR, f), 'utf8')) as Scenario]);

/** Recorded histories of the dialog workflow; every one must still replay on the current code. */
export const REPLAY_DIR = path.join(__dirname, '..', 'replay', 'histories');

/**
 * What today's workflow code records, added to the name of each history it keeps: the histories of the
 * code before stay beside them, so replay.test.ts replays them all (`patched()`). Kept so far: none (the
 * dialog's activities on the task queue), `.local-activities` (local, one call each), `.batched`
 * (local, an activation's calls in one `applyDialogBatch`), `.local-catalog` (batched, and the
 * catalog activities that declare `runsLocally` in the batches too, as the opening answered) and
 * `.compact` (batches of whole activations, the patch `compact-batches`).
 */
export const RECORDING_SUFFIX = '.compact';

/** The suffixes of histories recorded with the dialog's activities local (see RECORDING_SUFFIX). */
export const LOCAL_RECORDING_SUFFIXES = [
  '.local-activities',
  '.batched',
  '.local-catalog',
  RECORDING_SUFFIX,
] as const;

/** The patch each kind of batched history carries (the one patch a batched run asks for). */
export const BATCH_PATCH_BY_SUFFIX = {
  '.batched': 'batched-writes',
  '.local-catalog': 'batched-writes',
  [RECORDING_SUFFIX]: 'compact-batches',
} as const;

/**
 * Under `npm run replay:record` (LINEFLOW_RECORD_HISTORIES=1), keeps a run's history as
 * test/replay/histories/<file, with RECORDING_SUFFIX> for test/workflows/replay.test.ts; otherwise
 * does nothing.
 */
export async function recordHistory(
  handle: { fetchHistory(): Promise<temporal.api.history.v1.IHistory> },
  file: string,
): Promise<void> {
  if (process.env.LINEFLOW_RECORD_HISTORIES !== '1') return;
  fs.mkdirSync(REPLAY_DIR, { recursive: true });
  // (protobuf's own toObject: the SDK's historyToJSON trips over two protobufjs copies in its deps)
  const { History } = temporal.api.history.v1;
  const json = History.toObject(History.fromObject(await handle.fetchHistory()), {
    longs: String,
    enums: String,
    bytes: String,
  });
  const kept = file.replace(/\.json$/, `${RECORDING_SUFFIX}.json`);
  fs.writeFileSync(path.join(REPLAY_DIR, kept), `${JSON.stringify(json, null, 1)}\n`);
}

/** What the fake outside world of a scenario saw on the Temporal host, and its operators' desk. */
export interface ScenarioWitness {
  steps: RecordFlowStepInput[];
  activityCalls: Array<{ name: string; input: Record<string, unknown> }>;
  breaches: Array<{ at: number; kpi: KpiName }>;
  /** the keys the workflow gave its assignOperator calls (an update's, with local activities) */
  assignKeys: Array<string | undefined>;
  desk: ScenarioDesk;
}

export const witnessFor = (scenario: Scenario, start: number): ScenarioWitness => ({
  steps: [],
  activityCalls: [],
  breaches: [],
  assignKeys: [],
  desk: deskFor(scenario, start),
});

/**
 * The activities a worker runs a scenario with: the engine's read-model activities as recorders, and
 * every catalog activity answering as the scenario says (the simulator's world, on the Temporal host).
 */
export function scenarioActivities(scenario: Scenario, witness: ScenarioWitness) {
  const engine: SingleDialogActivities = {
    openDialog: async () => ({
      clientId: 'client-1',
      facts: { ...DEFAULT_FACTS, ...scenario.facts },
      flow: scenario.flow,
      flowVersion: 1,
      rules: rulesOf(scenario.line ?? {}),
      localActivities: LOCAL_CATALOG, // as the real worker answers: those run in the workflow's batches
    }),
    recordClientMessage: async () => undefined,
    recordFlowStep: async (step) => {
      witness.steps.push(step);
    },
    recordDialogChange: async () => undefined,
    transferDialog: async ({ toLineId, toOperatorId, at }) => {
      const none = { kpi: {} };
      if (toLineId === undefined) {
        try {
          witness.desk.transferTo(toOperatorId!, Date.parse(at)); // the room, as the database activity checks it
        } catch (refusal) {
          return {
            flow: null,
            flowVersion: 1,
            rules: none,
            released: [],
            refused: (refusal as Error).message,
          };
        }
        return { flow: null, flowVersion: 1, rules: none, released: [] };
      }
      const flow = scenario.lines?.[toLineId];
      if (!flow) throw ApplicationFailure.nonRetryable(`there is no line ${toLineId}`);
      return { flow, flowVersion: 1, rules: none, released: [] };
    },
    offerDialog: async ({ at, mode, checkAvailability, tried }) =>
      witness.desk.offer({ mode, checkAvailability, tried }, Date.parse(at)),
    withdrawOffer: async ({ at }) => witness.desk.withdraw(Date.parse(at)),
    assignOperator: async ({ operatorId, at, takeOver, key }) => {
      witness.assignKeys.push(key);
      if (takeOver) {
        witness.desk.takeOver(operatorId, Date.parse(at));
        return { released: [] };
      }
      try {
        // The workflow's validator has admitted the accept (offers, responsible); the desk checks the
        // room, as the database activity does.
        witness.desk.assign({ operatorId, role: 'supervisor' }, Date.parse(at));
      } catch (refusal) {
        throw ApplicationFailure.nonRetryable((refusal as Error).message);
      }
      return { released: [] };
    },
    dialogsWaitingForRoom: async () => [],
    nudgeWaitingDialogs: async () => undefined,
    recordKpiBreach: async ({ at, kpi }) => {
      witness.breaches.push({ at: Date.parse(at), kpi });
    },
    recordLateRating: notInThisFlow.recordLateRating,
  };
  const calls = new Map<string, number>();
  const catalog = Object.fromEntries(
    CATALOG.activities.map((a) => [
      a.name,
      async ({ input }: CatalogActivityCall) => {
        witness.activityCalls.push({ name: a.name, input });
        const failure = scenario.activityFailures?.[a.name];
        if (failure) throw ApplicationFailure.nonRetryable(failure);
        return scenarioAnswer(scenario, a.name, calls);
      },
    ]),
  );
  const local = Object.fromEntries(LOCAL_CATALOG.map((name) => [name, catalog[name]!]));
  return { ...catalog, ...withDialogBatch(engine, local) };
}

/** The timeline entries a run recorded, in the order it recorded them. */
export const recordedTimeline = (witness: ScenarioWitness) =>
  [...witness.steps].sort((a, b) => a.seq - b.seq).map((s) => s.entry);

const unexpected = (name: string) => async (): Promise<never> => {
  throw ApplicationFailure.nonRetryable(`${name} was not expected: this test's line has no queue or KPI`);
};

/** Engine activities for tests whose line has no queue and no KPI: any call fails the dialog's path. */
export const notInThisFlow: Pick<
  DialogActivities,
  | 'offerDialog'
  | 'withdrawOffer'
  | 'assignOperator'
  | 'dialogsWaitingForRoom'
  | 'nudgeWaitingDialogs'
  | 'recordKpiBreach'
  | 'recordLateRating'
> = {
  offerDialog: unexpected('offerDialog'),
  withdrawOffer: unexpected('withdrawOffer'),
  assignOperator: unexpected('assignOperator'),
  dialogsWaitingForRoom: async () => [],
  nudgeWaitingDialogs: async () => undefined,
  recordKpiBreach: unexpected('recordKpiBreach'),
  recordLateRating: unexpected('recordLateRating'),
};
