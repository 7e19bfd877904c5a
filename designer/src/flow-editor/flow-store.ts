import {
  addEdge,
  applyEdgeChanges,
  applyNodeChanges,
  type Connection,
  type EdgeChange,
  type NodeChange,
} from '@xyflow/react';
import { create } from 'zustand';
import type { Flow } from '../../../schemas/generated/flow';
import { reviewFlow, type FlowReview } from '../../../workflows/engine/validate-flow';
import { ACTION, initialParams, TRIGGER, type CatalogIndex } from './flow-catalog';
import {
  copySelection,
  edgeId,
  freeId,
  NODE_KIND,
  pasteContent,
  renameNode as renameInGraph,
  toDocument,
  toGraph,
  type ClipboardContent,
  type FlowDiff,
  type FlowEdge,
  type FlowMeta,
  type FlowNode,
  withAriaLabels,
} from './flow-graph';
import { edgesTaken, type TrailStep } from './trail';

/**
 * The flow editor's one store (xyflow's recommendation): the graph, selection (the nodes' and edges'
 * `selected`), undo history over every change (form edits too, a burst of typing as one step), the
 * clipboard, the trail lit on the canvas, what is being viewed (the draft, a version, a comparison)
 * and the draft's revision. Components read it through selectors, so a change redraws what it changes.
 */
export interface Snapshot {
  meta: FlowMeta;
  nodes: FlowNode[];
  edges: FlowEdge[];
}

export type EditorView =
  | { kind: 'draft' }
  | { kind: 'version'; version: number }
  | { kind: 'compare'; from: number; to: number; diff: FlowDiff }
  | { kind: 'dialog'; dialogId: string; version: number };

export interface FocusRequest {
  nodeId: string;
  /** pointer under the node (`/params/input/text`), or '' for the node itself */
  pointer: string;
  seq: number;
}

export interface FlowEditorState extends Snapshot {
  catalog: CatalogIndex | null;
  past: Snapshot[];
  future: Snapshot[];
  lastStep: { key: string; at: number } | null;
  /** bumps on every change of the document (autosave watches it) */
  contentSeq: number;
  readOnly: boolean;
  view: EditorView;
  /** the draft's revision as last loaded or saved (sent as If-Match), and the version it started from */
  revision: number | null;
  basedOnVersion: number | null;
  review: FlowReview;
  /** per node: "errors:warnings", so a node redraws only when its own count changes */
  problemCounts: Record<string, string>;
  trail: TrailStep[] | null;
  /** per node: the trail's step numbers ("1,4") and "!" when it failed there */
  trailBadges: Record<string, string>;
  trailEdges: ReadonlySet<string>;
  clipboard: ClipboardContent | null;
  focus: FocusRequest | null;

  load(input: LoadInput): void;
  setCatalog(catalog: CatalogIndex): void;
  setRevision(revision: number | null, basedOnVersion?: number | null): void;
  onNodesChange(changes: NodeChange<FlowNode>[]): void;
  onEdgesChange(changes: EdgeChange<FlowEdge>[]): void;
  connect(connection: Connection): void;
  addNode(input: {
    type: string;
    activity?: string;
    position?: { x: number; y: number };
    after?: string;
  }): string;
  updateParams(nodeId: string, params: Record<string, unknown>): void;
  updateLabel(nodeId: string, label: string | undefined): void;
  renameNode(from: string, to: string): string | null;
  updateMeta(meta: Partial<FlowMeta>): void;
  applyPositions(positions: Map<string, { x: number; y: number }>): void;
  replaceDocument(flow: Flow): void;
  select(nodeIds: string[]): void;
  deleteSelection(): void;
  copy(): ClipboardContent | null;
  paste(content?: ClipboardContent | null): void;
  duplicate(): void;
  undo(): void;
  redo(): void;
  setTrail(trail: TrailStep[] | null): void;
  requestFocus(nodeId: string, pointer: string): void;
  document(): Flow | null;
}

