import fc from 'fast-check';
import { loadCatalog } from '../../activities/registry';
import type { Flow } from '../../schemas/generated/flow';
import { handlesOfNode, NODE_TYPES } from '../../workflows/engine/node-types';
import { reviewFlow } from '../../workflows/engine/validate-flow';
import { simulate, type ScenarioEvent } from '../../workflows/simulate/scenario';
import { INVALID_PARAMS, VALID_PARAMS } from '../support/flow-params';

/**
 * The flow fuzzer (issue: fuzzing at scale): 10,000 random flows of every node type in the catalog,
 * mostly well-formed, some with a wrong param or a made-up handle, through the validator the server
 * and the designer share; each one it accepts is run on the simulator with a random script. Nothing may
 * throw or reject unhandled, no accepted flow may hold a cycle without a node that waits (checked here
 * independently of the validator), and every step of every path must follow an edge. On a failure
 * fast-check prints the seed and path that reproduce it (pass them as `{ seed, path }` to fc.assert);
 * FUZZ_RUNS=100000 runs more.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const catalog = loadCatalog();
const TYPES = NODE_TYPES.map((n) => n.type);

interface Plan {
  kinds: Array<{ type: string; pick: number; broken: boolean }>;
  wiring: Array<[number, number, number, boolean]>;
}

const plans: fc.Arbitrary<Plan> = fc.record({
  kinds: fc.array(
    fc.record({
      type: fc.constantFrom(...TYPES),
      pick: fc.nat(99),
      broken: fc.boolean().chain((b) => (b ? fc.nat(19).map((n) => n === 0) : fc.constant(false))),
    }),
    { minLength: 1, maxLength: 12 },
  ),
  wiring: fc.array(
    fc.tuple(
      fc.nat(99),
      fc.nat(99),
      fc.nat(99),
      fc.nat(49).map((n) => n === 0),
    ),
    {
      maxLength: 20,
    },
  ),
});

function build({ kinds, wiring }: Plan): Flow {
  const nodes = [
    { id: 'n0', type: 'trigger', params: { event: 'dialog.started' } as Record<string, unknown> },
    ...kinds.map(({ type, pick, broken }, i) => {
      const pool = (broken ? INVALID_PARAMS[type] : VALID_PARAMS[type]) ?? VALID_PARAMS[type]!;
      return { id: `n${i + 1}`, type, params: structuredClone(pool[pick % pool.length]!) };
    }),
  ];
  const used = new Set<string>();
  const edges: Flow['edges'] = [];
  const connect = (source: (typeof nodes)[number], pick: number, target: string, madeUp = false) => {
    const free = handlesOfNode(source).filter((h) => !used.has(`${source.id}/${h}`));
    if (!free.length && !madeUp) return false;
    const sourceHandle = madeUp ? 'nowhere' : free[pick % free.length]!;
    used.add(`${source.id}/${sourceHandle}`);
    edges.push({ source: source.id, sourceHandle, target });
    return true;
  };
  // Each node (but a trigger, which starts paths itself) hangs on a free handle of an earlier one, so
  // most flows are reachable; then extra edges close loops, join branches or name a made-up handle.
  nodes.forEach((node, i) => {
    if (i === 0 || node.type === 'trigger') return;
    const pick = kinds[i - 1]!.pick;
    for (let k = 0; k < i; k++) if (connect(nodes[(pick + k) % i]!, pick, node.id)) return;
  });
  for (const [from, to, handle, madeUp] of wiring.slice(0, 4))
    connect(nodes[from % nodes.length]!, handle, nodes[to % nodes.length]!.id, madeUp);
  return { schemaVersion: 1, name: 'fuzzed', nodes, edges } as Flow;
}

const scripts: fc.Arbitrary<ScenarioEvent[]> = fc.array(
  fc.oneof(
    fc.record({
      at: fc.nat(360).map((m) => (m === 0 ? '0' : `${m}m`)),
      type: fc.constant('client.message' as const),
      text: fc.constantFrom('refund please', 'hi', 'price?'),
    }),
    fc.record({
      at: fc.nat(360).map((m) => (m === 0 ? '0' : `${m}m`)),
      type: fc.constant('operator.accept' as const),
      operator: fc.constantFrom('op1', 'op2'),
    }),
    fc.record({
      at: fc.nat(360).map((m) => (m === 0 ? '0' : `${m}m`)),
      type: fc.constant('operator.message' as const),
    }),
    fc.record({
      at: fc.nat(360).map((m) => (m === 0 ? '0' : `${m}m`)),
      type: fc.constant('operator.close' as const),
    }),
    fc.record({
      at: fc.nat(360).map((m) => (m === 0 ? '0' : `${m}m`)),
      type: fc.constant('rating.received' as const),
      rating: fc.constantFrom('like' as const, 2, 5),
    }),
  ),
  { maxLength: 6 },
);

/**
 * A cycle along which no time need pass, by a depth-first search of our own (not the validator's):
 * edges from nodes that do not wait, and a queue's "accepted" or a chatbot's "handOver" (both can come
 * at once, which is how this fuzzer found the validator letting queue → tag → queue through).
 */
