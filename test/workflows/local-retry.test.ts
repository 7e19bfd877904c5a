import { fork } from 'node:child_process';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { withDialogBatch, type SingleDialogActivities } from '../../activities';
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
 * The case local activities brought (docs/architecture.md §3.5): a worker dies in the middle of a
 * workflow task, after some of the task's local activities have written; the task is run again on
 * another worker, with a message that came in meanwhile, and runs them again. A read model that keeps
 * one entry per key and gives a taken number the next free one (as db/dialog-writes.ts does) ends with
 * every write once: none doubled by the second attempt, none lost to a number the first one took.
 */
describe('a workflow task run again after its worker died', () => {
  const environment = useTimeSkippingEnvironment();

  const input: DialogWorkflowInput = {
    dialogId: 'dialog-retry',
    lineId: 'line-1',
    channelId: 'channel-1',
    channelKind: 'webhook',
    client: { externalId: 'client-1' },
  };
  const message = (n: number): ClientMessage => ({
    messageId: `message-${n}`,
    externalMessageId: `ext-${n}`,
    client: input.client,
    text: `text ${n}`,
    receivedAt: new Date(Date.UTC(2026, 0, 1, 12, 0, n)).toISOString(),
  });

  it('keeps each timeline write once, under its key, with numbers of its own', async () => {
    const env = environment();
    /** the timeline as the read model keeps it: by key, numbers unique (appendTimeline's rules) */
    const timeline = new Map<string, number>();
    const attempts: Array<{ what: string; seq: number; worker: 'first' | 'second' }> = [];
    const write = (
      worker: 'first' | 'second',
      { what, seq, key }: { what: string; seq: number; key?: string },
    ) => {
      attempts.push({ what, seq, worker });
      if (!key) throw new Error(`${what} came without a key`);
      if (timeline.has(key)) return;
      const taken = new Set(timeline.values());
      timeline.set(key, taken.has(seq) ? Math.max(...taken) + 1 : seq);
    };
    const taskQueue = 'local-retry';

    // the first worker, in a process of its own: killed once it has written the first message
    const first = fork(
      path.join(__dirname, '..', 'support', 'dying-worker.ts'),
      [env.address, env.namespace ?? 'default', taskQueue, WORKFLOW_BUNDLE_PATH, 'message-1'],
      { execArgv: ['--import', 'tsx'], stdio: 'inherit' },
    );
    const wroteFirstMessage = new Promise<void>((resolve, reject) => {
      first.on('error', reject);
      first.on('message', (m: { ready?: true; n: number; what: string; seq: number; key?: string }) => {
        if (m.ready) return;
        write('first', m);
        first.send(m.n);
        if (m.what === 'message-1') resolve();
      });
    });
    await new Promise<void>((resolve) => first.once('message', () => resolve()));

    const handle = await env.client.workflow.signalWithStart(DIALOG_WORKFLOW_TYPE, {
      workflowId: 'dialog-retry',
      taskQueue,
      args: [input],
      signal: clientMessageSignal,
      signalArgs: [message(1)],
      workflowTaskTimeout: '2s',
    });
    await wroteFirstMessage;
    await handle.signal(clientMessageSignal, message(2)); // arrives while the first attempt hangs
    const exited = new Promise((resolve) => first.once('exit', resolve));
    first.kill('SIGKILL');
    await exited;

    const activities: SingleDialogActivities = {
      openDialog: async ({ seq, key }) => {
        write('second', { what: 'open', seq, key });
        return {
          clientId: 'client-1',
          facts: DEFAULT_FACTS,
          flow: null,
          flowVersion: null,
          rules: { kpi: {} },
        };
      },
      recordClientMessage: async ({ seq, key, message: m }) =>
        write('second', { what: m.messageId, seq, key }),
      recordFlowStep: async ({ seq, key, entry }) =>
        write('second', { what: `step:${entry.nodeId}`, seq, key }),
      recordDialogChange: async () => undefined,
      transferDialog: async () => ({ flow: null, flowVersion: null, rules: { kpi: {} }, released: [] }),
      ...notInThisFlow,
    };
    const second = await Worker.create({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH },
      activities: withDialogBatch(activities),
    });
    await second.runUntil(async () => {
      for (;;) {
        const snapshot = await handle.query(dialogSnapshotQuery);
        if (snapshot.messagesReceived === 2 && snapshot.pendingMessages === 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await handle.terminate('test over');
    });

    // the first attempt's writes were run again by the second worker (the same keys) …
    const by = (worker: 'first' | 'second') => attempts.filter((a) => a.worker === worker).map((a) => a.what);
    // (the flow's steps go behind, so the fallback flow's two steps come before the message it waited
    // for: all three in the task's second batch, the message last, where the worker hangs)
    expect(by('first')).toEqual(['open', 'step:started', 'step:end', 'message-1']);
    expect(by('second')).toEqual(expect.arrayContaining(['open', 'step:started', 'message-1', 'message-2']));
    // … and kept once each; the message that came in meanwhile is there too, nothing twice or lost
    expect([...timeline.keys()].sort()).toEqual(
      [
        'dialog.started',
        'message:message-1',
        'message:message-2',
        'g0/started/dialog.started#1:step:started',
        'g0/started/dialog.started#2:step:end',
      ].sort(),
    );
    expect(new Set(timeline.values()).size).toBe(timeline.size);
    // the second attempt numbered past the first one's numbers: none of its writes had to be moved
    const firstNumbers = attempts.filter((a) => a.worker === 'first').map((a) => a.seq);
    for (const a of attempts.filter((a) => a.worker === 'second'))
      expect(a.seq).toBeGreaterThan(Math.max(...firstNumbers));
  });
});