export interface LoadInput {
  flow: Flow;
  catalog: CatalogIndex;
  readOnly: boolean;
  view: EditorView;
  revision?: number | null;
  basedOnVersion?: number | null;
  /** the graph to draw instead of the flow's own (the compare view) */
  graph?: { nodes: FlowNode[]; edges: FlowEdge[] };
}

/** A burst of changes of one kind to one thing within this time is one undo step. */
export const COALESCE_MS = 1000;
const HISTORY_LIMIT = 200;
export const CLIPBOARD_STORAGE_KEY = 'lineflow.flowEditor.clipboard';

/**
 * One key for the changes xyflow reports together (deleting a node reports its edges' removal first,
 * then the node's), so they are one undo step.
 */
let burst = 0;
let burstOpen = false;
function burstKey(): string {
  if (!burstOpen) {
    burst++;
    burstOpen = true;
    queueMicrotask(() => (burstOpen = false));
  }
  return `canvas:${burst}`;
}

/** a key no other change has: a step of its own */
let steps = 0;
const once = (kind: string) => `${kind}#${++steps}`;

const emptyReview: FlowReview = { errors: [], warnings: [] };

function reviewOf(state: Pick<FlowEditorState, 'catalog' | 'meta' | 'nodes' | 'edges'>) {
  if (!state.catalog) return { review: emptyReview, problemCounts: {} };
  const document = toDocument(state.meta, state.nodes, state.edges, state.catalog);
  const review = reviewFlow(document, { activities: state.catalog.inputs });
  const counts = new Map<string, [number, number]>();
  const bump = (id: string | undefined, k: 0 | 1) => {
    if (!id) return;
    const c = counts.get(id) ?? [0, 0];
    c[k]++;
    counts.set(id, c);
  };
  review.errors.forEach((p) => bump(p.nodeId, 0));
  review.warnings.forEach((p) => bump(p.nodeId, 1));
  const problemCounts: Record<string, string> = {};
  for (const [id, [e, w]] of counts) problemCounts[id] = `${e}:${w}`;
  return { review, problemCounts };
}

function trailDerived(trail: TrailStep[] | null) {
  const badges: Record<string, string> = {};
  const edges = new Set<string>();
  if (trail) {
    trail.forEach((step, i) => {
      const before = badges[step.nodeId];
      badges[step.nodeId] = `${before ? `${before},` : ''}${i + 1}${step.error !== undefined ? '!' : ''}`;
    });
    for (const e of edgesTaken(trail)) edges.add(edgeId(e.source, e.sourceHandle, e.target));
  }
  return { trailBadges: badges, trailEdges: edges };
}

const snapshotOf = (s: Snapshot): Snapshot => ({ meta: s.meta, nodes: s.nodes, edges: s.edges });
/** what undo restores: the graph without selection (so undo never changes what is selected by itself) */
const selectionFree = (s: Snapshot): Snapshot => s;

