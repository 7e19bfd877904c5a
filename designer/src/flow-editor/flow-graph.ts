import type { Edge, Node } from '@xyflow/react';
import type { Flow } from '../../../schemas/generated/flow';
import { edgeHandle } from '../../../workflows/engine/node-outputs';
import { cloneJson, type CatalogIndex } from './flow-catalog';

/**
 * The flow document ⇄ the canvas's nodes and edges. Node `data` is JSON only (the flow node's type,
 * params and label), so the store can copy, compare and undo it; everything drawn is derived from it.
 */
export interface FlowNodeData extends Record<string, unknown> {
  type: string;
  params: Record<string, unknown>;
  label?: string;
  /** compare view only: how the node differs between the two versions */
  diff?: DiffMark;
}
export type DiffMark = 'added' | 'removed' | 'changed';
export type FlowNode = Node<FlowNodeData, 'flow'>;
export interface FlowEdgeData extends Record<string, unknown> {
  diff?: DiffMark;
}
export type FlowEdge = Edge<FlowEdgeData>;

/** What a node is called on the canvas: its activity's title for an action, else its type's title. */
export function nodeTitle(catalog: CatalogIndex, data: Pick<FlowNodeData, 'type' | 'params'>): string {
  if (data.type === 'action') {
    const name = data.params.activity;
    if (typeof name === 'string') return catalog.activity(name)?.title ?? name;
  }
  return catalog.nodeType(data.type)?.title ?? data.type;
}

/** Nodes with their accessible name (title and id) set; only those whose name changes are copied. */
export function withAriaLabels(nodes: FlowNode[], catalog: CatalogIndex): FlowNode[] {
  let changed = false;
  const result = nodes.map((n) => {
    const label = `${n.data.label ?? nodeTitle(catalog, n.data)} (${n.id})`;
    if (n.ariaLabel === label) return n;
    changed = true;
    return { ...n, ariaLabel: label };
  });
  return changed ? result : nodes;
}

/** The flow's own fields other than its graph. */
export interface FlowMeta {
  name: string;
  description?: string;
}

export const NODE_KIND = 'flow';
export const edgeId = (source: string, handle: string | null | undefined, target: string) =>
  `${source}:${handle ?? ''}->${target}`;

const GRID_X = 280;
const GRID_Y = 130;

export function toGraph(flow: Flow, catalog: CatalogIndex): { nodes: FlowNode[]; edges: FlowEdge[] } {
  const positions = flow.nodes.some((n) => !n.position) ? layeredPositions(flow) : undefined;
  const nodes: FlowNode[] = flow.nodes.map((n) => ({
    id: n.id,
    type: NODE_KIND,
    position: n.position ? { x: n.position.x, y: n.position.y } : positions!.get(n.id)!,
    data: {
      type: n.type,
      params: n.params,
      ...(n.label !== undefined ? { label: n.label } : {}),
    },
  }));
  const types = new Map(flow.nodes.map((n) => [n.id, n]));
  const edges: FlowEdge[] = flow.edges.map((e) => {
    const source = types.get(e.source);
    const handles = source ? catalog.handles(source.type, source.params) : [];
    const handle = edgeHandle(e, handles) ?? e.sourceHandle ?? null;
    return {
      id: edgeId(e.source, handle, e.target),
      source: e.source,
      sourceHandle: handle,
      target: e.target,
    };
  });
  return { nodes, edges };
}

export function toDocument(
  meta: FlowMeta,
  nodes: readonly FlowNode[],
  edges: readonly FlowEdge[],
  catalog: CatalogIndex,
): Flow {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  return {
    schemaVersion: 1,
    name: meta.name,
    ...(meta.description !== undefined ? { description: meta.description } : {}),
    nodes: nodes.map((n) => ({
      id: n.id,
      type: n.data.type,
      params: n.data.params,
      ...(n.data.label !== undefined ? { label: n.data.label } : {}),
      position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
    })),
    edges: edges.map((e) => {
      const source = byId.get(e.source);
      const handles = source ? catalog.handles(source.data.type, source.data.params) : [];
      // an edge from a node's only output leaves the handle out, as flows are written by hand
      const implicit = handles.length === 1 && e.sourceHandle === handles[0];
      return {
        source: e.source,
        ...(e.sourceHandle && !implicit ? { sourceHandle: e.sourceHandle } : {}),
        target: e.target,
      };
    }),
  };
}

/**
 * Positions for a flow drawn without them (written by hand, or the default flow): columns by the
 * distance from a trigger, one row per path. "Tidy up" (elkjs) does better when asked.
 */
