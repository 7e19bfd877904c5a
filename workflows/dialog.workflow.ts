import { allHandlersFinished, condition, continueAsNew } from '@temporalio/workflow';
import type { DialogWorkflowInput } from './definitions';
import { DialogRun } from './dialog-run';
import { registerOperatorActions } from './operator-actions';

/**
 * One dialog: the Temporal host of the flow engine. It opens the dialog's read model, runs the flow
 * pinned at the start, takes the inbox's actions, and records every client message once, in arrival
 * order, handing it to the flow. A long dialog continues as new; a dialog transferred to another line
 * continues as new on that line's flow. It ends when the flow has closed the dialog and no path runs.
 */
export async function dialogWorkflow(input: DialogWorkflowInput): Promise<void> {
  const dialog = new DialogRun(input); // sets the signal and query handlers: before the first await
  registerOperatorActions(dialog);
  await dialog.open();
  for (;;) {
    const turn = await dialog.nextTurn();
    if (turn === 'finished') break;
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
  await condition(allHandlersFinished);
}
