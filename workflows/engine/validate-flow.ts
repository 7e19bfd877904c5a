import type { Flow } from '../../schemas/generated/flow';
import type { LineSettings } from '../../schemas/generated/line-settings';
import { durationMs } from '../../schemas/durations';
import { ajv, toDetails, validatorFor, type ValidationDetail } from '../../schemas/ajv';
import { edgeHandle, handlesOf, nodeType, type NodeTypeDefinition } from './node-types';
import type { NodeCheckContext } from './nodes/define-node';

/**
 * Validates a flow document: its JSON Schema, each node's params against its node type, each action's
 * input against its activity, and the graph rules of docs/flows.md §7. Every problem names the node (when there
 * is one) and a JSON pointer into the document, so the designer can highlight the field.
 */
export type FlowProblem = ValidationDetail;

/** What the validator needs to know about activities: their names and input schemas. */
export interface ActivityInputs {
  inputSchemaOf(name: string): object | undefined;
}

export type FlowValidation = { ok: true; flow: Flow } | { ok: false; problems: FlowProblem[] };

const inputValidators = new WeakMap<object, ReturnType<typeof ajv.compile>>();
function compileInput(schema: object) {
  let validate = inputValidators.get(schema);
  if (!validate) inputValidators.set(schema, (validate = ajv.compile(schema)));
  return validate;
}

/** Schema problems under /nodes/i/… name node i, when it has a usable id. */
function withNodeIds(document: unknown, problems: FlowProblem[]): FlowProblem[] {
  const nodes = (document as { nodes?: unknown } | null)?.nodes;
  return problems.map((problem) => {
    const index = /^\/nodes\/(\d+)(\/|$)/.exec(problem.pointer)?.[1];
    const id =
      Array.isArray(nodes) && index !== undefined
        ? (nodes[Number(index)] as { id?: unknown })?.id
        : undefined;
    return typeof id === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(id) ? { ...problem, nodeId: id } : problem;
  });
}

export function validateFlow(document: unknown, activities: ActivityInputs): FlowValidation {
  const { flow, problems } = checkFlow(document, activities);
  return flow && !problems.length ? { ok: true, flow } : { ok: false, problems };
}

/** The errors that keep a flow from being published or run; [] when there are none. */
export const flowErrors = (document: unknown, activities: ActivityInputs): FlowProblem[] =>
  checkFlow(document, activities).problems;