export function layeredPositions(flow: Flow): Map<string, { x: number; y: number }> {
  const next = new Map<string, string[]>();
  for (const e of flow.edges) next.set(e.source, [...(next.get(e.source) ?? []), e.target]);
  const depth = new Map<string, number>();
  const roots = flow.nodes.filter((n) => n.type === 'trigger').map((n) => n.id);
  const queue: Array<[string, number]> = roots.map((id) => [id, 0]);
  for (const [id] of queue) depth.set(id, 0);
  while (queue.length) {
    const [id, d] = queue.shift()!;
    for (const target of next.get(id) ?? [])
      if (!depth.has(target)) {
        depth.set(target, d + 1);
        queue.push([target, d + 1]);
      }
  }
  const rows = new Map<number, number>();
  const result = new Map<string, { x: number; y: number }>();
  // rows follow the document's order per column, so each trigger's path reads as one band
  let band = 0;
  const placed = new Set<string>();
  const place = (id: string, d: number) => {
    const row = Math.max(rows.get(d) ?? 0, band);
    rows.set(d, row + 1);
    result.set(id, { x: d * GRID_X, y: row * GRID_Y });
    placed.add(id);
  };
  for (const root of roots) {
    const walk = [root];
    while (walk.length) {
      const id = walk.shift()!;
      if (placed.has(id)) continue;
      place(id, depth.get(id) ?? 0);
      walk.push(...(next.get(id) ?? []).filter((t) => (depth.get(t) ?? 0) > (depth.get(id) ?? 0)));
    }
    band = Math.max(0, ...rows.values());
  }
  for (const n of flow.nodes) if (!placed.has(n.id)) place(n.id, depth.get(n.id) ?? 0);
  return result;
}

/** A node id not taken yet, from a type or an id that is taken (`queue` → `queue2`). */
export function freeId(base: string, taken: ReadonlySet<string>): string {
  const stem =
    base
      .replace(/[^A-Za-z0-9_-]/g, '')
      .replace(/\d+$/, '')
      .slice(0, 56) || 'node';
  if (!taken.has(stem)) return stem;
  for (let i = 2; ; i++) if (!taken.has(`${stem}${i}`)) return `${stem}${i}`;
}

/** What the clipboard holds: nodes and the edges between them, as the flow document writes them. */
export interface ClipboardContent {
  lineflowClipboard: 1;
  nodes: Array<{
    id: string;
    type: string;
    params: Record<string, unknown>;
    label?: string;
    position: { x: number; y: number };
  }>;
  edges: Array<{ source: string; sourceHandle: string | null; target: string }>;
}

export function copySelection(
  nodes: readonly FlowNode[],
  edges: readonly FlowEdge[],
): ClipboardContent | null {
  const chosen = nodes.filter((n) => n.selected);
  if (!chosen.length) return null;
  const ids = new Set(chosen.map((n) => n.id));
  return {
    lineflowClipboard: 1,
    nodes: chosen.map((n) => ({
      id: n.id,
      type: n.data.type,
      params: cloneJson(n.data.params),
      ...(n.data.label !== undefined ? { label: n.data.label } : {}),
      position: { ...n.position },
    })),
    edges: edges
      .filter((e) => ids.has(e.source) && ids.has(e.target))
      .map((e) => ({ source: e.source, sourceHandle: e.sourceHandle ?? null, target: e.target })),
  };
}

/** Nodes and edges to add for a paste: new ids, edges between the copied nodes kept, shifted a little. */
export function pasteContent(
  content: ClipboardContent,
  taken: ReadonlySet<string>,
  offset = { x: 40, y: 40 },
): { nodes: FlowNode[]; edges: FlowEdge[] } {
  const used = new Set(taken);
  const renamed = new Map<string, string>();
  for (const n of content.nodes) {
    const id = freeId(n.id, used);
    used.add(id);
    renamed.set(n.id, id);
  }
  const nodes: FlowNode[] = content.nodes.map((n) => ({
    id: renamed.get(n.id)!,
    type: NODE_KIND,
    position: { x: n.position.x + offset.x, y: n.position.y + offset.y },
    selected: true,
    data: { type: n.type, params: cloneJson(n.params), ...(n.label !== undefined ? { label: n.label } : {}) },
  }));
  const edges: FlowEdge[] = content.edges
    .filter((e) => renamed.has(e.source) && renamed.has(e.target))
    .map((e) => {
      const source = renamed.get(e.source)!;
      const target = renamed.get(e.target)!;
      return { id: edgeId(source, e.sourceHandle, target), source, sourceHandle: e.sourceHandle, target };
    });
  return { nodes, edges };
}