export const useFlowEditor = create<FlowEditorState>()((set, get) => {
  /**
   * Applies a change of the document as one undo step, or as part of the step before when it is the
   * same kind of change to the same thing (`key`) soon after it.
   */
  const change = (key: string, next: Partial<Snapshot>, { review = true } = {}) => {
    const state = get();
    if (state.readOnly) return;
    const now = Date.now();
    const joins = state.lastStep && state.lastStep.key === key && now - state.lastStep.at < COALESCE_MS;
    const past = joins ? state.past : [...state.past, selectionFree(snapshotOf(state))].slice(-HISTORY_LIMIT);
    if (next.nodes && state.catalog) next = { ...next, nodes: withAriaLabels(next.nodes, state.catalog) };
    const merged = { ...snapshotOf(state), ...next };
    set({
      ...next,
      past,
      future: [],
      lastStep: { key, at: now },
      contentSeq: state.contentSeq + 1,
      ...(review ? reviewOf({ catalog: state.catalog, ...merged }) : {}),
    });
  };

  const restore = (snapshot: Snapshot, patch: Partial<FlowEditorState>) => {
    const state = get();
    // keep what is selected now where the node still exists
    const selected = new Set(state.nodes.filter((n) => n.selected).map((n) => n.id));
    const nodes = snapshot.nodes.map((n) =>
      selected.has(n.id) === !!n.selected ? n : { ...n, selected: selected.has(n.id) },
    );
    set({
      ...snapshot,
      nodes,
      ...patch,
      lastStep: null,
      contentSeq: state.contentSeq + 1,
      ...reviewOf({ catalog: state.catalog, meta: snapshot.meta, nodes, edges: snapshot.edges }),
    });
  };

  const selectedIds = () =>
    get()
      .nodes.filter((n) => n.selected)
      .map((n) => n.id);

  return {
    catalog: null,
    meta: { name: '' },
    nodes: [],
    edges: [],
    past: [],
    future: [],
    lastStep: null,
    contentSeq: 0,
    readOnly: true,
    view: { kind: 'draft' },
    revision: null,
    basedOnVersion: null,
    review: emptyReview,
    problemCounts: {},
    trail: null,
    trailBadges: {},
    trailEdges: new Set(),
    clipboard: null,
    focus: null,

    load({ flow, catalog, readOnly, view, revision = null, basedOnVersion = null, graph }) {
      const drawn = graph ?? toGraph(flow, catalog);
      const nodes = withAriaLabels(drawn.nodes, catalog);
      const edges = drawn.edges;
      const meta: FlowMeta = {
        name: flow.name,
        ...(flow.description !== undefined ? { description: flow.description } : {}),
      };
      set({
        catalog,
        meta,
        nodes,
        edges,
        past: [],
        future: [],
        lastStep: null,
        readOnly,
        view,
        revision,
        basedOnVersion,
        focus: null,
        // the compare view's graph holds removed nodes, which are no flow; it has its own marks instead
        ...(view.kind === 'compare'
          ? { review: emptyReview, problemCounts: {} }
          : reviewOf({ catalog, meta, nodes, edges })),
      });
    },

    setCatalog: (catalog) => set({ catalog }),
    setRevision: (revision, basedOnVersion) =>
      set(basedOnVersion === undefined ? { revision } : { revision, basedOnVersion }),

    onNodesChange(changes) {
      const state = get();
      const content = changes.filter((c) => c.type !== 'select' && c.type !== 'dimensions');
      if (!content.length || state.readOnly) {
        const allowed = state.readOnly
          ? changes.filter((c) => c.type === 'select' || c.type === 'dimensions')
          : changes;
        if (allowed.length) set({ nodes: applyNodeChanges(allowed, state.nodes) });
        return;
      }
      const nodes = applyNodeChanges(changes, state.nodes);
      const removed = new Set(changes.flatMap((c) => (c.type === 'remove' ? [c.id] : [])));
      const edges = removed.size
        ? state.edges.filter((e) => !removed.has(e.source) && !removed.has(e.target))
        : state.edges;
      const moveOnly = content.every((c) => c.type === 'position');
      const key = moveOnly ? `move:${content.map((c) => (c as { id: string }).id).join(',')}` : burstKey();
      change(key, { nodes, edges }, { review: !moveOnly });
    },

    onEdgesChange(changes) {
      const state = get();
      const content = changes.filter((c) => c.type !== 'select');
      if (!content.length || state.readOnly) {
        const allowed = changes.filter((c) => c.type === 'select');
        if (allowed.length) set({ edges: applyEdgeChanges(allowed, state.edges) });
        return;
      }
      change(burstKey(), { edges: applyEdgeChanges(changes, state.edges) });
    },

    connect(connection) {
      const state = get();
      if (!isConnectionAllowed(state, connection)) return;
      const edge: FlowEdge = {
        id: edgeId(connection.source, connection.sourceHandle, connection.target),
        source: connection.source,
        sourceHandle: connection.sourceHandle ?? null,
        target: connection.target,
      };
      change(once('connect'), { edges: addEdge(edge, state.edges) });
    },

    addNode({ type, activity, position, after }) {
      const state = get();
      if (!state.catalog || state.readOnly) return '';
      const taken = new Set(state.nodes.map((n) => n.id));
      const id = freeId(activity ?? type, taken);
      const source = after ? state.nodes.find((n) => n.id === after) : undefined;
      const at = {
        ...(position ??
          (source
            ? { x: source.position.x + 280, y: source.position.y }
            : { x: 0, y: Math.max(0, ...state.nodes.map((n) => n.position.y + 130)) })),
      };
      const node: FlowNode = {
        id,
        type: NODE_KIND,
        position: at,
        selected: true,
        data: { type, params: initialParams(state.catalog, type, type === ACTION ? activity : undefined) },
      };
      let edges = state.edges;
      if (source && type !== TRIGGER) {
        const free = freeHandle(state, source.id);
        const handles = state.catalog.handles(source.data.type, source.data.params);
        const firstOut = handles[0];
        if (free !== undefined) {
          edges = [
            ...edges,
            { id: edgeId(source.id, free, id), source: source.id, sourceHandle: free, target: id },
          ];
        } else if (firstOut !== undefined) {
          // every output is taken: the new node goes in between, on the first output's edge
          const taken = edges.find((e) => e.source === source.id && e.sourceHandle === firstOut)!;
          const out = state.catalog.handles(type, node.data.params)[0];
          edges = [
            ...edges.filter((e) => e !== taken),
            { id: edgeId(source.id, firstOut, id), source: source.id, sourceHandle: firstOut, target: id },
            ...(out !== undefined && taken.target !== source.id
              ? [{ id: edgeId(id, out, taken.target), source: id, sourceHandle: out, target: taken.target }]
              : []),
          ];
        }
        // keep clear of what is drawn there already
        while (
          state.nodes.some((n) => Math.abs(n.position.x - at.x) < 200 && Math.abs(n.position.y - at.y) < 90)
        )
          at.y += 130;
      }
      const nodes = [...state.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node];
      change(`add:${id}`, { nodes, edges });
      return id;
    },

    updateParams(nodeId, params) {
      const state = get();
      const node = state.nodes.find((n) => n.id === nodeId);
      if (!node || JSON.stringify(node.data.params) === JSON.stringify(params)) return;
      const nodes = state.nodes.map((n) => (n.id === nodeId ? { ...n, data: { ...n.data, params } } : n));
      // edges from outputs the node no longer has (a switch case renamed or removed) go with them
      const handles = state.catalog?.handles(node.data.type, params) ?? [];
      const edges = state.edges.filter((e) => e.source !== nodeId || handles.includes(e.sourceHandle ?? ''));
      change(`params:${nodeId}`, { nodes, edges: edges.length === state.edges.length ? state.edges : edges });
    },

    updateLabel(nodeId, label) {
      const state = get();
      const nodes = state.nodes.map((n) => {
        if (n.id !== nodeId) return n;
        const { label: _old, ...data } = n.data;
        return { ...n, data: label ? { ...data, label } : data };
      });
      change(`label:${nodeId}`, { nodes });
    },

    renameNode(from, to) {
      const state = get();
      if (from === to) return null;
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(to)) return 'pattern';
      if (state.nodes.some((n) => n.id === to)) return 'taken';
      change(once('rename'), renameInGraph(state.nodes, state.edges, from, to));
      return null;
    },

    updateMeta(meta) {
      change('meta', { meta: { ...get().meta, ...meta } });
    },

    applyPositions(positions) {
      const state = get();
      const nodes = state.nodes.map((n) => {
        const p = positions.get(n.id);
        return p ? { ...n, position: p } : n;
      });
      change(once('layout'), { nodes }, { review: false });
    },

    replaceDocument(flow) {
      const state = get();
      if (!state.catalog) return;
      const { nodes, edges } = toGraph(flow, state.catalog);
      const meta = {
        name: flow.name,
        ...(flow.description !== undefined ? { description: flow.description } : {}),
      };
      change(once('import'), { meta, nodes, edges });
    },

    select(nodeIds) {
      const ids = new Set(nodeIds);
      set({
        nodes: get().nodes.map((n) =>
          !!n.selected === ids.has(n.id) ? n : { ...n, selected: ids.has(n.id) },
        ),
        edges: get().edges.map((e) => (e.selected ? { ...e, selected: false } : e)),
      });
    },

    deleteSelection() {
      const state = get();
      const ids = new Set(selectedIds());
      const edges = state.edges.filter((e) => !e.selected && !ids.has(e.source) && !ids.has(e.target));
      if (!ids.size && edges.length === state.edges.length) return;
      change(once('delete'), { nodes: state.nodes.filter((n) => !ids.has(n.id)), edges });
    },

    copy() {
      const content = copySelection(get().nodes, get().edges);
      if (content) {
        set({ clipboard: content });
        try {
          localStorage.setItem(CLIPBOARD_STORAGE_KEY, JSON.stringify(content));
        } catch {
          // private mode or full storage: the in-memory clipboard still pastes in this tab
        }
      }
      return content;
    },

    paste(content) {
      const state = get();
      const from = content ?? state.clipboard;
      if (!from || state.readOnly) return;
      const added = pasteContent(from, new Set(state.nodes.map((n) => n.id)));
      change(once('paste'), {
        nodes: [...state.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...added.nodes],
        edges: [...state.edges, ...added.edges],
      });
    },

    duplicate() {
      const content = copySelection(get().nodes, get().edges);
      if (content) get().paste(content);
    },

    undo() {
      const state = get();
      const previous = state.past.at(-1);
      if (!previous || state.readOnly) return;
      restore(previous, { past: state.past.slice(0, -1), future: [snapshotOf(state), ...state.future] });
    },

    redo() {
      const state = get();
      const next = state.future[0];
      if (!next || state.readOnly) return;
      restore(next, { past: [...state.past, snapshotOf(state)], future: state.future.slice(1) });
    },

    setTrail(trail) {
      set({ trail, ...trailDerived(trail) });
    },

    requestFocus(nodeId, pointer) {
      get().select([nodeId]);
      set({ focus: { nodeId, pointer, seq: (get().focus?.seq ?? 0) + 1 } });
    },

    document() {
      const state = get();
      return state.catalog ? toDocument(state.meta, state.nodes, state.edges, state.catalog) : null;
    },
  };
});

