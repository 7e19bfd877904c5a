import { ApplicationFailure } from '@temporalio/common';

/** How a batch times each of its calls (the worker's metrics); by default it does not. */
export type TimeCall = <T>(activity: string, run: () => Promise<T>) => Promise<T>;

/** The batch's own name: it is timed by its calls, each under its own name (see `TimeCall`). */
export const DIALOG_BATCH_ACTIVITY = 'applyDialogBatch';

/** One call of a dialog activity, as a batch carries it: the activity's name and its one argument. */
export type BatchedCall<A> = {
  [N in keyof A]: A[N] extends (input: infer I) => Promise<unknown> ? { name: N; input: I } : never;
}[keyof A];

/** What one call of a batch came to: its result, or the business refusal it threw (nothing retries it). */
export type BatchedOutcome = { result: unknown } | { refused: { message: string; type: string | null } };

/**
 * Runs a dialog workflow's calls of one activation in one activity (issue 15): a flow's steps, the
 * client message they react to and the offer they end in are one local activity (one history marker)
 * instead of one each. The calls run in order, each in its own transaction as when they ran alone, and
 * each is idempotent (keyed writes), so a retry of the batch after a transient error runs the ones
 * already done again without effect. A call's business refusal (a non-retryable failure, e.g. a
 * transfer to someone who just left the line) is its outcome, not the batch's: the calls after it run,
 * as they did when each was its own activity, and the workflow hands the refusal to that call's caller.
 */
export function createApplyDialogBatch<A extends Record<string, (input: never) => Promise<unknown>>>(
  activities: A,
  time: TimeCall = (_, run) => run(),
) {
  return async function applyDialogBatch({
    calls,
  }: {
    calls: Array<BatchedCall<A>>;
  }): Promise<BatchedOutcome[]> {
    const outcomes: BatchedOutcome[] = [];
    for (const { name, input } of calls as unknown as Array<{ name: keyof A; input: never }>) {
      const run = activities[name];
      if (!run)
        throw ApplicationFailure.nonRetryable(`no dialog activity "${String(name)}"`, 'UnknownActivity');
      try {
        // each call timed under its own name, as when it was an activity of its own
        outcomes.push({ result: (await time(String(name), () => run(input))) ?? null });
      } catch (failure) {
        if (!(failure instanceof ApplicationFailure && failure.nonRetryable)) throw failure; // the batch retries
        outcomes.push({ refused: { message: failure.message, type: failure.type ?? null } });
      }
    }
    return outcomes;
  };
}
