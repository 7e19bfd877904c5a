import fc from 'fast-check';
import { loadCatalog } from '../../activities/registry';
import { validateFlow, type FlowValidation } from '../../workflows/engine/validate-flow';
import { NODE_TYPES } from '../../workflows/engine/node-types';
import { INVALID_PARAMS, predicates, VALID_PARAMS } from '../support/flow-params';

/**
 * Properties of the flow validator (docs/flows.md §7) over generated documents, with the real catalog:
 * (a) whatever it is given, it answers (never throws) in the documented shape;
 * (b) what it accepts really is a sound graph, and the answer is deterministic;
 * (c) on flows whose params are all valid, it accepts exactly the graphs an independent model of the
 *     graph rules accepts.
 */
const catalog = loadCatalog();
const RUNS = 300;

/** A deep copy made in this realm (structuredClone's objects come from Node's, which fast-check prints badly). */
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

type Node = { id: string; type: string; params: Record<string, unknown> };
type Edge = { source: string; target: string; sourceHandle?: string };
type Doc = { schemaVersion: number; name: string; nodes: Node[]; edges: Edge[] };

/** The answer's shape: ok with the flow, or a non-empty list of located, explained problems. */
function expectWellFormed(result: FlowValidation, document: unknown) {
  if (result.ok) {
    expect(result.flow).toBe(document);
    return;
  }
  // One expect for the whole list (jest's expect is slow enough to matter at 300 runs × 20 problems).
  const malformed = (problem: unknown) => {
    const p = problem as Record<string, unknown> | null;
    return !(
      p &&
      typeof p.pointer === 'string' &&
      p.pointer.startsWith('/') &&
      typeof p.message === 'string' &&
      p.message !== '' &&
      (!('nodeId' in p) || (typeof p.nodeId === 'string' && p.nodeId !== ''))
    );
  };
  expect(Array.isArray(result.problems) && result.problems.length > 0).toBe(true);
  expect(result.problems.filter(malformed)).toEqual([]);
}

const REAL_TYPES = NODE_TYPES.map((t) => t.type);
const UNKNOWN_TYPES = ['sms', 'loop', 'Trigger', 'constructor'];
const IDS = ['a', 'b', 'c', 'd', 'e', 'f', '__proto__'];
const HANDLES = ['next', 'true', 'false', 'accepted', 'exhausted', 'received', 'timeout', 'vip', 'a'];

// ---------------------------------------------------------------------------------------------------
// (a) Anything in, a well-formed answer out.

const paramsFor = (type: string): fc.Arbitrary<Record<string, unknown>> =>
  fc.oneof(
    // Object.hasOwn: "constructor" is one of the unknown types.
    fc.constantFrom(...(Object.hasOwn(VALID_PARAMS, type) ? VALID_PARAMS[type]! : [{}])),
    fc.constantFrom(...(Object.hasOwn(INVALID_PARAMS, type) ? INVALID_PARAMS[type]! : [{ any: 'thing' }])),
    fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
  );

const randomNode: fc.Arbitrary<Node> = fc
  .tuple(fc.constantFrom(...IDS), fc.constantFrom(...REAL_TYPES, ...UNKNOWN_TYPES))
  .chain(([id, type]) => paramsFor(type).map((params) => ({ id, type, params })));

const randomEdge: fc.Arbitrary<Edge> = fc.record(
  {
    source: fc.constantFrom(...IDS, 'ghost'),
    target: fc.constantFrom(...IDS, 'ghost'),
    sourceHandle: fc.constantFrom(...HANDLES, 'maybe', 'default'),
  },
  { requiredKeys: ['source', 'target'] },
);

const flowShaped: fc.Arbitrary<Doc> = fc.record({
  schemaVersion: fc.oneof({ arbitrary: fc.constant(1), weight: 9 }, { arbitrary: fc.constant(2), weight: 1 }),
  name: fc.oneof(
    { arbitrary: fc.constant('random flow'), weight: 9 },
    { arbitrary: fc.constant(''), weight: 1 },
  ),
  nodes: fc.array(randomNode, { minLength: 0, maxLength: 8 }),
  edges: fc.array(randomEdge, { maxLength: 12 }),
});

