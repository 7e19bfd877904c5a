import fc from 'fast-check';
import { Worker } from '@temporalio/worker';
import { loadCatalog } from '../../activities/registry';
import type { Edge, Flow, Node } from '../../schemas/generated/flow';
import { validateFlow } from '../../workflows/engine/validate-flow';
import { clientMessageSignal, DIALOG_WORKFLOW_TYPE } from '../../workflows/definitions';
import { handlesOfNode } from '../../workflows/engine/node-types';
import {
  pathsOf,
  SCENARIO_DIALOG,
  simulate,
  type Scenario,
  type ScenarioEvent,
} from '../../workflows/simulate/scenario';
import { WORKFLOW_BUNDLE_PATH } from '../support/global-setup';
import { recordedTimeline, scenarioActivities, witnessFor } from '../support/scenarios';
import { useTimeSkippingEnvironment } from '../support/time-skipping';

/**
 * Property: any flow the validator accepts runs — on the simulator with random client events, and
 * (fewer runs) on the real workflow — without an unhandled error, deterministically, along its edges,
 * and its Temporal history replays without non-determinism.
 */
const catalog = loadCatalog();

const PARAMS: Record<string, Array<Record<string, unknown>>> = {
  trigger: [
    { event: 'dialog.started' },
    { event: 'client.message' },
    { event: 'client.inactive', after: '20m' },
  ],
  condition: [
    { when: { fact: 'messageText', contains: 'help' } },
    {
      when: {
        any: [
          { fact: 'clientKnown', equals: true },
          { fact: 'variable', name: 'x', equals: 1 },
        ],
      },
    },
  ],
  switch: [{ cases: [{ name: 'help', when: { fact: 'messageText', matches: 'help|support' } }] }],
  action: [
    { activity: 'classifyPriority', input: { text: '{{message.text}}' }, resultVariable: 'p' },
    { activity: 'callWebhook', input: { url: 'https://hooks.example/x' } },
  ],
  queue: [
    { mode: 'evenly', stepTimeout: '1h' },
    { mode: 'all', stepTimeout: '90m', rounds: 2 },
  ],
  wait: [
    { event: 'client.message', timeout: '5m' },
    { event: 'rating.received', timeout: '30m' },
  ],
  delay: [{ duration: '90s' }, { duration: '2h' }],
  bot: [{ faq: [{ keywords: ['help'], answer: 'Try turning it off and on.' }], handOverAfter: '30m' }],
  setVariable: [
    { name: 'x', value: 1 },
    { name: 'y', value: 'z' },
  ],
  tag: [{ tag: 'seen' }, { tag: 'seen', remove: true }],
  transfer: [{ operatorId: 'op-7' }],
  close: [{}, { status: 'spam' }],
  end: [{}],
};
const TYPES = Object.keys(PARAMS);

const flows: fc.Arbitrary<Flow> = fc
  .record({
    nodes: fc.array(fc.record({ type: fc.constantFrom(...TYPES), params: fc.nat(9) }), {
      minLength: 1,
      maxLength: 8,
    }),
    wiring: fc.array(fc.tuple(fc.nat(99), fc.nat(99), fc.nat(99)), { maxLength: 14 }),
  })
  .map(({ nodes: kinds, wiring }) => {
    const nodes: Node[] = [
      { id: 'n0', type: 'trigger', params: { event: 'dialog.started' } },
      ...kinds.map(({ type, params }, i) => ({
        id: `n${i + 1}`,
        type,
        params: structuredClone(PARAMS[type]![params % PARAMS[type]!.length]!),
      })),
    ];
    const edges: Edge[] = [];
    const used = new Set<string>();
    for (const [from, to, handle] of wiring) {
      const source = nodes[from % nodes.length]!;
      const handles = handlesOfNode(source).filter((h) => !used.has(`${source.id}/${h}`));
      if (!handles.length) continue;
      const target = nodes[to % nodes.length]!;
      const sourceHandle = handles[handle % handles.length]!;
      used.add(`${source.id}/${sourceHandle}`);
      edges.push({ source: source.id, sourceHandle, target: target.id });
    }
    return { schemaVersion: 1, name: 'random', nodes, edges } as Flow;
  })
  .filter((flow) => validateFlow(flow, catalog).ok);

/**
 * Client events at whole minutes plus a distinct 1-5 s offset each, and a run that ends at 240m7s:
 * every timer in PARAMS is a multiple of 30 s, so no timer falls due at the very instant of an event
 * or of the end, where "which came first" would be a coin toss on any host.
 */
