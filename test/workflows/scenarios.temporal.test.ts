import { Worker } from '@temporalio/worker';
import { WorkflowUpdateStage, type WorkflowUpdateFailedError } from '@temporalio/client';
import {
  acceptUpdate,
  answerUpdate,
  capacityFreedSignal,
  closeUpdate,
  clientMessageSignal,
  DIALOG_WORKFLOW_TYPE,
  dialogEngineQuery,
  type ClientMessage,
} from '../../workflows/definitions';
import { durationMs } from '../../schemas/durations';
import {
  nextScenarioStart,
  pathsOf,
  SCENARIO_DIALOG,
  type Scenario,
} from '../../workflows/simulate/scenario';
import { secondsFrom } from '../../workflows/simulate/scenario-desk';
import { WORKFLOW_BUNDLE_PATH } from '../support/global-setup';
import { useTimeSkippingEnvironment } from '../support/time-skipping';
import {
  recordedTimeline,
  recordHistory,
  scenarioActivities,
  scenarios,
  witnessFor,
} from '../support/scenarios';

/**
 * The scenario files that test/workflows/scenarios.simulator.test.ts plays on the simulator, played
 * here on the real dialog workflow on Temporal's time-skipping server: hours pass in milliseconds, and
 * both hosts must produce the same paths, variables, tags, status and activity calls.
 */
describe('scenarios on the Temporal host', () => {
  const environment = useTimeSkippingEnvironment();

  it.each(scenarios)('%s', async (file, scenario: Scenario) => {
    const env = environment();
    // Skip ahead to a Monday 09:00 UTC, where the simulator starts too (working hours line up).
    const start = nextScenarioStart((await env.currentTimeMs()) + 1000);
    await env.sleep(start - (await env.currentTimeMs()));
    const witness = witnessFor(scenario, start);
    const taskQueue = `scenario-${file}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH },
      activities: scenarioActivities(scenario, witness),
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
      let n = 0;
      // Accepts run as updates; a refusal (the validator's or the routing's) is logged like on the simulator.
      const accepts: Array<Promise<unknown>> = [];
      for (const event of [...scenario.events].sort((a, b) => durationMs(a.at) - durationMs(b.at))) {
        const at = start + durationMs(event.at);
        await env.sleep(at - (await env.currentTimeMs()));
        const actor = { operatorId: event.operator!, role: 'operator' as const };
        switch (event.type) {
          case 'client.message':
          case 'rating.received': {
            const message: ClientMessage = {
              messageId: `m-${++n}`,
              externalMessageId: `e-${n}`,
              client: { externalId: 'c1' },
              receivedAt: new Date(await env.currentTimeMs()).toISOString(),
              ...(event.type === 'client.message' ? { text: event.text } : { rating: event.rating }),
            };
            await handle.signal(clientMessageSignal, message);
            break;
          }
          case 'operator.accept': {
            // Admitted (its validator passed) before the next event is sent, as the script orders them.
            const update = await handle
              .startUpdate(acceptUpdate, { args: [actor], waitForStage: WorkflowUpdateStage.ACCEPTED })
              .catch((refusal: unknown) => refusal as Error);
            const result = update instanceof Error ? Promise.reject(update) : update.result();
            accepts.push(
              result.catch((refusal: WorkflowUpdateFailedError) =>
                witness.desk.refused(actor.operatorId, (refusal.cause ?? refusal).message, at),
              ),
            );
            break;
          }
          case 'operator.message':
            await handle.executeUpdate(answerUpdate, {
              args: [
                {
                  ...actor,
                  messageId: `answer-${++n}`,
                  text: event.text ?? '',
                  hidden: event.hidden ?? false,
                  at: '',
                },
              ],
            });
            break;
          case 'operator.close':
            await handle.executeUpdate(closeUpdate, { args: [actor] });
            break;
          case 'operator.load':
            witness.desk.setOpenDialogs(actor.operatorId, event.openDialogs ?? 0);
            await handle.signal(capacityFreedSignal);
            break;
        }
      }
      await Promise.all(accepts);
      await env.sleep(start + durationMs(scenario.runFor) - (await env.currentTimeMs()));
      const engineState = await handle.query(dialogEngineQuery);
      await handle.terminate('scenario over').catch(() => undefined); // already finished is fine
      await recordHistory(handle, file); // `npm run replay:record` keeps it for replay.test.ts
      // and it replays as it ran: with local activities the order of the commands depends on how their
      // results came in, which the replay must reproduce (dialog-run.ts `oneAtATimeLocally`)
      await Worker.runReplayHistory(
        { workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH } },
        await handle.fetchHistory(),
        `replay-${file}`,
      );
      return engineState;
    });
    expect({
      paths: pathsOf(recordedTimeline(witness)),
      variables: state.variables,
      tags: state.tags,
      status: state.status,
      activityCalls: witness.activityCalls,
      ...(scenario.operators ? { routing: witness.desk.log } : {}),
      ...(scenario.line?.kpi ? { kpiBreaches: witness.breaches.map((b) => secondsFrom(start, b)) } : {}),
    }).toEqual(scenario.expect);
  });
});