/** A valid flow with one value somewhere inside replaced by arbitrary JSON, or deleted. */
const VALID_FLOW: Doc = {
  schemaVersion: 1,
  name: 'planted',
  nodes: [
    { id: 'start', type: 'trigger', params: { event: 'dialog.started' } },
    { id: 'hours', type: 'condition', params: { when: predicates[1]! } },
    { id: 'hook', type: 'action', params: VALID_PARAMS.action![0]! },
    { id: 'route', type: 'queue', params: VALID_PARAMS.queue![0]! },
    { id: 'sw', type: 'switch', params: VALID_PARAMS.switch![1]! },
    { id: 'done', type: 'end', params: {} },
  ],
  edges: [
    { source: 'start', target: 'hours' },
    { source: 'hours', sourceHandle: 'true', target: 'hook' },
    { source: 'hours', sourceHandle: 'false', target: 'sw' },
    { source: 'hook', target: 'route' },
    { source: 'route', sourceHandle: 'accepted', target: 'done' },
    { source: 'sw', sourceHandle: 'default', target: 'done' },
  ],
};

function paths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (value === null || typeof value !== 'object') return [prefix];
  const keys: Array<string | number> = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [
    prefix,
    ...keys.flatMap((k) => paths((value as Record<string | number, unknown>)[k], [...prefix, k])),
  ];
}
const VALID_FLOW_PATHS = paths(VALID_FLOW).filter((p) => p.length > 0);

const planted: fc.Arbitrary<unknown> = fc
  .tuple(fc.constantFrom(...VALID_FLOW_PATHS), fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined }))
  .map(([path, value]) => {
    const doc = clone(VALID_FLOW) as unknown as Record<string | number, unknown>;
    let parent = doc;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
    const last = path[path.length - 1]!;
    if (value === undefined && Array.isArray(parent)) parent.splice(last as number, 1);
    else if (value === undefined) delete parent[last];
    else parent[last] = value;
    return doc;
  });

describe('validateFlow never throws and always answers in shape', () => {
  it.each([
    ['fc.jsonValue()', fc.jsonValue()],
    ['fc.anything()', fc.anything()],
    ['flow-shaped documents', flowShaped],
    ['a valid flow with one value replaced or deleted', planted],
  ] as Array<[string, fc.Arbitrary<unknown>]>)('for %s', (_, documents) => {
    fc.assert(
      fc.property(documents, (document) => {
        expectWellFormed(validateFlow(document, catalog), document);
      }),
      { numRuns: RUNS },
    );
  });

  it('accepts the planted flow untouched (so the mutations above start from a valid flow)', () => {
    expect(validateFlow(clone(VALID_FLOW), catalog)).toMatchObject({ ok: true });
  });
});

// ---------------------------------------------------------------------------------------------------
// (b), (c) Flows built to be mostly valid: unique ids, a trigger first, each later node hung on a free
// handle of an earlier one; then extra edges that may close loops, go into triggers, reuse a handle or
// name one that does not exist.

/** Handles and waiting of each node type, written out independently of the node modules. */
function handlesOf(node: Node): string[] {
  switch (node.type) {
    case 'condition':
      return ['true', 'false'];
    case 'switch':
      return [...(node.params.cases as Array<{ name: string }>).map((c) => c.name), 'default'];
    case 'queue':
      return ['accepted', 'exhausted'];
    case 'bot':
      return ['handOver'];
    case 'wait':
      return ['received', 'timeout'];
    case 'split':
      return ['a', 'b'];
    case 'end':
      return [];
    case 'transfer': // to another line: the dialog leaves this flow
      return node.params.lineId === undefined ? ['next'] : [];
    default:
      return ['next'];
  }
}
const WAITING = new Set(['wait', 'delay', 'queue', 'bot']);
/** outputs of a waiting node that may come without time passing */
const INSTANT_OUTPUTS: Record<string, string[]> = { queue: ['accepted'], bot: ['handOver'] };

