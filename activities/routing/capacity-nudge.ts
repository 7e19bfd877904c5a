import type { Client } from '@temporalio/client';
import { capacityFreedSignal, dialogWorkflowId } from '../../workflows/definitions';
import type { CapacityNudge } from './routing-store';

/** The nudge as a signal to the waiting dialog's workflow, through a Temporal client. */
export function signalCapacityFreed(temporal: Client): CapacityNudge {
  return (dialogId) =>
    temporal.workflow
      .getHandle(dialogWorkflowId(dialogId))
      .signal(capacityFreedSignal)
      .catch(() => undefined); // that dialog has ended meanwhile: nothing waits there any more
}
