import { NativeConnection, Worker } from '@temporalio/worker';
import { withDialogBatch, type SingleDialogActivities } from '../../activities';
import { DEFAULT_FACTS } from '../../workflows/simulate/scenario';
import { notInThisFlow } from './scenarios';

/**
 * A dialog worker in a process of its own, for test/workflows/local-retry.test.ts to kill in the middle
 * of a workflow task: its activities tell the test each timeline write (and wait for its answer), and
 * after writing the client message `hangAt` it never answers, as a worker that died there.
 * Arguments: address namespace taskQueue workflowBundlePath hangAt.
 */
const [address, namespace, taskQueue, bundle, hangAt] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
];

let asked = 0;
const answers = new Map<number, () => void>();
process.on('message', (n: number) => answers.get(n)?.());
function tell(write: { what: string; seq: number; key?: string }): Promise<void> {
  const n = ++asked;
  return new Promise((resolve) => {
    answers.set(n, resolve);
    process.send!({ n, ...write });
  });
}

const activities: SingleDialogActivities = {
  openDialog: async ({ seq, key }) => {
    await tell({ what: 'open', seq, key });
    return { clientId: 'client-1', facts: DEFAULT_FACTS, flow: null, flowVersion: null, rules: { kpi: {} } };
  },
  recordClientMessage: async ({ seq, key, message }) => {
    await tell({ what: message.messageId, seq, key });
    if (message.messageId === hangAt) await new Promise<never>(() => undefined);
  },
  recordFlowStep: async ({ seq, key, entry }) => tell({ what: `step:${entry.nodeId}`, seq, key }),
  recordDialogChange: async () => undefined,
  transferDialog: async () => ({ flow: null, flowVersion: null, rules: { kpi: {} }, released: [] }),
  ...notInThisFlow,
};

void (async () => {
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection,
    namespace,
    taskQueue,
    workflowBundle: { codePath: bundle },
    activities: withDialogBatch(activities),
  });
  process.send!({ ready: true });
  await worker.run();
})();
