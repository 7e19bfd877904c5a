import { DEFAULT_FLOW } from '../../../db/default-flow';
import { COALESCE_MS, isConnectionAllowed, useFlowEditor } from './flow-store';
import { testCatalog } from './test-catalog';

const catalog = testCatalog();
const store = () => useFlowEditor.getState();

beforeEach(() => {
  jest.useFakeTimers({ now: 1_000_000 });
  store().load({ flow: DEFAULT_FLOW, catalog, readOnly: false, view: { kind: 'draft' } });
});
afterEach(() => jest.useRealTimers());

const paramsOf = (id: string) => store().nodes.find((n) => n.id === id)?.data.params;

describe('flow editor store', () => {
  it('undoes a burst of typing in a form as one step, and a later edit as another', () => {
    const queue = paramsOf('queue')!;
    for (const value of ['2', '2m']) {
      store().updateParams('queue', { ...queue, stepTimeout: value });
      jest.advanceTimersByTime(200);
    }
    jest.advanceTimersByTime(COALESCE_MS + 1);
    store().updateParams('queue', { ...queue, stepTimeout: '2m', rounds: 3 });
    expect(store().past).toHaveLength(2);
    store().undo();
    expect(paramsOf('queue')).toEqual({ ...queue, stepTimeout: '2m' });
    store().undo();
    expect(paramsOf('queue')).toEqual(queue);
    store().redo();
    expect(paramsOf('queue')).toEqual({ ...queue, stepTimeout: '2m' });
  });

  it('undoes a deleted node with its edges, and the problem it caused goes away', () => {
    expect(store().review.errors).toEqual([]);
    store().select(['queue']);
    store().deleteSelection();
    expect(store().nodes.some((n) => n.id === 'queue')).toBe(false);
    expect(store().edges.some((e) => e.source === 'queue' || e.target === 'queue')).toBe(false);
    // "accepted" hangs off nothing now
    expect(store().review.errors.map((p) => p.nodeId)).toContain('accepted');
    expect(store().problemCounts.accepted).toBe('1:0');
    store().undo();
    expect(store().nodes.some((n) => n.id === 'queue')).toBe(true);
    expect(store().edges.filter((e) => e.source === 'queue')).toHaveLength(2);
    expect(store().review.errors).toEqual([]);
  });

  it('pastes under new ids, and undo takes the paste back', () => {
    store().select(['crm', 'queue']);
    store().copy();
    store().paste();
    const ids = store().nodes.map((n) => n.id);
    expect(ids).toEqual(expect.arrayContaining(['crm2', 'queue2']));
    expect(store().edges.some((e) => e.source === 'crm2' && e.target === 'queue2')).toBe(true);
    expect(
      store()
        .nodes.filter((n) => n.selected)
        .map((n) => n.id),
    ).toEqual(['crm2', 'queue2']);
    store().undo();
    expect(store().nodes.map((n) => n.id)).not.toContain('crm2');
  });

  it('adds a node after the selected one on its free output', () => {
    store().select(['crm']);
    store().onEdgesChange([{ type: 'remove', id: 'crm:next->queue' }]);
    const id = store().addNode({ type: 'action', activity: 'sendMessage', after: 'crm' });
    expect(id).toBe('sendMessage');
    expect(paramsOf(id)).toEqual({ activity: 'sendMessage', input: { text: '', author: 'system' } });
    expect(store().edges.some((e) => e.source === 'crm' && e.target === id)).toBe(true);
  });

  it('puts a node in between when every output of the selected one is taken', () => {
    store().select(['started']);
    const id = store().addNode({ type: 'action', activity: 'sendMessage', after: 'started' });
    const path = store()
      .edges.filter((e) => e.source === 'started' || e.source === id)
      .map((e) => [e.source, e.target]);
    expect(path).toEqual([
      ['started', id],
      [id, 'crm'],
    ]);
    const crm = store().nodes.find((n) => n.id === 'crm')!.position;
    const added = store().nodes.find((n) => n.id === id)!.position;
    expect(Math.abs(crm.x - added.x) >= 200 || Math.abs(crm.y - added.y) >= 90).toBe(true);
  });

  it('renames a node keeping its edges, refusing an id that is taken', () => {
    expect(store().renameNode('queue', 'crm')).toBe('taken');
    expect(store().renameNode('queue', 'bad id')).toBe('pattern');
    expect(store().renameNode('queue', 'mainQueue')).toBeNull();
    expect(
      store()
        .edges.filter((e) => e.source === 'mainQueue')
        .map((e) => e.target),
    ).toEqual(['accepted', 'mainQueue']);
    expect(store().document()!.edges).toContainEqual({ source: 'crm', target: 'mainQueue' });
  });

  it('allows edges only from a free declared output, never into a trigger', () => {
    const s = store();
    expect(isConnectionAllowed(s, { source: 'accepted', sourceHandle: 'next', target: 'crm' })).toBe(false); // end: no outputs
    expect(isConnectionAllowed(s, { source: 'crm', sourceHandle: 'next', target: 'accepted' })).toBe(false); // taken
    expect(isConnectionAllowed(s, { source: 'alertAnswer', sourceHandle: 'next', target: 'started' })).toBe(
      false,
    );
    expect(isConnectionAllowed(s, { source: 'alertAnswer', sourceHandle: 'nope', target: 'crm' })).toBe(
      false,
    );
    expect(isConnectionAllowed(s, { source: 'alertAnswer', sourceHandle: 'next', target: 'crm' })).toBe(true);
  });

  it('keeps a read-only version unchanged', () => {
    store().load({ flow: DEFAULT_FLOW, catalog, readOnly: true, view: { kind: 'version', version: 1 } });
    store().updateParams('queue', { mode: 'all', stepTimeout: '1m' });
    store().select(['queue']);
    store().deleteSelection();
    expect(paramsOf('queue')).toEqual(DEFAULT_FLOW.nodes.find((n) => n.id === 'queue')!.params);
  });

  it('numbers the trail on its nodes and marks the edges taken', () => {
    store().setTrail([
      { nodeId: 'started', outcome: 'next', at: 0, pathId: 1, trigger: 'started' },
      { nodeId: 'crm', outcome: null, at: 1, pathId: 1, trigger: 'started', error: 'CRM down' },
    ]);
    expect(store().trailBadges).toEqual({ started: '1', crm: '2!' });
    expect([...store().trailEdges]).toEqual(['started:next->crm']);
  });
});
