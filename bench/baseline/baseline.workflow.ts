import {
  allHandlersFinished,
  condition,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
} from '@temporalio/workflow';
import type { BaselineActivities } from './baseline.activities';
import { NOTIFY_KINDS, type BaselineInput } from './baseline-shape';
import {
  bareAcceptUpdate,
  bareAnswerUpdate,
  bareCloseUpdate,
  bareMessageSignal,
  type BareActor,
  type BareMessage,
} from './bare-dialog';

/**
 * The benchmark's bare-Temporal baseline (not part of Lineflow): a dialog that does nothing but what
 * Temporal itself must do for one Lineflow dialog — the same signals and updates, the same number of
 * no-op activities in the same batches, the same number of timers — so the ratio of the two runs shows
 * what Lineflow's own work costs. Loaded by the benchmark's separate baseline worker, never by Lineflow's.
 */
export const BASELINE_WORKFLOW_TYPE = 'baselineDialog';

const remote = proxyActivities<BaselineActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});
/** the batches Lineflow ran as local activities (its read-model writes), as Lineflow runs them */
const local = proxyLocalActivities<BaselineActivities>({
  startToCloseTimeout: '30 seconds',
  localRetryThreshold: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

export async function baselineDialog({ dialogId, shape, firstMessage }: BaselineInput): Promise<void> {
  let phase = -1;
  let pending = 0;
  const inbox: BareMessage[] = firstMessage ? [firstMessage] : [];

  const runBatches = async (index: number, from: number, to: number): Promise<void> => {
    const { batches, notifyAt } = shape.phases[index]!;
    for (let b = from; b < Math.min(to, batches.length); b++) {
      const { noop, notify } = shape.phases[index]!.local?.[b] ? local : remote;
      await Promise.all(
        Array.from({ length: batches[b]! }, (_, k) =>
          b === notifyAt && k === 0 ? notify({ dialogId, kind: NOTIFY_KINDS[index]! }) : noop(),
        ),
      );
    }
  };
  /** Enters a phase: its timers wait for the next phase (which cancels them), then its handler batches. */
  const enter = async (index: number): Promise<void> => {
    phase = index;
    const { timers, inHandler } = shape.phases[index]!;
    for (let t = 0; t < timers; t++) void condition(() => phase > index, '1 hour');
    await runBatches(index, 0, inHandler);
    pending++;
    void runBatches(index, inHandler, Infinity).finally(() => pending--);
  };
  const validator = (index: number) => (_actor: BareActor) => {
    if (phase !== index - 1) throw new Error(`not in phase ${index - 1}`);
  };
  const handler = (index: number) => async (_actor: BareActor) => {
    await enter(index);
    return { phase: index };
  };
  setHandler(bareMessageSignal, (message) => void inbox.push(message));
  setHandler(bareAcceptUpdate, handler(1), { validator: validator(1) });
  setHandler(bareAnswerUpdate, handler(2), { validator: validator(2) });
  setHandler(bareCloseUpdate, handler(3), { validator: validator(3) });

  await condition(() => inbox.length > 0);
  inbox.shift();
  await enter(0);
  await condition(() => inbox.some((m) => m.rating !== undefined));
  await enter(4);
  await condition(() => pending === 0 && allHandlersFinished());
}
