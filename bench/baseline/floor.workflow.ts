import { allHandlersFinished, condition, setHandler, sleep } from '@temporalio/workflow';
import {
  bareAcceptUpdate,
  bareAnswerUpdate,
  bareCloseUpdate,
  bareMessageSignal,
  type BareActor,
  type BareMessage,
  type BareStep,
} from './bare-dialog';

/**
 * The benchmark's floor (issue 15, not part of Lineflow): the least one dialog must ask of Temporal.
 * Started with the client's first message in its input (as Lineflow starts a new dialog since issue 15's
 * eager start: no signal event), accepted, answered and closed by three
 * updates, rated by a signal, one timer (how long the rating is waited for), and no activity at all.
 * Its ratio to Lineflow, with the same simulated people, shows what a design with fewer round trips
 * could reach; the baseline (baseline.workflow.ts) cannot, since it copies Lineflow's own shape.
 *
 * With no activity the workflow cannot push anything to the people, so the floor's HTTP front
 * (baseline-server.ts) tells the driver what it learns from Temporal's answers: the offer once
 * the start has returned (the dialog is durably there; the accept is the workflow's first
 * say), the rating request from the close update's result, the end from the workflow's result.
 */
export const FLOOR_WORKFLOW_TYPE = 'floorDialog';
/** the one timer: a client who does not rate within this ends the dialog unrated */
export const FLOOR_RATING_WAIT = '1 hour';

export interface FloorInput {
  dialogId: string;
  firstMessage?: BareMessage;
}

export interface FloorResult {
  dialogId: string;
  /** the client's rating, or null when the wait ran out */
  rating: string | null;
}

export async function floorDialog({ dialogId, firstMessage }: FloorInput): Promise<FloorResult> {
  let started = firstMessage !== undefined;
  let phase = 0;
  let rating: string | null = null;
  setHandler(bareMessageSignal, (message) => {
    if (message.rating !== undefined) rating = message.rating;
    else started = true;
  });
  // each update is one step on from the last; the handlers do not wait, so each completes in the
  // workflow task that accepted it
  const step =
    (index: number) =>
    (_actor: BareActor): BareStep => {
      phase = index;
      return index === 3 ? { phase, ratingAsked: true } : { phase };
    };
  const after = (index: number) => ({
    validator: (_actor: BareActor) => {
      if (!started || phase !== index - 1) throw new Error(`not after step ${index - 1}`);
    },
  });
  setHandler(bareAcceptUpdate, step(1), after(1));
  setHandler(bareAnswerUpdate, step(2), after(2));
  setHandler(bareCloseUpdate, step(3), after(3));

  await condition(() => phase === 3);
  // the timer is not cancelled when the rating comes: the run ends in that task and Temporal drops a
  // finished run's timers (as Lineflow leaves its wait's timer, one TimerCanceled event fewer)
  await Promise.race([condition(() => rating !== null), sleep(FLOOR_RATING_WAIT)]);
  await condition(allHandlersFinished);
  return { dialogId, rating };
}
