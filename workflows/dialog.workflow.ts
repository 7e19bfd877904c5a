import { allHandlersFinished, condition, continueAsNew } from '@temporalio/workflow';
import type { DialogWorkflowInput } from './definitions';
import { DialogRun } from './dialog-run';
import { registerOperatorActions } from './operator-actions';

/**
 * One dialog: the Temporal host of the flow engine. It opens the dialog's read model, runs the flow
 * pinned at the start, takes the inbox's actions, and records every client message once, in arrival
 * order, handing it to the flow. A long dialog continues as new; a dialog transferred to another line
 * continues as new on that line's flow. It ends when the flow has closed the dialog, no path runs and
 * every client message is recorded.
 */
export async function dialogWorkflow(input: DialogWorkflowInput): Promise<void> {
  const dialog = new DialogRun(input); // sets the signal and query handlers: before the first await
  registerOperatorActions(dialog);
  await dialog.open();
  for (;;) {
    const turn = await dialog.nextTurn();
    if (turn === 'finished') {
      await condition(allHandlersFinished);
      // While the last handlers finished, the client may have written (or rated) and the flow may have
      // started a path again: the loop goes on until nothing is left, so no message is lost.
      if (dialog.settled || !dialog.has('finish-when-settled')) break;
      continue;
    }
    if (turn === 'message') {
      await dialog.recordNextMessage();
      continue;
    }
    // The old line's flow stops here on a transfer (its waits and timers with it).
    await condition(allHandlersFinished);
    await continueAsNew<typeof dialogWorkflow>(
      turn === 'transferred' ? dialog.continuationOnNewLine() : dialog.continuation(),
    );
  }
}
