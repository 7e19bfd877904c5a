import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ActivityFailure, ApplicationFailure, RetryState } from '@temporalio/common';
import { refusalOf, sendTryingAgain } from '../../api/routes/dialogs.routes';
import { REFUSALS } from '../../workflows/engine/routing-rules';

/** What an inbox button's 409 says when the dialog workflow refuses an update (api/routes/dialogs.routes.ts). */
describe('the reason of a refused update', () => {
  const failed = (cause: Error) => new WorkflowUpdateFailedError('Workflow Update failed', cause);
  const activityFailed = (cause: Error) =>
    new ActivityFailure(
      'Activity task failed',
      'transferDialog',
      '7',
      RetryState.NON_RETRYABLE_FAILURE,
      undefined,
      cause,
    );

  it("is the validator's or handler's own", () => {
    expect(refusalOf(failed(ApplicationFailure.nonRetryable('the dialog is closed')))).toBe(
      'the dialog is closed',
    );
  });

  it("is an activity's refusal, not the activity's failure", () => {
    const refusal = ApplicationFailure.nonRetryable("operator op9 does not work on this dialog's line");
    expect(refusalOf(failed(activityFailed(refusal)))).toBe(
      "operator op9 does not work on this dialog's line",
    );
  });

  it('keeps an activity failure that is not a refusal as it is (no internal error text)', () => {
    expect(refusalOf(failed(activityFailed(new Error('connect ECONNREFUSED 127.0.0.1:3306'))))).toBe(
      'Activity task failed',
    );
  });
});

/** An action refused with "try again" is tried again by the API before it answers 409. */
describe('an update refused with "try again"', () => {
  const refused = (reason: string) =>
    new WorkflowUpdateFailedError('Workflow Update failed', ApplicationFailure.nonRetryable(reason));
  /** answers with `outcomes` in turn, counting the tries */
  const sender = (...outcomes: Array<Error | string>) => {
    let tries = 0;
    const send = async () => {
      const outcome = outcomes[Math.min(tries++, outcomes.length - 1)]!;
      if (outcome instanceof Error) throw outcome;
      return outcome;
    };
    return { send, tries: () => tries };
  };

  it('is sent again while the dialog is still opening, and answers what the dialog answers then', async () => {
    const { send, tries } = sender(refused(REFUSALS.stillOpening), refused(REFUSALS.movingLine), 'accepted');
    await expect(sendTryingAgain(send, [0, 0, 0])).resolves.toBe('accepted');
    expect(tries()).toBe(3);
  });

  it('gives up after its last delay with the refusal', async () => {
    const { send, tries } = sender(refused(REFUSALS.stillOpening));
    await expect(sendTryingAgain(send, [0, 0])).rejects.toThrow(WorkflowUpdateFailedError);
    expect(tries()).toBe(3);
  });

  it('answers any other refusal at once', async () => {
    const { send, tries } = sender(refused(REFUSALS.closed), 'accepted');
    await expect(sendTryingAgain(send, [0, 0])).rejects.toThrow(WorkflowUpdateFailedError);
    expect(tries()).toBe(1);
  });
});
