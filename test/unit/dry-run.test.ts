import { DEFAULT_FLOW } from '../../db/default-flow';
import type { Flow } from '../../schemas/generated/flow';
import { demoLineSettings } from '../../runtime/demo-seed';
import type { LineSettings } from '../../schemas/generated/line-settings';
import { isWithinWorkingHours } from '../../workflows/engine/working-hours';
import { rulesOf } from '../../workflows/engine/rules';
import {
  dryRun,
  dryRunStart,
  SimulationTooLong,
  unmetExpectations,
  type DryRunInput,
} from '../../workflows/simulate/dry-run';
import { MAX_SIMULATED_STEPS } from '../../workflows/simulate/virtual-host';

/** The designer's "Try it" on the demo line's default flow (evenly, 1-minute steps, first answer 3 min). */
const MONDAY_9 = Date.UTC(2026, 0, 5, 9);
const input = (over: Partial<DryRunInput> = {}): DryRunInput => ({
  flow: DEFAULT_FLOW,
  line: demoLineSettings(['op1', 'op2', 'op3']),
  operators: [{ id: 'op1' }, { id: 'op2' }, { id: 'op3' }],
  events: [{ at: '0', type: 'client.message', text: 'Hello' }],
  runFor: '210s',
  start: MONDAY_9,
  ...over,
});

describe('dryRun', () => {
  it('nobody accepts for 3 minutes: the queue passes the dialog along and the KPI alert path runs', async () => {
    const result = await dryRun(input());
    expect(result.steps.map((s) => `${s.nodeId}:${s.outcome}@${s.at / 1000}`)).toEqual([
      'started:next@0',
      'crm:next@0',
      // the KPI clock and the queue's last step run out at the same instant; the clock's timer came first
      'firstAnswerLate:next@180',
      'alertFirstAnswer:next@180',
      'queue:exhausted@180',
      'queue:null@180', // the exhausted queue went round again and still waits
    ]);
    expect(result.steps.at(-1)).toMatchObject({ waiting: true, trigger: 'started', pathId: 1 });
    expect(result.steps[2]).toMatchObject({ trigger: 'firstAnswerLate', pathId: 2 });
    const offers = result.routing.filter((r) => r.event === 'offered');
    expect(offers.map((o) => [o.at / 1000, o.operatorIds])).toEqual([
      [0, ['op1']],
      [60, ['op2']],
      [120, ['op3']],
      [180, ['op1']],
    ]);
    expect(offers[2]!.skipped).toEqual([
      { operatorId: 'op1', reason: 'alreadyTried' },
      { operatorId: 'op2', reason: 'alreadyTried' },
    ]);
    expect(result.kpiBreaches).toEqual([{ at: 180_000, kpi: 'firstAnswer' }]);
    expect(result.activityCalls).toEqual([
      { name: 'findOrCreateClient', input: {}, at: 0 },
      { name: 'sendKpiAlert', input: { kpi: 'firstAnswer' }, at: 180_000 },
    ]);
    expect(result.status).toBe('offered');
  });

  it('skips operators offline, on vacation and at their limit, saying so', async () => {
    const line: LineSettings = {
      ...demoLineSettings(['op1', 'op2', 'op3', 'op4']),
      loadLimit: { enabled: true, max: 2 },
    };
    const result = await dryRun(
      input({
        line,
        operators: [
          { id: 'op1', online: false },
          { id: 'op2', vacations: [{ from: '2026-01-01', to: '2026-01-10' }] },
          { id: 'op3', openDialogs: 2 },
          { id: 'op4' },
        ],
        runFor: '30s',
      }),
    );
    expect(result.routing[0]).toEqual({
      at: 0,
      event: 'offered',
      operatorIds: ['op4'],
      skipped: [
        { operatorId: 'op1', reason: 'offline' },
        { operatorId: 'op2', reason: 'vacation' },
        { operatorId: 'op3', reason: 'atLimit' },
      ],
    });
  });

  it('nobody with room: one waiting entry, not one per recheck', async () => {
    const result = await dryRun(
      input({
        line: { ...demoLineSettings(['op1']), loadLimit: { enabled: true, max: 1 } },
        operators: [{ id: 'op1', openDialogs: 1 }],
        runFor: '5m',
      }),
    );
    expect(result.routing).toEqual([
      { at: 0, event: 'waiting', operatorIds: [], skipped: [{ operatorId: 'op1', reason: 'atLimit' }] },
    ]);
  });

  it('an operator accepting at 2 minutes, answering, closing, and the client rating', async () => {
    const result = await dryRun(
      input({
        events: [
          { at: '0', type: 'client.message', text: 'Hello' },
          { at: '2m', type: 'operator.accept', operator: 'op3' },
          { at: '150s', type: 'operator.message', operator: 'op3', text: 'Hi!' },
        ],
      }),
    );
    expect(result.steps.map((s) => `${s.nodeId}:${s.outcome}`)).toEqual([
      'started:next',
      'crm:next',
      'queue:accepted',
      'accepted:null',
    ]);
    expect(result.routing.at(-1)).toEqual({ at: 120_000, event: 'accepted', operatorIds: ['op3'] });
    expect(result.kpiBreaches).toEqual([]);
    expect(result.status).toBe('waiting_client');

    const rated = await dryRun(
      input({
        events: [
          { at: '0', type: 'client.message', text: 'Hello' },
          { at: '2m', type: 'operator.accept', operator: 'op3' },
          { at: '5m', type: 'operator.close', operator: 'op3' },
          { at: '10m', type: 'rating.received', rating: 5 },
        ],
        runFor: '15m',
      }),
    );
    expect(rated.steps.filter((s) => s.trigger === 'closedByOperator').map((s) => s.nodeId)).toEqual([
      'closedByOperator',
      'askRating',
      'waitRating',
      'closeRated',
    ]);
    expect(rated.status).toBe('closed');
  });

  it('an accept that names no operator is made by whoever the dialog is offered to', async () => {
    const result = await dryRun(
      input({
        events: [
          { at: '0', type: 'client.message' },
          { at: '130s', type: 'operator.accept' },
        ],
        runFor: '3m',
      }),
    );
    expect(result.routing.at(-1)).toEqual({ at: 130_000, event: 'accepted', operatorIds: ['op3'] });
  });

  it('a refused accept is in the routing with its reason', async () => {
    const result = await dryRun(
      input({ events: [{ at: '10s', type: 'operator.accept', operator: 'op2' }], runFor: '30s' }),
    );
    expect(result.routing.at(-1)).toMatchObject({
      event: 'refused',
      operatorIds: ['op2'],
      reason: expect.any(String),
    });
  });
});

