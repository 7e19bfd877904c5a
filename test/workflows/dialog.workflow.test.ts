import { Worker } from '@temporalio/worker';
import { WorkflowUpdateStage, type WorkflowHandle } from '@temporalio/client';
import { withDialogBatch, type SingleDialogActivities } from '../../activities';
import type { OpenDialogInput } from '../../activities/read-model/open-dialog.activity';
import type { RecordClientMessageInput } from '../../activities/read-model/record-client-message.activity';
import type { RecordFlowStepInput } from '../../activities/read-model/record-flow-step.activity';
import { DEFAULT_FACTS } from '../../workflows/simulate/scenario';
import type { Flow } from '../../schemas/generated/flow';
import {
  answerUpdate,
  clientMessageSignal,
  closeUpdate,
  DIALOG_WORKFLOW_TYPE,
  dialogSnapshotQuery,
  type Actor,
  type ClientMessage,
  type DialogWorkflowInput,
} from '../../workflows/definitions';
import { WORKFLOW_BUNDLE_PATH } from '../support/global-setup';
import { notInThisFlow, recordHistory } from '../support/scenarios';
import { useTimeSkippingEnvironment } from '../support/time-skipping';

/**
 * The dialog workflow on the time-skipping test server, with recording activities in place of the
 * database: what it asks the read model to do, in which order, and that a repeated message id is dropped.
 */