interface Plan {
  kinds: Array<{ type: string; params: number }>;
  parents: number[];
  omitNext: boolean[];
  /** back: to an earlier node (closing a loop); fresh: from a handle that has no edge yet. */
  extra: Array<{ from: number; to: number; handle: number; omit: boolean; back: boolean; fresh: boolean }>;
  paramsValid: boolean;
}

const TYPES_AFTER_FIRST = REAL_TYPES;

const plans: fc.Arbitrary<Plan> = fc.record({
  kinds: fc.array(fc.record({ type: fc.constantFrom(...TYPES_AFTER_FIRST), params: fc.nat(9) }), {
    minLength: 0,
    maxLength: 9,
  }),
  parents: fc.array(fc.nat(99), { minLength: 10, maxLength: 10 }),
  omitNext: fc.array(fc.boolean(), { minLength: 10, maxLength: 10 }),
  extra: fc.array(
    fc.record({
      from: fc.nat(99),
      to: fc.nat(99),
      handle: fc.nat(99),
      omit: fc.boolean(),
      back: fc.boolean(),
      fresh: fc.oneof(
        { arbitrary: fc.constant(true), weight: 3 },
        { arbitrary: fc.constant(false), weight: 1 },
      ),
    }),
    { maxLength: 4 },
  ),
  paramsValid: fc.oneof(
    { arbitrary: fc.constant(true), weight: 4 },
    { arbitrary: fc.constant(false), weight: 1 },
  ),
});

function build(plan: Plan): Doc {
  const pick = <T>(list: T[], n: number) => list[n % list.length]!;
  const nodes: Node[] = [
    { id: 'n0', type: 'trigger', params: { event: 'dialog.started' } },
    ...plan.kinds.map(({ type, params }, i) => {
      const pool = plan.paramsValid || i !== 0 ? VALID_PARAMS[type]! : INVALID_PARAMS[type]!;
      return { id: `n${i + 1}`, type, params: clone(pick(pool, params)) };
    }),
  ];
  const edges: Edge[] = [];
  const used = new Set<string>();
  /** omit: leave sourceHandle out ("sole": only where it is the node's only output, so still valid). */
  const edge = (source: Node, handle: string, target: Node, omit: boolean | 'sole') => {
    used.add(`${source.id} ${handle}`);
    const sole = handlesOf(source).length === 1;
    edges.push(
      omit === true || (omit === 'sole' && sole)
        ? { source: source.id, target: target.id }
        : { source: source.id, sourceHandle: handle, target: target.id },
    );
  };
  nodes.forEach((node, i) => {
    if (i === 0 || node.type === 'trigger') return;
    const free = nodes.slice(0, i).flatMap((p) =>
      handlesOf(p)
        .filter((h) => !used.has(`${p.id} ${h}`))
        .map((h) => [p, h] as const),
    );
    if (free.length === 0) return; // left unreachable: the validator must say so
    const [parent, handle] = pick(free, plan.parents[i % plan.parents.length]!);
    edge(parent, handle, node, plan.omitNext[i % plan.omitNext.length]! && 'sole');
  });
  for (const { from, to, handle, omit, back, fresh } of plan.extra) {
    const sourceIndex = from % nodes.length;
    const source = nodes[sourceIndex]!;
    const handles = fresh
      ? handlesOf(source).filter((h) => !used.has(`${source.id} ${h}`))
      : [...handlesOf(source), 'maybe'];
    if (handles.length === 0) continue;
    const target = back && sourceIndex > 0 ? pick(nodes.slice(1, sourceIndex + 1), to) : pick(nodes, to);
    edge(source, pick(handles, handle), target, omit && (fresh ? 'sole' : true));
  }
  return { schemaVersion: 1, name: 'built', nodes, edges };
}