describe('dryRunStart', () => {
  const hours: LineSettings = {
    timeZone: 'UTC',
    workingHours: { week: { mon: [{ from: '09:00', to: '18:00' }] } },
  } as LineSettings;

  it('moves the start to an instant inside or outside the working hours, as the script asks', () => {
    const schedule = rulesOf(hours).workingHours!;
    const monday8 = Date.UTC(2026, 0, 5, 8, 7);
    expect(dryRunStart(hours, monday8)).toBe(monday8);
    expect(dryRunStart(hours, monday8, false)).toBe(monday8);
    const inside = dryRunStart(hours, monday8, true);
    expect(inside).toBe(Date.UTC(2026, 0, 5, 9, 0));
    expect(isWithinWorkingHours(schedule, inside)).toBe(true);
    const outside = dryRunStart(hours, inside, false);
    expect(isWithinWorkingHours(schedule, outside)).toBe(false);
    expect(outside).toBeGreaterThan(inside);
    expect(dryRunStart({}, monday8, false)).toBe(monday8); // no working hours: the fact is taken as given
  });
});

describe('unmetExpectations', () => {
  const steps = [{ nodeId: 'a', outcome: 'next', at: 0, pathId: 1, trigger: 'a' }];
  it('names each node not reached, each node passed that must not be, and a wrong status', () => {
    expect(
      unmetExpectations({ steps, status: 'offered' }, { visits: ['a'], notVisits: ['b'], status: 'offered' }),
    ).toEqual([]);
    expect(
      unmetExpectations({ steps, status: 'offered' }, { visits: ['b'], notVisits: ['a'], status: 'closed' }),
    ).toEqual([
      { message: 'it never reached node "b"', nodeId: 'b' },
      { message: 'it passed node "a"', nodeId: 'a' },
      { message: 'it ended as "offered", not "closed"' },
    ]);
  });

  it('stops a run whose loop comes round too often, rather than hold the API', async () => {
    const flow: Flow = {
      schemaVersion: 1,
      name: 'tight loop',
      nodes: [
        { id: 'start', type: 'trigger', params: { event: 'dialog.started' } },
        { id: 'tick', type: 'wait', params: { event: 'rating.received', timeout: '1s' } },
        { id: 'count', type: 'tag', params: { tag: 'tick' } },
      ],
      edges: [
        { source: 'start', target: 'tick' },
        { source: 'tick', sourceHandle: 'timeout', target: 'count' },
        { source: 'count', target: 'tick' },
      ],
    };
    // two steps a second: an hour is within the limit, a week is not
    expect((await dryRun(input({ flow, runFor: '1h' }))).steps.length).toBeLessThan(MAX_SIMULATED_STEPS);
    await expect(dryRun(input({ flow, runFor: '7d' }))).rejects.toBeInstanceOf(SimulationTooLong);
  });
});