export function isClipboardContent(value: unknown): value is ClipboardContent {
  const v = value as Partial<ClipboardContent> | null;
  return !!v && v.lineflowClipboard === 1 && Array.isArray(v.nodes) && Array.isArray(v.edges);
}

/** Renames a node, keeping its edges. */
export function renameNode(
  nodes: readonly FlowNode[],
  edges: readonly FlowEdge[],
  from: string,
  to: string,
): { nodes: FlowNode[]; edges: FlowEdge[] } {
  return {
    nodes: nodes.map((n) => (n.id === from ? { ...n, id: to } : n)),
    edges: edges.map((e) => {
      if (e.source !== from && e.target !== from) return e;
      const source = e.source === from ? to : e.source;
      const target = e.target === from ? to : e.target;
      return { ...e, id: edgeId(source, e.sourceHandle, target), source, target };
    }),
  };
}

/** How two versions of a flow differ, node by node and edge by edge. */
export interface FlowDiff {
  nodes: Map<string, DiffMark>;
  /** the changed params of each changed node, as JSON pointers under params (`/stepTimeout`) */
  changedParams: Map<string, string[]>;
  edges: Map<string, DiffMark>;
}

const edgeKey = (
  e: { source: string; sourceHandle?: string | null; target: string },
  handle?: string | null,
) => edgeId(e.source, handle ?? e.sourceHandle, e.target);

export function diffFlows(before: Flow, after: Flow, catalog: CatalogIndex): FlowDiff {
  const old = new Map(before.nodes.map((n) => [n.id, n]));
  const now = new Map(after.nodes.map((n) => [n.id, n]));
  const nodes = new Map<string, DiffMark>();
  const changedParams = new Map<string, string[]>();
  for (const n of after.nodes) {
    const was = old.get(n.id);
    if (!was) nodes.set(n.id, 'added');
    else {
      const changes = was.type !== n.type ? ['/type'] : changedPointers(was.params, n.params, '');
      if (changes.length) {
        nodes.set(n.id, 'changed');
        changedParams.set(n.id, changes);
      }
    }
  }
  for (const n of before.nodes) if (!now.has(n.id)) nodes.set(n.id, 'removed');
  const keysOf = (flow: Flow, byId: Map<string, Flow['nodes'][number]>) =>
    new Set(
      flow.edges.map((e) => {
        const source = byId.get(e.source);
        return edgeKey(e, edgeHandle(e, source ? catalog.handles(source.type, source.params) : []));
      }),
    );
  const oldEdges = keysOf(before, old);
  const newEdges = keysOf(after, now);
  const edges = new Map<string, DiffMark>();
  for (const k of newEdges) if (!oldEdges.has(k)) edges.set(k, 'added');
  for (const k of oldEdges) if (!newEdges.has(k)) edges.set(k, 'removed');
  return { nodes, changedParams, edges };
}

function changedPointers(a: unknown, b: unknown, at: string): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(a) || !isObject(b)) return [at || '/'];
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return keys.flatMap((k) => changedPointers(a[k], b[k], `${at}/${k}`));
}

/** The compare view's graph: the newer version's nodes and edges, plus the removed ones drawn ghosted. */
export function diffGraph(
  before: Flow,
  after: Flow,
  catalog: CatalogIndex,
): { nodes: FlowNode[]; edges: FlowEdge[]; diff: FlowDiff } {
  const diff = diffFlows(before, after, catalog);
  const a = toGraph(before, catalog);
  const b = toGraph(after, catalog);
  const nodes = [
    ...b.nodes.map((n) => ({ ...n, data: { ...n.data, ...markOf(diff.nodes.get(n.id)) } })),
    ...a.nodes
      .filter((n) => diff.nodes.get(n.id) === 'removed')
      .map((n) => ({ ...n, data: { ...n.data, diff: 'removed' as const } })),
  ];
  const edges = [
    ...b.edges.map((e) => ({ ...e, data: markOf(diff.edges.get(e.id)) })),
    ...a.edges
      .filter((e) => diff.edges.get(e.id) === 'removed')
      .map((e) => ({ ...e, data: { diff: 'removed' as const } })),
  ];
  return { nodes, edges, diff };
}

const markOf = (mark: DiffMark | undefined): { diff?: DiffMark } => (mark ? { diff: mark } : {});
