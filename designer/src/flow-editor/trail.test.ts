import type { Flow } from '../../../schemas/generated/flow';
import { edgesTaken, trailFromTimeline, withWaitingSteps } from './trail';

describe('a dialog path from its timeline', () => {
  const timeline = [
    { seq: 1, type: 'dialog.started', at: '2026-01-05T09:00:00.000Z' },
    {
      seq: 2,
      type: 'flow.node',
      at: '2026-01-05T09:00:00.000Z',
      nodeId: 'start',
      outcome: 'next',
      pathId: 1,
      trigger: 'start',
    },
    {
      seq: 3,
      type: 'flow.node',
      at: '2026-01-05T09:00:01.000Z',
      nodeId: 'kpi',
      outcome: 'next',
      pathId: 2,
      trigger: 'kpi',
    },
    {
      seq: 4,
      type: 'flow.node',
      at: '2026-01-05T09:00:02.000Z',
      nodeId: 'route',
      outcome: 'accepted',
      pathId: 1,
      trigger: 'start',
    },
    {
      seq: 5,
      type: 'flow.node',
      at: '2026-01-05T09:00:03.000Z',
      nodeId: 'alert',
      outcome: null,
      pathId: 2,
      trigger: 'kpi',
      error: 'boom',
    },
  ];

  it('keeps only the flow steps, in order, with their paths', () => {
    const trail = trailFromTimeline(timeline);
    expect(trail.map((s) => `${s.pathId}:${s.nodeId}:${s.outcome}`)).toEqual([
      '1:start:next',
      '2:kpi:next',
      '1:route:accepted',
      '2:alert:null',
    ]);
    expect(trail[3]).toMatchObject({ error: 'boom', at: Date.parse('2026-01-05T09:00:03.000Z') });
  });

  it('joins consecutive steps of one path, not steps of different paths', () => {
    expect(edgesTaken(trailFromTimeline(timeline))).toEqual([
      { source: 'start', sourceHandle: 'next', target: 'route' },
      { source: 'kpi', sourceHandle: 'next', target: 'alert' },
    ]);
  });
});

describe('where a real dialog waits', () => {
  const flow: Flow = {
    schemaVersion: 1,
    name: 'f',
    nodes: [
      { id: 'start', type: 'trigger', params: { event: 'dialog.started' } },
      { id: 'route', type: 'queue', params: { mode: 'strict', stepTimeout: '1m' } },
      { id: 'done', type: 'end', params: {} },
    ],
    edges: [
      { source: 'start', target: 'route' },
      { source: 'route', sourceHandle: 'accepted', target: 'done' },
    ],
  };
  const step = (nodeId: string, outcome: string | null, pathId = 1) => ({
    nodeId,
    outcome,
    at: 0,
    pathId,
    trigger: 'start',
  });

  it('adds the node a path went into and has not left (the timeline records a node when it is done)', () => {
    expect(withWaitingSteps([step('start', 'next')], flow)).toEqual([
      step('start', 'next'),
      { ...step('route', null), waiting: true },
    ]);
  });

  it('adds nothing for a path that ended, or whose handle leads nowhere', () => {
    const ended = [step('start', 'next'), step('route', 'accepted'), step('done', null)];
    expect(withWaitingSteps(ended, flow)).toEqual(ended);
    expect(withWaitingSteps([step('route', 'exhausted')], flow)).toEqual([step('route', 'exhausted')]);
  });
});
