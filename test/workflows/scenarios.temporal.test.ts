import fs from 'node:fs';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import type { CatalogActivityCall, DialogActivities } from '../../activities';
import type { RecordFlowStepInput } from '../../activities/read-model/record-flow-step.activity';
import { loadCatalog } from '../../activities/registry';
import {
  clientMessageSignal,
  DIALOG_WORKFLOW_TYPE,
  dialogEngineQuery,
  type ClientMessage,
} from '../../workflows/definitions';
import { durationMs } from '../../workflows/engine/durations';
import { DEFAULT_FACTS, pathsOf, SCENARIO_DIALOG, type Scenario } from '../../workflows/simulate/scenario';
import { WORKFLOW_BUNDLE_PATH } from '../support/global-setup';
import { useTimeSkippingEnvironment } from '../support/time-skipping';
import { REPLAY_DIR, scenarios } from '../support/scenarios';

/**
 * The scenario files that test/workflows/scenarios.simulator.test.ts plays on the simulator, played
 * here on the real dialog workflow on Temporal's time-skipping server: hours pass in milliseconds, and
 * both hosts must produce the same paths, variables, tags, status and activity calls.
 */
describe('scenarios on the Temporal host', () => {
  const environment = useTimeSkippingEnvironment();

  it.each(scenarios)('%s', async (file, scenario: Scenario) => {
    const env = environment();
    const steps: RecordFlowStepInput[] = [];
    const activityCalls: Array<{ name: string; input: Record<string, unknown> }> = [];
    const engine: DialogActivities = {
      openDialog: async () => ({
        clientId: 'client-1',
        facts: { ...DEFAULT_FACTS, ...scenario.facts },
        flow: scenario.flow,
        flowVersion: 1,
      }),
      recordClientMessage: async () => undefined,
      recordFlowStep: async (step) => {
        steps.push(step);
      },
      recordDialogChange: async () => undefined,
    };
    const catalog = Object.fromEntries(
      loadCatalog().activities.map((a) => [
        a.name,
        async ({ input }: CatalogActivityCall) => {
          activityCalls.push({ name: a.name, input });
          const failure = scenario.activityFailures?.[a.name];
          if (failure) throw ApplicationFailure.nonRetryable(failure);
          return scenario.activityResults?.[a.name] ?? null;
        },
      ]),
    );
    const taskQueue = `scenario-${file}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH },
      activities: { ...catalog, ...engine },
    });
    const state = await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(DIALOG_WORKFLOW_TYPE, {
        workflowId: `scenario-${file}`,
        taskQueue,
        args: [
          {
            ...SCENARIO_DIALOG,
            dialogId: SCENARIO_DIALOG.id,
            channelKind: 'webhook',
            client: { externalId: 'c1', name: scenario.clientName },
          },
        ],
      });
      const start = await env.currentTimeMs();
      let n = 0;
      for (const event of [...scenario.events].sort((a, b) => durationMs(a.at) - durationMs(b.at))) {
        await env.sleep(start + durationMs(event.at) - (await env.currentTimeMs()));
        const message: ClientMessage = {
          messageId: `m-${++n}`,
          externalMessageId: `e-${n}`,
          client: { externalId: 'c1' },
          receivedAt: new Date(await env.currentTimeMs()).toISOString(),
          ...(event.type === 'client.message' ? { text: event.text } : { rating: event.rating }),
        };
        await handle.signal(clientMessageSignal, message);
      }
      await env.sleep(start + durationMs(scenario.runFor) - (await env.currentTimeMs()));
      const engineState = await handle.query(dialogEngineQuery);
      await handle.terminate('scenario over').catch(() => undefined); // already finished is fine
      if (process.env.LINEFLOW_RECORD_HISTORIES === '1') {
        // `npm run replay:record` keeps this run's history for test/workflows/replay.test.ts
        fs.mkdirSync(REPLAY_DIR, { recursive: true });
        // (protobuf's own toObject: the SDK's historyToJSON trips over two protobufjs copies in its deps)
        const { History } = temporal.api.history.v1;
        const json = History.toObject(History.fromObject(await handle.fetchHistory()), {
          longs: String,
          enums: String,
          bytes: String,
        });
        fs.writeFileSync(path.join(REPLAY_DIR, file), `${JSON.stringify(json, null, 1)}\n`);
      }
      return engineState;
    });
    expect({
      paths: pathsOf(steps.sort((a, b) => a.seq - b.seq).map((s) => s.entry)),
      variables: state.variables,
      tags: state.tags,
      status: state.status,
      activityCalls,
    }).toEqual(scenario.expect);
  });
});
