import type { Flow } from '../../../schemas/generated/flow';
import { DEFAULT_FLOW } from '../../../db/default-flow';
import { diffFlows, diffGraph, pasteContent, copySelection, toDocument, toGraph } from './flow-graph';
import { testCatalog } from './test-catalog';

const catalog = testCatalog();
const positioned = (flow: Flow): Flow => ({
  ...flow,
  nodes: flow.nodes.map((n, i) => ({ ...n, position: n.position ?? { x: i * 10, y: i * 20 } })),
});

describe('flow document ⇄ canvas graph', () => {
  it('round-trips a document (handles left out where the node has one output)', () => {
    const flow = positioned(DEFAULT_FLOW);
    const { nodes, edges } = toGraph(flow, catalog);
    expect(nodes).toHaveLength(flow.nodes.length);
    // every edge names the handle it is drawn from, even where the document leaves it out
    expect(edges.find((e) => e.source === 'started')?.sourceHandle).toBe('next');
    expect(toDocument({ name: flow.name }, nodes, edges, catalog)).toEqual(flow);
  });

  it('places nodes that have no position in columns from the triggers', () => {
    const { nodes } = toGraph(DEFAULT_FLOW, catalog);
    const at = new Map(nodes.map((n) => [n.id, n.position]));
    expect(at.get('started')!.x).toBeLessThan(at.get('crm')!.x);
    expect(at.get('crm')!.x).toBeLessThan(at.get('queue')!.x);
    const spots = new Set(nodes.map((n) => `${n.position.x},${n.position.y}`));
    expect(spots.size).toBe(nodes.length); // no two nodes on top of each other
  });

  it('pastes copied nodes under new ids, keeping the edges between them only', () => {
    const { nodes, edges } = toGraph(positioned(DEFAULT_FLOW), catalog);
    const chosen = nodes.map((n) => ({ ...n, selected: ['crm', 'queue'].includes(n.id) }));
    const content = copySelection(chosen, edges)!;
    expect(content.nodes.map((n) => n.id)).toEqual(['crm', 'queue']);
    expect(content.edges).toEqual([
      { source: 'crm', sourceHandle: 'next', target: 'queue' },
      { source: 'queue', sourceHandle: 'exhausted', target: 'queue' },
    ]);
    const pasted = pasteContent(content, new Set(nodes.map((n) => n.id)));
    expect(pasted.nodes.map((n) => n.id)).toEqual(['crm2', 'queue2']);
    expect(pasted.edges.map((e) => [e.source, e.sourceHandle, e.target])).toEqual([
      ['crm2', 'next', 'queue2'],
      ['queue2', 'exhausted', 'queue2'],
    ]);
    expect(pasted.nodes[0]!.position).not.toEqual(chosen.find((n) => n.id === 'crm')!.position);
  });
});

describe('comparing two versions', () => {
  const v1 = positioned(DEFAULT_FLOW);
  const v2: Flow = {
    ...v1,
    nodes: [
      ...v1.nodes
        .filter((n) => n.id !== 'accepted')
        .map((n) => (n.id === 'queue' ? { ...n, params: { ...n.params, stepTimeout: '5m' } } : n)),
      {
        id: 'hello',
        type: 'action',
        params: { activity: 'sendMessage', input: { text: 'Hi' } },
        position: { x: 1, y: 1 },
      },
    ],
    edges: [
      ...v1.edges.filter((e) => e.target !== 'accepted' && e.source !== 'started'),
      { source: 'started', target: 'hello' },
      { source: 'hello', target: 'crm' },
    ],
  };

  it('marks added, removed and changed nodes and edges, with the changed params', () => {
    const diff = diffFlows(v1, v2, catalog);
    expect(diff.nodes.get('hello')).toBe('added');
    expect(diff.nodes.get('accepted')).toBe('removed');
    expect(diff.nodes.get('queue')).toBe('changed');
    expect(diff.nodes.has('crm')).toBe(false);
    expect(diff.changedParams.get('queue')).toEqual(['/stepTimeout']);
    expect(diff.edges.get('started:next->hello')).toBe('added');
    expect(diff.edges.get('started:next->crm')).toBe('removed');
    expect(diff.edges.get('queue:accepted->accepted')).toBe('removed');
    expect(diff.edges.has('crm:next->queue')).toBe(false);
  });

  it('draws the newer version with the removed nodes and edges as ghosts', () => {
    const { nodes, edges } = diffGraph(v1, v2, catalog);
    expect(nodes.find((n) => n.id === 'accepted')?.data.diff).toBe('removed');
    expect(nodes.find((n) => n.id === 'hello')?.data.diff).toBe('added');
    expect(nodes.find((n) => n.id === 'crm')?.data.diff).toBeUndefined();
    expect(edges.find((e) => e.id === 'started:next->crm')?.data?.diff).toBe('removed');
  });
});
