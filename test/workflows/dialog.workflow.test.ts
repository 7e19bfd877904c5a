import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { DialogActivities } from '../../activities';
import type { OpenDialogInput } from '../../activities/read-model/open-dialog.activity';
import type { RecordClientMessageInput } from '../../activities/read-model/record-client-message.activity';
import { withTemporalExecutable } from '../../runtime/temporal-binaries';
import {
  clientMessageSignal,
  DIALOG_WORKFLOW_TYPE,
  dialogSnapshotQuery,
  type ClientMessage,
  type DialogWorkflowInput,
} from '../../workflows/definitions';
import { WORKFLOW_BUNDLE_PATH } from '../support/global-setup';

/**
 * The dialog workflow on the time-skipping test server, with recording activities in place of the
 * database: what it asks the read model to do, in which order, and that a repeated message id is dropped.
 */
describe('dialog workflow', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await withTemporalExecutable('test-server', (executable) =>
      TestWorkflowEnvironment.createTimeSkipping({ server: { executable } }),
    );
  });
  afterAll(async () => {
    await env?.teardown();
  });

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
    const opened: OpenDialogInput[] = [];
    const recorded: RecordClientMessageInput[] = [];
    const activities: DialogActivities = {
      openDialog: async (call) => {
        opened.push(call);
        return { clientId: 'client-profile-1' };
      },
      recordClientMessage: async (call) => {
        recorded.push(call);
      },
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
    expect(opened).toEqual([{ ...input, seq: 1, at: expect.any(String) }]);
    expect(recorded.map((r) => [r.seq, r.message.messageId])).toEqual([
      [2, 'message-1'],
      [3, 'message-2'],
      [4, 'message-3'],
    ]);
    expect(recorded.every((r) => r.dialogId === 'dialog-1' && r.channelId === 'channel-1')).toBe(true);
  });
});