const events: fc.Arbitrary<ScenarioEvent[]> = fc
  .array(
    fc.oneof(
      fc.record({
        minute: fc.nat(180),
        type: fc.constant('client.message' as const),
        text: fc.constantFrom('help me', 'hi', 'support?'),
      }),
      fc.record({
        minute: fc.nat(180),
        type: fc.constant('rating.received' as const),
        rating: fc.constantFrom('like' as const, 3),
      }),
    ),
    { maxLength: 5 },
  )
  .map((list) =>
    list.map(
      ({ minute, ...event }, j) => ({ ...event, at: `${(minute + 1) * 60 + j + 1}s` }) as ScenarioEvent,
    ),
  );
const RUN_FOR_S = 240 * 60 + 7;

const scenarioOf = (flow: Flow, script: ScenarioEvent[]): Scenario => ({
  name: 'random',
  flow,
  events: script,
  runFor: `${RUN_FOR_S}s`,
  activityResults: { classifyPriority: { priority: 'normal', matched: [] } },
  activityFailures: { callWebhook: 'webhook answered 500 five times' },
  // available, but nobody accepts: every queue node offers step by step until it is exhausted
  operators: [{ id: 'op1' }, { id: 'op2', openDialogs: 1 }],
  expect: { paths: [], variables: {}, tags: [], status: null, activityCalls: [] },
});

/** Every step of every path leaves by a handle that has an edge to the next step's node. */
function followsEdges(flow: Flow, paths: ReturnType<typeof pathsOf>): boolean {
  const edges = new Map(flow.edges.map((e) => [`${e.source}/${e.sourceHandle}`, e.target]));
  return paths.every(({ nodes }) =>
    nodes.every((step, i) => {
      if (i === nodes.length - 1) return true;
      const [id, outcome] = step.split(':') as [string, string];
      return edges.get(`${id}/${outcome}`) === nodes[i + 1]!.split(':')[0];
    }),
  );
}

describe('flows the validator accepts', () => {
  it('run on the simulator without unhandled errors, along their edges, the same way every time', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      await fc.assert(
        fc.asyncProperty(flows, events, async (flow, script) => {
          const first = await simulate(scenarioOf(flow, script));
          const again = await simulate(scenarioOf(flow, script));
          expect(again).toEqual(first);
          expect(followsEdges(flow, first.paths)).toBe(true);
          expect(first.paths[0]?.trigger).toBe('n0');
        }),
        { numRuns: 150 },
      );
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
  });

  const environment = useTimeSkippingEnvironment();

  it('run on Temporal like on the simulator, and their histories replay', async () => {
    const env = environment();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(flows, events, async (flow, script) => {
        const scenario = scenarioOf(flow, script);
        const witness = witnessFor(scenario, await env.currentTimeMs());
        const taskQueue = `property-${++n}`;
        const worker = await Worker.create({
          connection: env.nativeConnection,
          taskQueue,
          workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH },
          activities: scenarioActivities(scenario, witness),
        });
        const history = await worker.runUntil(async () => {
          const handle = await env.client.workflow.start(DIALOG_WORKFLOW_TYPE, {
            workflowId: taskQueue,
            taskQueue,
            args: [
              {
                ...SCENARIO_DIALOG,
                dialogId: SCENARIO_DIALOG.id,
                channelKind: 'webhook',
                client: { externalId: 'c' },
              },
            ],
          });
          const start = await env.currentTimeMs();
          let m = 0;
          for (const event of [...script].sort((a, b) => parseInt(a.at) - parseInt(b.at))) {
            await env.sleep(start + parseInt(event.at) * 1000 - (await env.currentTimeMs()));
            const signal = handle.signal(clientMessageSignal, {
              messageId: `m${++m}`,
              externalMessageId: `e${m}`,
              client: { externalId: 'c' },
              receivedAt: new Date(await env.currentTimeMs()).toISOString(),
              ...(event.type === 'client.message' ? { text: event.text } : { rating: event.rating }),
            });
            // a dialog whose flow has ended takes no more signals (the API would open the next dialog)
            if (
              !(await signal.then(
                () => true,
                () => false,
              ))
            )
              break;
          }
          await env.sleep(start + RUN_FOR_S * 1000 - (await env.currentTimeMs()));
          await handle.terminate('property run over').catch(() => undefined);
          return handle.fetchHistory();
        });
        const simulated = await simulate(scenario);
        expect(pathsOf(recordedTimeline(witness))).toEqual(simulated.paths);
        await Worker.runReplayHistory(
          { workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH } },
          history,
          taskQueue,
        );
      }),
      { numRuns: 8 },
    );
    // Each run plays four simulated hours with real activities; beside the integration suites on a
    // 2-core machine that takes minutes, not seconds (8 runs took ~10 s alone, >120 s in a full run).
  }, 600_000);
});
