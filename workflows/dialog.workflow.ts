import { condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { DialogActivities } from '../activities';
import {
  clientMessageSignal,
  dialogSnapshotQuery,
  type ClientMessage,
  type DialogWorkflowInput,
} from './definitions';

const { openDialog, recordClientMessage } = proxyActivities<DialogActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/**
 * One dialog. For now it opens the dialog's read model and records every client message in arrival
 * order, once each (a message id seen before is ignored). The flow interpreter takes over from here.
 */
export async function dialogWorkflow(input: DialogWorkflowInput): Promise<void> {
  const inbox: ClientMessage[] = [];
  const seen = new Set<string>();
  let clientId: string | null = null;
  let recorded = 0;
  // Timeline sequence numbers; the read model upserts by (dialogId, seq), so retries never duplicate.
  let seq = 0;

  setHandler(clientMessageSignal, (message) => {
    if (seen.has(message.messageId)) return;
    seen.add(message.messageId);
    inbox.push(message);
  });
  setHandler(dialogSnapshotQuery, () => ({
    dialogId: input.dialogId,
    clientId,
    messagesReceived: recorded,
    pendingMessages: inbox.length,
  }));

  ({ clientId } = await openDialog({ ...input, seq: ++seq, at: new Date().toISOString() }));

  for (;;) {
    await condition(() => inbox.length > 0);
    const message = inbox.shift()!;
    await recordClientMessage({ dialogId: input.dialogId, channelId: input.channelId, seq: ++seq, message });
    recorded++;
  }
}