/** Every error, and the document as a flow when it has a flow's shape (its graph may still be wrong). */
function checkFlow(
  document: unknown,
  activities: ActivityInputs,
): { flow: Flow | null; problems: FlowProblem[] } {
  const validateShape = validatorFor<Flow>('flow');
  if (!validateShape(document))
    return { flow: null, problems: withNodeIds(document, toDetails(validateShape.errors)) };
  const flow = document;
  const problems: FlowProblem[] = [];
  const report = (pointer: string, message: string, nodeId?: string) =>
    problems.push(nodeId ? { pointer, message, nodeId } : { pointer, message });

  // Nodes: unique ids, known types, params valid for the type, actions naming a known activity.
  const checks: NodeCheckContext = {
    inputSchemaOf: (name) => activities.inputSchemaOf(name),
    check: (schema, value) => {
      const validate = compileInput(schema);
      return validate(value) ? [] : toDetails(validate.errors);
    },
  };
  const types = new Map<string, NodeTypeDefinition>();
  const seen = new Set<string>();
  flow.nodes.forEach((node, i) => {
    const at = `/nodes/${i}`;
    if (seen.has(node.id)) report(`${at}/id`, `duplicate node id "${node.id}"`, node.id);
    seen.add(node.id);
    const type = nodeType(node.type);
    if (!type) {
      report(`${at}/type`, `unknown node type "${node.type}"`, node.id);
      return;
    }
    // a node type's schema is registered with the shared ajv (schemas/nodes/) or compiled from its module
    const validateParams = ajv.getSchema(type.params.$id) ?? compileInput(type.params);
    if (!validateParams(node.params)) {
      for (const d of toDetails(validateParams.errors))
        report(`${at}/params${d.pointer === '/' ? '' : d.pointer}`, d.message, node.id);
      return;
    }
    types.set(node.id, type);
    type.check?.(node.params, (pointer, message) => report(`${at}${pointer}`, message, node.id), checks);
    const outputs = handlesOf(type.outputs, node.params);
    outputs.forEach((handle, k) => {
      if (outputs.indexOf(handle) !== k) {
        report(`${at}/params/cases/${k}/name`, `another case is already named "${handle}"`, node.id);
      }
    });
  });

  // Edges: between existing nodes, from a declared handle, never into a trigger, no duplicates.
  const index = new Map(flow.nodes.map((node, i) => [node.id, i]));
  const next = new Map<string, string[]>();
  const usedHandles = new Set<string>();
  flow.edges.forEach((edge, j) => {
    const at = `/edges/${j}`;
    const sourceIndex = index.get(edge.source);
    const targetIndex = index.get(edge.target);
    if (sourceIndex === undefined) report(`${at}/source`, `no node "${edge.source}"`);
    if (targetIndex === undefined) report(`${at}/target`, `no node "${edge.target}"`);
    if (sourceIndex === undefined || targetIndex === undefined) return;
    if (nodeType(flow.nodes[targetIndex]!.type)?.startsPaths) {
      report(`${at}/target`, 'a trigger starts a path; no edge may lead into it', edge.target);
    }
    const type = types.get(edge.source);
    if (type) {
      const handles = handlesOf(type.outputs, flow.nodes[sourceIndex]!.params);
      const handle = edgeHandle(edge, handles);
      if (handle === undefined || !handles.includes(handle)) {
        const expected = handles.length ? handles.map((h) => `"${h}"`).join(', ') : 'none (it ends the path)';
        report(
          `${at}/sourceHandle`,
          `"${edge.sourceHandle ?? ''}" is not an output of ${type.type} node "${edge.source}"; outputs: ${expected}`,
          edge.source,
        );
      } else if (usedHandles.has(`${edge.source}\u0000${handle}`)) {
        report(
          `${at}/sourceHandle`,
          `output "${handle}" of "${edge.source}" already has an edge`,
          edge.source,
        );
      } else {
        usedHandles.add(`${edge.source}\u0000${handle}`);
      }
    }
    next.set(edge.source, [...(next.get(edge.source) ?? []), edge.target]);
  });

  // Reachability: every node on some path from a trigger.
  const triggers = flow.nodes.filter((n) => nodeType(n.type)?.startsPaths).map((n) => n.id);
  if (triggers.length === 0) report('/nodes', 'a flow needs at least one trigger');
  const reached = new Set(triggers);
  const frontier = [...triggers];
  while (frontier.length) {
    for (const target of next.get(frontier.pop()!) ?? []) {
      if (!reached.has(target)) {
        reached.add(target);
        frontier.push(target);
      }
    }
  }
  flow.nodes.forEach((node, i) => {
    if (!reached.has(node.id))
      report(`/nodes/${i}`, `node "${node.id}" cannot be reached from any trigger`, node.id);
  });

  // Cycles: each must pass through a node that waits, or the dialog would spin without end.
  for (const cycle of cyclesWithoutWaiting(flow)) {
    const first = cycle[0]!;
    const loop = [...cycle, first].join(' → ');
    // a waiting node on the cycle, left by an output it can take at once (a queue's "accepted")
    const passedAtOnce = cycle.map((id) => flow.nodes[index.get(id)!]!).find((n) => nodeType(n.type)?.waits);
    const instant = passedAtOnce ? (nodeType(passedAtOnce.type)!.instantOutputs ?? []) : [];
    report(
      `/nodes/${index.get(first)}`,
      passedAtOnce
        ? `cycle ${loop} never waits: ${passedAtOnce.type} "${passedAtOnce.id}" can leave by ${instant.map((h) => `"${h}"`).join(', ')} at once (e.g. once the dialog is taken), so the loop would spin; put a wait or delay on it`
        : `cycle ${loop} has no wait, delay or queue on it`,
      first,
    );
  }

  return { flow, problems };
}

/**
 * Strongly connected groups (Tarjan) over the edges along which no time need pass: every edge from a
 * node that does not wait, and the edges from a waiting node by an output it may take at once (its
 * type's `instantOutputs`). Any group with a loop in it is a busy cycle.
 */