const WAITING = new Set(['wait', 'delay', 'queue', 'bot']);
const AT_ONCE: Record<string, string> = { queue: 'accepted', bot: 'handOver' };
function busyCycle(flow: Flow): string[] | null {
  const typeOf = new Map(flow.nodes.map((n) => [n.id, n.type]));
  const next = new Map<string, string[]>();
  for (const e of flow.edges) {
    const type = typeOf.get(e.source)!;
    if (WAITING.has(type) && AT_ONCE[type] !== e.sourceHandle) continue;
    next.set(e.source, [...(next.get(e.source) ?? []), e.target]);
  }
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | null => {
    state.set(id, 'open');
    stack.push(id);
    for (const target of next.get(id) ?? []) {
      if (state.get(target) === 'open') return stack.slice(stack.indexOf(target));
      if (!state.has(target)) {
        const found = visit(target);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(id, 'done');
    return null;
  };
  for (const id of typeOf.keys())
    if (!state.has(id)) {
      const found = visit(id);
      if (found) return found;
    }
  return null;
}

describe('the flow fuzzer', () => {
  it(`takes ${RUNS} random flows through the validator and the accepted ones through the simulator`, async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    let accepted = 0;
    let steps = 0;
    try {
      await fc.assert(
        fc.asyncProperty(plans, scripts, async (plan, script) => {
          const flow = build(plan);
          const { errors, warnings } = reviewFlow(flow, { activities: catalog, line: {} });
          for (const problem of [...errors, ...warnings]) expect(problem.pointer.startsWith('/')).toBe(true);
          if (errors.length) return;
          accepted++;
          expect(busyCycle(flow)).toBeNull();
          const outcome = await simulate({
            name: 'fuzzed',
            flow,
            events: script,
            runFor: '3h',
            operators: [{ id: 'op1' }, { id: 'op2', openDialogs: 1 }],
            lines: {},
            expect: { paths: [], variables: {}, tags: [], status: null, activityCalls: [] },
          });
          const edges = new Map(flow.edges.map((e) => [`${e.source}/${e.sourceHandle}`, e.target]));
          for (const path of outcome.paths) {
            steps += path.nodes.length;
            path.nodes.forEach((step, i) => {
              if (i === path.nodes.length - 1) return;
              const [id, handle] = step.split(':') as [string, string];
              expect(edges.get(`${id}/${handle}`)).toBe(path.nodes[i + 1]!.split(':')[0]);
            });
          }
        }),
        { numRuns: RUNS },
      );
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
    // the generator must reach the simulator often, or the run proves little
    expect(accepted).toBeGreaterThan(RUNS / 10);
    expect(steps).toBeGreaterThan(accepted);
  }, 600_000); // ~70 s alone on 2 cores; beside the other CPU-bound suites of a full run, well over 120 s
});
