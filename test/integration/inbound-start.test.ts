import { Client, Connection } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { DEMO_WEBHOOK_CHANNEL_ID } from '../../runtime/demo-seed';
import { DEMO_PASSWORD, eventually, TestStack } from '../support/test-stack';
import { dialogWorkflowId, type DialogWorkflowInput } from '../../workflows/definitions';

/**
 * How a client's message reaches Temporal (issue 15, api/inbound/deliver-client-message.ts): the message
 * that starts a dialog is in its workflow's input (a start, eager where API and worker share one
 * connection, as `npm start` runs them), and the messages after it are signals. Either way each is
 * recorded once, in the order it came.
 */
describe('inbound messages and the dialog workflow', () => {
  let stack: TestStack;
  let secret: string;
  let token: string;
  let connection: Connection;

  beforeAll(async () => {
    stack = await TestStack.startOn('sqlite');
    secret = await stack.channelSecret(DEMO_WEBHOOK_CHANNEL_ID);
    token = await stack.login('supervisor@lineflow.local', DEMO_PASSWORD);
    connection = await Connection.connect({ address: stack.running.temporalAddress });
  });
  afterAll(async () => {
    await connection?.close();
    await stack?.stop();
  });

  const send = (externalMessageId: string, text: string) =>
    stack.inbound(
      DEMO_WEBHOOK_CHANNEL_ID,
      JSON.stringify({ externalMessageId, client: { externalId: 'starter', name: 'Starter' }, text }),
      secret,
    );

  const eagerStarts = async () => {
    const metrics = (await stack.request('GET', '/metrics')).body as string;
    return Number(/^lineflow_dialog_starts_total\{eager="true"\} (\d+)$/m.exec(metrics)?.[1] ?? 0);
  };

  it('starts a dialog with its first message in the input, and signals the next ones', async () => {
    const eagerBefore = await eagerStarts();
    const first = await send('start-1', 'Hello');
    expect(first.status).toBe(202);
    const second = await send('start-2', 'Are you there?');
    expect(second.status).toBe(202);
    expect(second.body.dialogId).toBe(first.body.dialogId);
    const dialogId: string = first.body.dialogId;

    const messages = await eventually(async () => {
      const dialog = await stack.request('GET', `/api/dialogs/${dialogId}`, { token });
      const texts = (dialog.body.messages ?? []).map((m: { text: string }) => m.text);
      return texts.length === 2 ? texts : undefined;
    });
    expect(messages).toEqual(['Hello', 'Are you there?']);

    const client = new Client({ connection });
    const history = await client.workflow.getHandle(dialogWorkflowId(dialogId)).fetchHistory();
    const started = history.events![0]!.workflowExecutionStartedEventAttributes!;
    const input = defaultPayloadConverter.fromPayload<DialogWorkflowInput>(started.input!.payloads![0]!);
    expect(input.firstMessage?.text).toBe('Hello');
    const signals = history.events!.filter((e) => e.workflowExecutionSignaledEventAttributes);
    expect(signals).toHaveLength(1); // the second message only
    // API and worker share a connection here (as `npm start` runs them): the start was eager
    expect(await eagerStarts()).toBe(eagerBefore + 1);
  });
});
