import type { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { type WorkflowUpdateFailedError } from '@temporalio/client';
import {
  acceptUpdate,
  DIALOG_WORKFLOW_TYPE,
  dialogEngineQuery,
  takeUpdate,
  type Actor,
} from '../../workflows/definitions';
import { REFUSALS, type QueueMode } from '../../workflows/engine/routing-rules';
import { SCENARIO_DIALOG, type Scenario } from '../../workflows/simulate/scenario';
import { WORKFLOW_BUNDLE_PATH } from '../support/global-setup';
import { recordHistory, scenarioActivities, witnessFor, type ScenarioWitness } from '../support/scenarios';
import { useTimeSkippingEnvironment } from '../support/time-skipping';

/**
 * Operators pressing Accept at the same instant, on the real dialog workflow (time-skipping server):
 * exactly one wins, every other press is refused with its reason, and the winner is responsible. The
 * holder of the offer is sent last, so a colleague's doomed accept would block it if it could.
 */
describe('racing accepts', () => {
  const environment = useTimeSkippingEnvironment();

  const scenarioFor = (mode: QueueMode): Scenario => ({
    name: `race ${mode}`,
    flow: {
      schemaVersion: 1,
      name: 'Race',
      nodes: [
        { id: 'start', type: 'trigger', params: { event: 'dialog.started' } },
        { id: 'route', type: 'queue', params: { mode, stepTimeout: '2m', checkAvailability: true } },
        { id: 'assigned', type: 'tag', params: { tag: 'assigned' } },
      ],
      edges: [
        { source: 'start', target: 'route' },
        { source: 'route', sourceHandle: 'accepted', target: 'assigned' },
      ],
    },
    operators: [{ id: 'op1' }, { id: 'op2' }, { id: 'op3' }],
    events: [],
    runFor: '10m',
    expect: { paths: [], variables: {}, tags: [], status: null, activityCalls: [] },
  });

  const operator = (id: string): Actor => ({ operatorId: id, role: 'operator' });
  const supervisor: Actor = { operatorId: 'sup', role: 'supervisor' };

  type Press = { actor: Actor; update: typeof acceptUpdate | typeof takeUpdate };
  type Outcome = { operatorId: string; ok: true } | { operatorId: string; ok: false; reason: string };

  /** Starts a dialog, waits for its first offer, then sends every press at once. */
  async function race(mode: QueueMode, presses: (offered: string[]) => Press[], name: string) {
    const env = environment();
    const scenario = scenarioFor(mode);
    const witness: ScenarioWitness = witnessFor(scenario, await env.currentTimeMs());
    const taskQueue = `race-${name}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH },
      activities: scenarioActivities(scenario, witness),
    });
    return worker.runUntil(async () => {
      const handle = await env.client.workflow.start(DIALOG_WORKFLOW_TYPE, {
        workflowId: `race-${name}`,
        taskQueue,
        args: [{ ...SCENARIO_DIALOG, dialogId: name, channelKind: 'webhook', client: { externalId: 'c1' } }],
      });
      // the queue's first step has offered the dialog once its log says so
      while (!witness.desk.log.some((e) => e.event === 'offered'))
        await new Promise((r) => setTimeout(r, 20));
      const offered = witness.desk.log.find((e) => e.event === 'offered')!.operatorIds;
      const outcomes: Outcome[] = await Promise.all(
        presses(offered).map(({ actor, update }) =>
          handle.executeUpdate(update, { args: [actor] }).then(
            (): Outcome => ({ operatorId: actor.operatorId, ok: true }),
            (error: unknown): Outcome => ({
              operatorId: actor.operatorId,
              ok: false,
              reason: ((error as WorkflowUpdateFailedError).cause ?? (error as Error)).message,
            }),
          ),
        ),
      );
      // the queue path goes on to its `accepted` branch once the winner is recorded
      let tags: string[] = [];
      for (let i = 0; i < 100 && outcomes.some((o) => o.ok) && !tags.includes('assigned'); i++) {
        tags = (await handle.query(dialogEngineQuery)).tags;
        await new Promise((r) => setTimeout(r, 20));
      }
      const responsible = witness.desk.holder();
      await handle.terminate('test over');
      await recordHistory(handle, `${name}.json`);
      const accepted = witness.desk.log.filter((e) => e.event === 'accepted').map((e) => e.operatorIds[0]);
      const { order: updates, ids } = updateOrder(await handle.fetchHistory());
      expectKeyedByUpdates(witness.assignKeys, ids);
      return { offered, outcomes, accepted, tags, responsible, updates };
    });
  }

  /** The updates as the history has them: when each was admitted and completed, by name, in order. */
  function updateOrder(history: temporal.api.history.v1.IHistory): {
    order: string[];
    ids: Map<string, string>;
  } {
    const names = new Map<string, string>();
    const order: string[] = [];
    for (const e of history.events ?? []) {
      const admitted = e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest;
      if (admitted) {
        names.set(admitted.meta!.updateId!, admitted.input!.name!);
        order.push(`${admitted.input!.name!} admitted`);
      }
      const completed = e.workflowExecutionUpdateCompletedEventAttributes?.meta?.updateId;
      if (completed) order.push(`${names.get(completed)} completed`);
    }
    return { order, ids: names };
  }

  /** Each assignOperator call is keyed by the update that made it (its id, and accept or take). */
  function expectKeyedByUpdates(keys: Array<string | undefined>, ids: Map<string, string>): void {
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      const [, id, what] = /^update:(.+):(accept|take)$/.exec(key ?? '') ?? [];
      expect(ids.get(id ?? '')).toBe(what);
    }
  }

  it.each<QueueMode>(['strict', 'evenly'])(
    '%s: three operators accept at once; the one holding the offer gets it',
    async (mode) => {
      const { offered, outcomes, accepted, tags } = await race(
        mode,
        (holders) => {
          const others = ['op1', 'op2', 'op3'].filter((id) => !holders.includes(id));
          return [...others, ...holders].map((id) => ({ actor: operator(id), update: acceptUpdate }));
        },
        `race-${mode}`,
      );
      expect(offered).toHaveLength(1);
      const winners = outcomes.filter((o) => o.ok);
      expect(winners.map((w) => w.operatorId)).toEqual(offered);
      // refused before the holder's accept was served ("offered to another") or after it ("already
      // taken"): the three updates race to the server, which of them it takes first is its choice
      for (const refused of outcomes.filter((o) => !o.ok))
        expect([REFUSALS.offeredToAnother, REFUSALS.alreadyTaken]).toContain(refused.reason);
      expect(accepted).toEqual(offered);
      expect(tags).toContain('assigned');
    },
  );

  it('all: the dialog is offered to all three, the first accept served wins, the others are told', async () => {
    const { offered, outcomes, accepted } = await race(
      'all',
      () => ['op3', 'op2', 'op1'].map((id) => ({ actor: operator(id), update: acceptUpdate })),
      'race-all',
    );
    expect([...offered].sort()).toEqual(['op1', 'op2', 'op3']);
    const winners = outcomes.filter((o) => o.ok);
    expect(winners).toHaveLength(1);
    expect(accepted).toEqual([winners[0]!.operatorId]);
    for (const refused of outcomes.filter((o) => !o.ok))
      expect(refused).toMatchObject({ reason: 'the dialog is already taken by another operator' });
  });

  // Which of the two the server admits first is up to it; either way exactly one may win.
  it.each([1, 2, 3])(
    "a supervisor's take-over racing the holder's accept (round %i): exactly one wins",
    async (round) => {
      const { offered, outcomes, accepted, responsible, updates } = await race(
        'strict',
        (holders) => [
          { actor: supervisor, update: takeUpdate },
          { actor: operator(holders[0]!), update: acceptUpdate },
        ],
        `race-take-${round}`,
      );
      const winners = outcomes.filter((o) => o.ok);
      if (winners.length === 2) {
        // With local activities an accept can be done (admitted, written and answered in one workflow
        // task) before the take-over is admitted at all: the supervisor then takes the dialog from the
        // operator who has it, one after the other. Legitimate only in that order.
        expect(updates.indexOf('accept completed')).toBeGreaterThanOrEqual(0);
        expect(updates.indexOf('accept completed')).toBeLessThan(updates.indexOf('take admitted'));
        expect(accepted).toEqual([offered[0], 'sup']);
        expect(responsible).toBe('sup'); // one responsible at the end: the last to take it
        return;
      }
      expect(winners).toHaveLength(1);
      expect(accepted).toEqual([winners[0]!.operatorId]);
      const loser = outcomes.find((o) => !o.ok)!;
      expect(loser).toMatchObject({
        reason:
          loser.operatorId === 'sup'
            ? 'another operator accepted the dialog meanwhile; look again before taking it over'
            : 'the dialog is already taken by another operator',
      });
    },
  );
});
