import { Worker } from '@temporalio/worker';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import * as bare from '../../bench/baseline/bare-dialog';
import { FLOOR_WORKFLOW_TYPE, type FloorResult } from '../../bench/baseline/floor.workflow';
import { historyCounts } from '../../bench/histories';
import { useTimeSkippingEnvironment } from '../support/time-skipping';

/**
 * The benchmark's floor (bench/baseline/floor.workflow.ts) asks Temporal for the least a dialog must:
 * this test reads its history, so the floor cannot silently grow (an activity, a second timer, an
 * extra workflow task) and with it the ratio Lineflow / floor shrink.
 */
describe('the floor dialog', () => {
  const environment = useTimeSkippingEnvironment();
  const taskQueue = 'bench-floor-test';
  let worker: Worker;
  let running: Promise<void>;

  beforeAll(async () => {
    worker = await Worker.create({
      connection: environment().nativeConnection,
      taskQueue,
      workflowsPath: require.resolve('../../bench/baseline/floor.workflow'),
    });
    running = worker.run();
  });
  afterAll(async () => {
    worker.shutdown();
    await running;
  });

  const start = (dialogId: string) =>
    environment().client.workflow.start(FLOOR_WORKFLOW_TYPE, {
      workflowId: `floor-${dialogId}`,
      taskQueue,
      args: [{ dialogId, firstMessage: { messageId: `${dialogId}-1` } }], // as Lineflow starts a dialog
    });
  const operator = { operatorId: 'op1' };

  it('is a start with the first message, three updates, a signal and one timer, with no activity', async () => {
    const handle = await start('d1');
    expect(await handle.executeUpdate(bare.bareAcceptUpdate, { args: [operator] })).toEqual({ phase: 1 });
    expect(await handle.executeUpdate(bare.bareAnswerUpdate, { args: [operator] })).toEqual({ phase: 2 });
    // the close's result is how the floor's people learn the rating is asked (no activity tells them)
    expect(await handle.executeUpdate(bare.bareCloseUpdate, { args: [operator] })).toEqual({
      phase: 3,
      ratingAsked: true,
    });
    await handle.signal(bare.bareMessageSignal, { messageId: 'd1-rating', rating: 'like' });
    expect(await handle.result()).toEqual<FloorResult>({ dialogId: 'd1', rating: 'like' });

    const history = await handle.fetchHistory();
    expect(historyCounts(history)).toEqual({
      activities: 0,
      localActivities: 0,
      timers: 1,
      signals: 1, // the rating (the first message came in the start's input)
      updates: 3,
      // one for the start, one per update, one for the rating; fewer when Temporal folds an update
      // into the task before it
      workflowTasks: expect.any(Number),
    });
    expect(historyCounts(history).workflowTasks).toBeLessThanOrEqual(5);
    const events = history.events ?? [];
    expect(events.length).toBeLessThanOrEqual(25);
    // the rating came in time and the run ended with it: its timer dropped with the run, not cancelled
    expect(events.filter((e) => e.timerCanceledEventAttributes || e.timerFiredEventAttributes)).toHaveLength(
      0,
    );
    expect(events.filter((e) => e.markerRecordedEventAttributes)).toHaveLength(0); // no local activity either
  });

  it('takes each step only after the one before', async () => {
    const handle = await start('d2');
    await expect(handle.executeUpdate(bare.bareAnswerUpdate, { args: [operator] })).rejects.toThrow(
      WorkflowUpdateFailedError,
    );
    await expect(handle.executeUpdate(bare.bareCloseUpdate, { args: [operator] })).rejects.toThrow(
      WorkflowUpdateFailedError,
    );
    await handle.executeUpdate(bare.bareAcceptUpdate, { args: [operator] });
    await expect(handle.executeUpdate(bare.bareAcceptUpdate, { args: [operator] })).rejects.toThrow(
      WorkflowUpdateFailedError,
    );
    await handle.terminate('test over');
  });

  it('ends unrated when the client does not rate within its one timer', async () => {
    const handle = await start('d3');
    for (const update of [bare.bareAcceptUpdate, bare.bareAnswerUpdate, bare.bareCloseUpdate])
      await handle.executeUpdate(update, { args: [operator] });
    // time skips to the timer: the hour's wait for a rating runs out
    expect(await handle.result()).toEqual<FloorResult>({ dialogId: 'd3', rating: null });
    const counts = historyCounts(await handle.fetchHistory());
    expect(counts).toMatchObject({ activities: 0, timers: 1, signals: 0, updates: 3 });
  });
});
