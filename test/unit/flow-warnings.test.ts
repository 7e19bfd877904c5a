import type { Flow } from '../../schemas/generated/flow';
import { loadCatalog } from '../../activities/registry';
import { DEFAULT_FLOW } from '../../db/default-flow';
import { demoLineSettings } from '../../runtime/demo-seed';
import { reviewFlow } from '../../workflows/engine/validate-flow';

const activities = loadCatalog();
const line = demoLineSettings(['op1', 'op2']);
const review = (flow: Flow, settings = line) => reviewFlow(flow, { activities, line: settings });
const clone = (): Flow => JSON.parse(JSON.stringify(DEFAULT_FLOW)) as Flow;
const messagesOf = (flow: Flow, settings = line) => review(flow, settings).warnings.map((w) => w.message);

describe('flow warnings (reviewFlow)', () => {
  it('the default flow has neither errors nor warnings on the demo line', () => {
    expect(review(clone())).toEqual({ errors: [], warnings: [] });
  });

  it('a trigger leading nowhere is a warning on that trigger, not an error', () => {
    const flow = clone();
    flow.nodes.push({ id: 'rated', type: 'trigger', params: { event: 'rating.received' } });
    const { errors, warnings } = review(flow);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([
      {
        pointer: `/nodes/${flow.nodes.length - 1}`,
        nodeId: 'rated',
        message: 'trigger "rated" has no outgoing edge: its event starts nothing',
      },
    ]);
  });

  it("a queue whose 'exhausted' leads nowhere, unless a queue.exhausted trigger takes it", () => {
    const flow = clone();
    const queue = flow.nodes.find((n) => n.type === 'queue')!;
    const exhaustedEdges = flow.edges.filter((e) => e.source === queue.id && e.sourceHandle === 'exhausted');
    flow.edges = flow.edges.filter((e) => !exhaustedEdges.includes(e));
    const handledElsewhere = flow.nodes.some(
      (n) => n.type === 'trigger' && n.params.event === 'queue.exhausted',
    );
    const warned = review(flow).warnings.filter((w) => w.nodeId === queue.id);
    expect(warned.length).toBe(handledElsewhere ? 0 : 1);
    if (!handledElsewhere) {
      flow.nodes.push({ id: 'gaveUp', type: 'trigger', params: { event: 'queue.exhausted' } });
      flow.nodes.push({ id: 'stop', type: 'end', params: {} });
      flow.edges.push({ source: 'gaveUp', target: 'stop' });
      expect(review(flow).warnings.filter((w) => w.nodeId === queue.id)).toEqual([]);
    }
  });

  it('a wait longer than the auto-close after client silence is cut short', () => {
    const flow: Flow = {
      schemaVersion: 1,
      name: 'waits',
      nodes: [
        { id: 'start', type: 'trigger', params: { event: 'dialog.started' } },
        { id: 'hold', type: 'delay', params: { duration: '2h' } },
        { id: 'quiet', type: 'trigger', params: { event: 'client.inactive', after: '30m' } },
        { id: 'shut', type: 'close', params: {} },
      ],
      edges: [
        { source: 'start', target: 'hold' },
        { source: 'quiet', target: 'shut' },
      ],
    };
    expect(messagesOf(flow, {})).toEqual([
      'delay "hold" waits 2h, but trigger "quiet" closes a dialog whose client is silent that long first',
    ]);
    flow.nodes[1]!.params = { duration: '10m' };
    expect(messagesOf(flow, {})).toEqual([]);
  });

  it('working hours that no condition looks at', () => {
    const flow: Flow = {
      schemaVersion: 1,
      name: 'no hours',
      nodes: [
        { id: 'start', type: 'trigger', params: { event: 'dialog.started' } },
        { id: 'stop', type: 'end', params: {} },
      ],
      edges: [{ source: 'start', target: 'stop' }],
    };
    const hours = { workingHours: { week: { mon: [{ from: '09:00', to: '18:00' }] } } };
    expect(messagesOf(flow, hours)).toEqual([
      'the line has working hours, but no condition looks at withinWorkingHours: clients who write outside hours are queued like any other',
    ]);
    expect(messagesOf(flow, {})).toEqual([]);
  });
});
