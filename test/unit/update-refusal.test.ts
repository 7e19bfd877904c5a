import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ActivityFailure, ApplicationFailure, RetryState } from '@temporalio/common';
import { refusalOf } from '../../api/routes/dialogs.routes';

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