/** The graph rules of docs/flows.md §7, written from that section for flows whose ids are unique and params valid. */
function graphIsSound(doc: Doc): boolean {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const used = new Set<string>();
  for (const edge of doc.edges) {
    const source = byId.get(edge.source);
    const target = byId.get(edge.target);
    if (!source || !target || target.type === 'trigger') return false;
    const handles = handlesOf(source);
    const handle = edge.sourceHandle ?? (handles.length === 1 ? handles[0] : undefined);
    if (handle === undefined || !handles.includes(handle) || used.has(`${source.id} ${handle}`)) return false;
    used.add(`${source.id} ${handle}`);
  }
  if (!reachesAll(doc)) return false;
  // No cycle along edges where no time need pass: every edge from a node that does not wait, and a
  // queue's "accepted" or a chatbot's "handOver" edge (both can come at once). Repeatedly drop nodes
  // with no incoming busy edge; what is left holds a cycle.
  const busyEdges = doc.edges.filter((e) => {
    const source = byId.get(e.source)!;
    const handle = e.sourceHandle ?? handlesOf(source)[0];
    return !WAITING.has(source.type) || (INSTANT_OUTPUTS[source.type] ?? []).includes(handle!);
  });
  let left = new Set(doc.nodes.map((n) => n.id));
  for (;;) {
    const free = [...left].filter((id) => !busyEdges.some((e) => e.target === id && left.has(e.source)));
    if (free.length === 0) break;
    left = new Set([...left].filter((id) => !free.includes(id)));
  }
  return left.size === 0;
}

function reachesAll(doc: Doc): boolean {
  const reached = new Set(doc.nodes.filter((n) => n.type === 'trigger').map((n) => n.id));
  if (reached.size === 0) return false;
  for (let grew = true; grew;) {
    grew = false;
    for (const e of doc.edges) {
      if (reached.has(e.source) && !reached.has(e.target)) {
        reached.add(e.target);
        grew = true;
      }
    }
  }
  return doc.nodes.every((n) => reached.has(n.id));
}

describe('what validateFlow accepts', () => {
  let accepted = 0;
  let rejected = 0;
  afterAll(() => {
    // The generator must exercise both answers, or the properties below prove little.
    expect(accepted).toBeGreaterThan(RUNS / 10);
    expect(rejected).toBeGreaterThan(RUNS / 10);
  });

  it('is a sound graph, and the same document (or a copy of it) is accepted again', () => {
    fc.assert(
      fc.property(fc.oneof(plans.map(build), flowShaped), (doc) => {
        const copy = structuredClone(doc);
        const result = validateFlow(doc, catalog);
        expectWellFormed(result, doc);
        expect(doc).toEqual(copy); // the document is not changed
        const again = validateFlow(copy, catalog);
        expect(again.ok ? { ok: true } : again).toEqual(result.ok ? { ok: true } : result);
        if (!result.ok) return;
        expect(again).toEqual({ ok: true, flow: doc });
        const ids = new Set(doc.nodes.map((n) => n.id));
        expect(ids.size).toBe(doc.nodes.length);
        for (const edge of doc.edges) {
          expect(ids.has(edge.source)).toBe(true);
          expect(ids.has(edge.target)).toBe(true);
        }
        expect(reachesAll(doc)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('is exactly what the graph rules allow, when every param is valid', () => {
    fc.assert(
      fc.property(
        plans.map((plan) => build({ ...plan, paramsValid: true })),
        (doc) => {
          const result = validateFlow(doc, catalog);
          const sound = graphIsSound(doc);
          if (result.ok) accepted++;
          else rejected++;
          expect(result.ok ? 'accepted' : result.problems).toEqual(sound ? 'accepted' : expect.any(Array));
          expect(result.ok).toBe(sound);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('rejects, naming the node, a flow whose first node after the trigger has bad params', () => {
    fc.assert(
      fc.property(
        plans.filter((plan) => plan.kinds.length > 0).map((plan) => build({ ...plan, paramsValid: false })),
        (doc) => {
          const result = validateFlow(doc, catalog);
          expect(result.ok).toBe(false);
          if (result.ok) return;
          expect(result.problems).toContainEqual(
            expect.objectContaining({ pointer: expect.stringMatching(/^\/nodes\/1\/params/), nodeId: 'n1' }),
          );
        },
      ),
      { numRuns: RUNS },
    );
  });
});