describe('dialog workflow', () => {
  const environment = useTimeSkippingEnvironment();

  const input: DialogWorkflowInput = {
    dialogId: 'dialog-1',
    lineId: 'line-1',
    channelId: 'channel-1',
    channelKind: 'webhook',
    client: { externalId: 'client-1', name: 'Ann' },
  };
  const message = (n: number): ClientMessage => ({
    messageId: `message-${n}`,
    externalMessageId: `ext-${n}`,
    client: input.client,
    text: `text ${n}`,
    receivedAt: new Date(Date.UTC(2026, 0, 1, 12, 0, n)).toISOString(),
  });

  it('opens the dialog once and records each client message once, in arrival order', async () => {
    const env = environment();
    const opened: OpenDialogInput[] = [];
    const recorded: RecordClientMessageInput[] = [];
    const steps: RecordFlowStepInput[] = [];
    const activities: SingleDialogActivities = {
      openDialog: async (call) => {
        opened.push(call);
        return {
          clientId: 'client-profile-1',
          facts: DEFAULT_FACTS,
          flow: null,
          flowVersion: null,
          rules: { kpi: {} },
        };
      },
      recordClientMessage: async (call) => {
        recorded.push(call);
      },
      recordFlowStep: async (call) => {
        steps.push(call);
      },
      recordDialogChange: async () => undefined,
      transferDialog: async () => ({ flow: null, flowVersion: null, rules: { kpi: {} }, released: [] }),
      ...notInThisFlow,
    };
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'dialog-test',
      workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH },
      activities: withDialogBatch(activities),
    });
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.signalWithStart(DIALOG_WORKFLOW_TYPE, {
        workflowId: 'dialog-test-1',
        taskQueue: 'dialog-test',
        args: [input],
        signal: clientMessageSignal,
        signalArgs: [message(1)],
      });
      await handle.signal(clientMessageSignal, message(2));
      await handle.signal(clientMessageSignal, message(1)); // a retry of the first message
      await handle.signal(clientMessageSignal, message(3));
      for (;;) {
        const snapshot = await handle.query(dialogSnapshotQuery);
        if (snapshot.messagesReceived === 3 && snapshot.pendingMessages === 0) {
          expect(snapshot).toEqual({
            dialogId: 'dialog-1',
            clientId: 'client-profile-1',
            messagesReceived: 3,
            pendingMessages: 0,
          });
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await handle.terminate('test over');
    });
    // What the read model keeps: one write per key. (A machine loaded enough to make a workflow task
    // run again runs its local activities again, under the same keys.)
    const kept = <T extends { key?: string }>(calls: T[]) =>
      calls.filter((call, i) => calls.findIndex((other) => other.key === call.key) === i);
    const [opening, ...reopened] = kept(opened);
    expect(reopened).toEqual([]);
    expect(opening).toEqual({
      ...input,
      seq: expect.any(Number),
      key: 'dialog.started',
      at: expect.any(String),
    });
    const messages = kept(recorded);
    const flowSteps = kept(steps);
    expect(messages.map((r) => r.message.messageId)).toEqual(['message-1', 'message-2', 'message-3']);
    // each write names what it is, so a workflow task run again writes the same thing under the same key
    expect(messages.map((r) => r.key)).toEqual([
      'message:message-1',
      'message:message-2',
      'message:message-3',
    ]);
    expect(flowSteps.map((s) => s.key)).toEqual([
      'g0/started/dialog.started#1:step:started',
      'g0/started/dialog.started#2:step:end',
    ]);
    // one timeline sequence for the dialog: every write its own number, in the order the workflow wrote
    // them (numbers skip: each workflow task starts further on, by its place in the history)
    const seqs = [opening!.seq, ...messages.map((r) => r.seq), ...flowSteps.map((s) => s.seq)];
    expect(new Set(seqs).size).toBe(6);
    expect(opening!.seq).toBe(Math.min(...seqs));
    expect(messages.map((r) => r.seq)).toEqual([...messages.map((r) => r.seq)].sort((a, b) => a - b));
    expect(flowSteps.map((s) => s.seq)).toEqual([...flowSteps.map((s) => s.seq)].sort((a, b) => a - b));
    // with no published flow the line's fallback flow runs: started → end
    expect(steps.map((s) => `${s.entry.nodeId}:${s.entry.outcome ?? 'end'}`)).toEqual([
      'started:next',
      'end:end',
    ]);
    expect(recorded.every((r) => r.dialogId === 'dialog-1' && r.channelId === 'channel-1')).toBe(true);
  });

  /** A gate an activity waits at until the test opens it; `reached` resolves when it got there. */
  function gate() {
    let open!: () => void;
    let arrive!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    const reached = new Promise<void>((resolve) => (arrive = resolve));
    return { open, reached, pass: () => (arrive(), opened) };
  }

  /**
   * Runs `body` against a dialog on its own task queue: a worker with `activities`, the dialog started
   * by the client's first message, open and that message recorded.
   */
  async function withOpenDialog(
    name: string,
    activities: SingleDialogActivities,
    body: (handle: WorkflowHandle) => Promise<void>,
  ): Promise<void> {
    const env = environment();
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: name,
      workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH },
      activities: withDialogBatch(activities),
    });
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.signalWithStart(DIALOG_WORKFLOW_TYPE, {
        workflowId: `${name}-1`,
        taskQueue: name,
        args: [input],
        signal: clientMessageSignal,
        signalArgs: [message(1)],
      });
      while ((await handle.query(dialogSnapshotQuery)).messagesReceived < 1)
        await new Promise((resolve) => setTimeout(resolve, 50)); // actions wait for the dialog to open
      await body(handle);
    });
  }

  const supervisor: Actor = { operatorId: 'sup-1', role: 'supervisor' };

  /** Recording activities of a dialog on `flow`: the client messages stored, each operator change awaited. */
  function recordingActivities(flow: Flow, onChange: (type: string) => Promise<void>) {
    const recorded: string[] = [];
    const activities: SingleDialogActivities & Record<string, unknown> = {
      openDialog: async () => ({
        clientId: 'client-profile-1',
        facts: DEFAULT_FACTS,
        flow,
        flowVersion: 1,
        rules: { kpi: {} },
      }),
      recordClientMessage: async (call) => {
        recorded.push(call.message.messageId);
      },
      recordFlowStep: async () => undefined,
      recordDialogChange: async (call) => {
        await onChange(call.type);
      },
      transferDialog: async () => ({ flow: null, flowVersion: null, rules: { kpi: {} }, released: [] }),
      ...notInThisFlow,
    };
    return { activities, recorded };
  }

  const startedOnly: Flow = {
    schemaVersion: 1,
    name: 'Nothing but a start',
    nodes: [{ id: 'start', type: 'trigger', params: { event: 'dialog.started' } }],
    edges: [],
  };

  it('records a client message that arrives while the dialog finishes, then ends', async () => {
    // The supervisor's answer is still being written when their close ends the flow: the workflow waits
    // for that handler before it returns, and the client writes meanwhile. That message must be stored
    // (the API has told the channel it was accepted), not dropped with the finished run.
    const answering = gate();
    const { activities, recorded } = recordingActivities(startedOnly, (type) =>
      type === 'operator.message' ? answering.pass() : Promise.resolve(),
    );
    await withOpenDialog('dialog-finishing', activities, async (handle) => {
      const answer = {
        ...supervisor,
        messageId: 'answer-1',
        text: 'hi',
        hidden: false,
        at: message(1).receivedAt,
      };
      const answered = handle.executeUpdate(answerUpdate, { args: [answer] });
      await answering.reached;
      // (admitted, not done: the dialog's local activities run one at a time, so the close's write
      // waits for the answer's)
      const closing = await handle.startUpdate(closeUpdate, {
        args: [supervisor],
        waitForStage: WorkflowUpdateStage.ACCEPTED,
      });
      await handle.signal(clientMessageSignal, message(2)); // the flow is over; the answer still runs
      answering.open();
      await answered;
      await closing.result();
      await handle.result();
      await recordHistory(handle, 'message-while-finishing.json'); // `npm run replay:record`
    });
    expect(recorded).toEqual(['message-1', 'message-2']);
  });

  it('writes the close before the flow reacts to it (asks for the rating)', async () => {
    // A rating request written before the close would be overwritten by it: the dialog would read
    // closed while the flow waits for the rating. The close's write is held back until the rating
    // request has started (or 2 s passed): the request must still come second.
    const order: string[] = [];
    let ratingAsked!: () => void;
    const asked = new Promise<void>((resolve) => (ratingAsked = resolve));
    const { activities } = recordingActivities(
      {
        schemaVersion: 1,
        name: 'Rating after close',
        nodes: [
          { id: 'start', type: 'trigger', params: { event: 'dialog.started' } },
          { id: 'closed', type: 'trigger', params: { event: 'dialog.closed' } },
          { id: 'ask', type: 'action', params: { activity: 'requestRating', input: {} } },
        ],
        edges: [{ source: 'closed', target: 'ask' }],
      },
      async (type) => {
        if (type !== 'dialog.closed') return;
        await Promise.race([asked, new Promise((resolve) => setTimeout(resolve, 2000))]);
        order.push('close written');
      },
    );
    activities.requestRating = async () => {
      order.push('rating requested');
      ratingAsked();
      return { requested: true };
    };
    await withOpenDialog('dialog-close-order', activities, async (handle) => {
      await handle.executeUpdate(closeUpdate, { args: [supervisor] });
      await handle.result();
      await recordHistory(handle, 'close-before-rating-request.json');
    });
    expect(order).toEqual(['close written', 'rating requested']);
  });

  it("writes an operator's close with the flow's reaction to it, and a rating with the flow's steps after it, each in one batch", async () => {
    // Issue 15: every batch is a history event, so what one workflow task sets off goes in one. The
    // close's write still comes first in its batch (see the test above).
    const env = environment();
    const batches: string[][] = [];
    const { activities } = recordingActivities(
      {
        schemaVersion: 1,
        name: 'Rating after close',
        nodes: [
          { id: 'start', type: 'trigger', params: { event: 'dialog.started' } },
          { id: 'closed', type: 'trigger', params: { event: 'dialog.closed' } },
          { id: 'ask', type: 'action', params: { activity: 'requestRating', input: {} } },
          { id: 'rated', type: 'wait', params: { event: 'rating.received', timeout: '30m' } },
          { id: 'done', type: 'end', params: {} },
        ],
        edges: [
          { source: 'closed', target: 'ask' },
          { source: 'ask', target: 'rated' },
          { source: 'rated', sourceHandle: 'received', target: 'done' },
        ],
      },
      async () => undefined,
    );
    const opened = activities.openDialog;
    activities.openDialog = async (call) => ({ ...(await opened(call)), localActivities: ['requestRating'] });
    const local = { requestRating: async () => ({ messageId: 'rating-request-1' }) };
    const { applyDialogBatch, ...rest } = withDialogBatch(activities, local);
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'dialog-batches',
      workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH },
      activities: {
        ...rest,
        applyDialogBatch: (batch: Parameters<typeof applyDialogBatch>[0]) => {
          batches.push(
            batch.calls.map(({ name, input }) => {
              const what = input as { type?: string; entry?: { nodeId: string } };
              return [name, what.type ?? what.entry?.nodeId].filter(Boolean).join(':');
            }),
          );
          return applyDialogBatch(batch);
        },
      },
    });
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.signalWithStart(DIALOG_WORKFLOW_TYPE, {
        workflowId: 'dialog-batches-1',
        taskQueue: 'dialog-batches',
        args: [input],
        signal: clientMessageSignal,
        signalArgs: [message(1)],
      });
      while ((await handle.query(dialogSnapshotQuery)).messagesReceived < 1)
        await new Promise((resolve) => setTimeout(resolve, 50));
      await handle.executeUpdate(closeUpdate, { args: [supervisor] });
      await handle.signal(clientMessageSignal, { ...message(2), text: undefined, rating: 'like' });
      await handle.result();
    });
    // A workflow task that ran again would repeat its batches: each kind is looked for once.
    const closing = batches.find((b) => b.includes('recordDialogChange:dialog.closed'));
    expect(closing).toEqual(['recordDialogChange:dialog.closed', 'recordFlowStep:closed', 'requestRating']);
    // the rating (the last client message) and the steps of the path its wait node let go on
    expect(batches.filter((b) => b.includes('recordClientMessage')).at(-1)).toEqual([
      'recordClientMessage',
      'recordFlowStep:rated',
      'recordFlowStep:done',
    ]);
    // The run ended in the task the rating came in: the wait's timer is left to Temporal, which drops
    // a finished run's timers, instead of a TimerCanceled event.
    const events = (await env.client.workflow.getHandle('dialog-batches-1').fetchHistory()).events ?? [];
    expect(events.filter((e) => e.timerStartedEventAttributes)).toHaveLength(1);
    expect(events.filter((e) => e.timerCanceledEventAttributes || e.timerFiredEventAttributes)).toEqual([]);
  });

  describe('on a server of its own', () => {
    // (Passing time on the suite's server waits in real time after the tests above: the test server's
    // time-skipping lock leaks, see operator-actions.fuzz.test.ts.)
    const ownEnvironment = useTimeSkippingEnvironment();

    it('cancels the timer of a wait that came in time while the dialog goes on, so it never wakes the run', async () => {
      const env = ownEnvironment();
      const { activities } = recordingActivities(
        {
          schemaVersion: 1,
          name: 'Two waits',
          nodes: [
            { id: 'start', type: 'trigger', params: { event: 'dialog.started' } },
            { id: 'rated', type: 'wait', params: { event: 'rating.received', timeout: '10m' } },
            { id: 'wrote', type: 'wait', params: { event: 'client.message', timeout: '30m' } },
            { id: 'done', type: 'close', params: { status: 'closed' } },
          ],
          edges: [
            { source: 'start', target: 'rated' },
            { source: 'rated', sourceHandle: 'received', target: 'wrote' },
            { source: 'wrote', sourceHandle: 'received', target: 'done' },
          ],
        },
        async () => undefined,
      );
      const worker = await Worker.create({
        connection: env.nativeConnection,
        taskQueue: 'dialog-timers',
        workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH },
        activities: withDialogBatch(activities),
      });
      await worker.runUntil(async () => {
        const handle = await env.client.workflow.signalWithStart(DIALOG_WORKFLOW_TYPE, {
          workflowId: 'dialog-timers-1',
          taskQueue: 'dialog-timers',
          args: [input],
          signal: clientMessageSignal,
          signalArgs: [message(1)],
        });
        const received = async (n: number) => {
          while ((await handle.query(dialogSnapshotQuery)).messagesReceived < n)
            await new Promise((resolve) => setTimeout(resolve, 50));
        };
        await received(1);
        await handle.signal(clientMessageSignal, { ...message(2), text: undefined, rating: 'like' });
        await received(2);
        await env.sleep('15 minutes'); // past the first wait's 10 minutes: its timer must be gone by now
        await handle.signal(clientMessageSignal, message(3));
        await handle.result();
        const events = (await handle.fetchHistory()).events ?? [];
        const started = events.filter((e) => e.timerStartedEventAttributes);
        expect(started.map((e) => e.timerStartedEventAttributes!.timerId)).toHaveLength(2);
        // the first wait's timer cancelled; the second's left to the run's end; neither fired
        expect(
          events
            .filter((e) => e.timerCanceledEventAttributes)
            .map((e) => e.timerCanceledEventAttributes!.timerId),
        ).toEqual([started[0]!.timerStartedEventAttributes!.timerId]);
        expect(events.filter((e) => e.timerFiredEventAttributes)).toEqual([]);
      });
    });
  });
});