/** The first output of a node that has no edge yet. */
export function freeHandle(state: Pick<FlowEditorState, 'catalog' | 'nodes' | 'edges'>, nodeId: string) {
  const node = state.nodes.find((n) => n.id === nodeId);
  if (!node || !state.catalog) return undefined;
  const used = new Set(state.edges.filter((e) => e.source === nodeId).map((e) => e.sourceHandle));
  return state.catalog.handles(node.data.type, node.data.params).find((h) => !used.has(h));
}

/** Edges only from a declared output (one edge each), never into a trigger. */
export function isConnectionAllowed(
  state: Pick<FlowEditorState, 'catalog' | 'nodes' | 'edges' | 'readOnly'>,
  connection: { source: string; sourceHandle?: string | null; target: string },
): boolean {
  if (state.readOnly || !state.catalog) return false;
  const source = state.nodes.find((n) => n.id === connection.source);
  const target = state.nodes.find((n) => n.id === connection.target);
  if (!source || !target || target.data.type === TRIGGER) return false;
  const handles = state.catalog.handles(source.data.type, source.data.params);
  const handle = connection.sourceHandle ?? (handles.length === 1 ? handles[0] : undefined);
  if (!handle || !handles.includes(handle)) return false;
  return !state.edges.some((e) => e.source === source.id && e.sourceHandle === handle);
}
