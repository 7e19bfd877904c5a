import { Worker } from '@temporalio/worker';
import type { DialogActivities } from '../../activities';
import type { OpenDialogInput } from '../../activities/read-model/open-dialog.activity';
import type { RecordClientMessageInput } from '../../activities/read-model/record-client-message.activity';
import type { RecordFlowStepInput } from '../../activities/read-model/record-flow-step.activity';
import { DEFAULT_FACTS } from '../../workflows/simulate/scenario';
import {
  clientMessageSignal,
  DIALOG_WORKFLOW_TYPE,
  dialogSnapshotQuery,
  type ClientMessage,
  type DialogWorkflowInput,
} from '../../workflows/definitions';
import { WORKFLOW_BUNDLE_PATH } from '../support/global-setup';
import { notInThisFlow } from '../support/scenarios';
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
    const activities: DialogActivities = {
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
      activities,
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
    expect(opened).toEqual([{ ...input, seq: 1, key: 'dialog.started', at: expect.any(String) }]);
    expect(recorded.map((r) => r.message.messageId)).toEqual(['message-1', 'message-2', 'message-3']);
    // each write names what it is, so a workflow task run again writes the same thing under the same key
    expect(recorded.map((r) => r.key)).toEqual([
      'message:message-1',
      'message:message-2',
      'message:message-3',
    ]);
    expect(steps.map((s) => s.key)).toEqual([
      'g0/started/dialog.started#1:step:started',
      'g0/started/dialog.started#2:step:end',
    ]);
    // one timeline sequence for the dialog: every write its own number, in the order the workflow wrote
    // them (numbers skip: each workflow task starts further on, by its place in the history)
    const seqs = [opened[0]!.seq, ...recorded.map((r) => r.seq), ...steps.map((s) => s.seq)];
    expect(new Set(seqs).size).toBe(6);
    expect(opened[0]!.seq).toBe(Math.min(...seqs));
    expect(recorded.map((r) => r.seq)).toEqual([...recorded.map((r) => r.seq)].sort((a, b) => a - b));
    expect(steps.map((s) => s.seq)).toEqual([...steps.map((s) => s.seq)].sort((a, b) => a - b));
    // with no published flow the line's fallback flow runs: started → end
    expect(steps.map((s) => `${s.entry.nodeId}:${s.entry.outcome ?? 'end'}`)).toEqual([
      'started:next',
      'end:end',
    ]);
    expect(recorded.every((r) => r.dialogId === 'dialog-1' && r.channelId === 'channel-1')).toBe(true);
  });
});