function cyclesWithoutWaiting(flow: Flow): string[][] {
  // By the node's type alone: a wait with a bad param is reported for that param, not as a busy loop.
  const next = new Map<string, string[]>();
  const byId = new Map(flow.nodes.map((n) => [n.id, n]));
  for (const edge of flow.edges) {
    const source = byId.get(edge.source);
    if (!source || !byId.has(edge.target)) continue;
    const type = nodeType(source.type);
    if (type?.waits) {
      const handle = edgeHandle(edge, handlesOf(type.outputs, source.params));
      if (handle === undefined || !(type.instantOutputs ?? []).includes(handle)) continue;
    }
    next.set(edge.source, [...(next.get(edge.source) ?? []), edge.target]);
  }
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let counter = 0;
  const visit = (id: string) => {
    order.set(id, counter);
    low.set(id, counter++);
    stack.push(id);
    onStack.add(id);
    for (const target of next.get(id) ?? []) {
      if (!order.has(target)) {
        visit(target);
        low.set(id, Math.min(low.get(id)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(id, Math.min(low.get(id)!, order.get(target)!));
      }
    }
    if (low.get(id) === order.get(id)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        group.push(member);
      } while (member !== id);
      const selfLoop = group.length === 1 && (next.get(id) ?? []).includes(id);
      if (group.length > 1 || selfLoop) found.push(group.reverse());
    }
  };
  for (const node of flow.nodes) if (!order.has(node.id)) visit(node.id);
  return found;
}

/** What the designer and the validate route show: errors (publishing refuses them) and warnings. */
export interface FlowReview {
  errors: FlowProblem[];
  warnings: FlowProblem[];
}

/**
 * Errors (validateFlow) and warnings beyond the schema, for the line the flow belongs to. The browser
 * runs this same function, bundled, on every change in the designer; the server's routes run it too.
 */
export function reviewFlow(
  document: unknown,
  { activities, line }: { activities: ActivityInputs; line?: LineSettings | null },
): FlowReview {
  const { flow, problems } = checkFlow(document, activities);
  return { errors: problems, warnings: flow ? flowWarnings(flow, line ?? {}) : [] };
}

/**
 * What is allowed but probably not meant: a trigger leading nowhere, a queue whose `exhausted` ends
 * the path with nobody told, a wait the dialog's own auto-close cuts short, working hours the flow
 * never looks at.
 */
export function flowWarnings(flow: Flow, line: LineSettings): FlowProblem[] {
  const warnings: FlowProblem[] = [];
  const warn = (i: number, message: string, tail = '') =>
    warnings.push({ pointer: `/nodes/${i}${tail}`, message, nodeId: flow.nodes[i]!.id });
  const handlesUsed = new Set(flow.edges.map((e) => `${e.source}\u0000${e.sourceHandle ?? ''}`));
  const leaves = (id: string, handle: string, only: boolean) =>
    handlesUsed.has(`${id}\u0000${handle}`) || (only && handlesUsed.has(`${id}\u0000`));
  const triggersOf = (event: string) =>
    flow.nodes.filter((n) => nodeType(n.type)?.startsPaths && n.params.event === event);

  // The shortest quiet spell after which the flow closes the dialog (a client.inactive path to a close).
  const closesAfter = triggersOf('client.inactive')
    .filter((trigger) => reaches(flow, trigger.id, (n) => n.type === 'close'))
    .map((trigger) => ({ id: trigger.id, ms: durationOrNull(trigger.params.after) }))
    .filter((t): t is { id: string; ms: number } => t.ms !== null)
    .sort((a, b) => a.ms - b.ms)[0];
  const exhaustedHandled = triggersOf('queue.exhausted').length > 0;
  const looksAtHours = flow.nodes.some((n) => mentionsFact(n.params, 'withinWorkingHours'));

  flow.nodes.forEach((node, i) => {
    const type = nodeType(node.type);
    if (!type) return;
    const handles = handlesOf(type.outputs, node.params);
    if (type.startsPaths && handles.length && !handles.some((h) => leaves(node.id, h, handles.length === 1)))
      warn(i, `trigger "${node.id}" has no outgoing edge: its event starts nothing`);
    if (node.type === 'queue' && !exhaustedHandled && !leaves(node.id, 'exhausted', false))
      warn(
        i,
        `when nobody accepts, queue "${node.id}" ends its path with nobody told: connect "exhausted" (notify, transfer, another round) or add a queue.exhausted trigger`,
        '/params',
      );
    const waitsFor =
      node.type === 'wait' ? node.params.timeout : node.type === 'delay' ? node.params.duration : undefined;
    const ms = durationOrNull(waitsFor);
    if (closesAfter && ms !== null && ms >= closesAfter.ms)
      warn(
        i,
        `${node.type} "${node.id}" waits ${String(waitsFor)}, but trigger "${closesAfter.id}" closes a dialog whose client is silent that long first`,
        node.type === 'wait' ? '/params/timeout' : '/params/duration',
      );
  });
  if (line.workingHours && !looksAtHours && flow.nodes.length) {
    warnings.push({
      pointer: '/nodes',
      message:
        'the line has working hours, but no condition looks at withinWorkingHours: clients who write outside hours are queued like any other',
    });
  }
  return warnings;
}

function durationOrNull(value: unknown): number | null {
  try {
    return typeof value === 'string' ? durationMs(value) : null;
  } catch {
    return null;
  }
}

/** Does a path from `from` reach a node that passes `test`? */
function reaches(flow: Flow, from: string, test: (node: Flow['nodes'][number]) => boolean): boolean {
  const byId = new Map(flow.nodes.map((n) => [n.id, n]));
  const seen = new Set([from]);
  const frontier = [from];
  while (frontier.length) {
    const id = frontier.pop()!;
    for (const edge of flow.edges) {
      if (edge.source !== id || seen.has(edge.target)) continue;
      const target = byId.get(edge.target);
      if (!target) continue;
      if (test(target)) return true;
      seen.add(edge.target);
      frontier.push(edge.target);
    }
  }
  return false;
}

/** Does any predicate in these params test the fact? */
function mentionsFact(value: unknown, fact: string): boolean {
  if (Array.isArray(value)) return value.some((v) => mentionsFact(v, fact));
  if (!value || typeof value !== 'object') return false;
  const record = value as Record<string, unknown>;
  return record.fact === fact || Object.values(record).some((v) => mentionsFact(v, fact));
}
