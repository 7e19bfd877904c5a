import type { BareMessage } from './bare-dialog';
/**
 * The shape of one dialog's Temporal work, read from a recorded Lineflow dialog history and replayed by
 * the bare baseline workflow: the same signals and updates, the same number of activities in the same
 * batches (a batch is what one workflow task scheduled at once) and the same number of timers.
 * Phases: 0 the client's first message, 1 accept, 2 answer, 3 close, 4 the client's rating.
 */
export interface PhaseShape {
  /** activities per batch, in order; the batches of one phase run one after the other */
  batches: number[];
  /** per batch: its activities are local activities (absent: none is) */
  local?: boolean[];
  /** how many of the first batches run inside the update handler (the rest after it returned) */
  inHandler: number;
  /** timers the phase starts (each is a wait that the next phase cancels, as Lineflow's clocks are) */
  timers: number;
  /** index of the batch one of whose activities tells the driver (offered, rating requested, closed) */
  notifyAt?: number;
}

export type NotifyKind = 'offered' | 'ratingRequested' | 'closed';

export const NOTIFY_KINDS: Record<number, NotifyKind> = { 0: 'offered', 3: 'ratingRequested', 4: 'closed' };

export interface BaselineShape {
  phases: PhaseShape[];
}

export interface BaselineInput {
  dialogId: string;
  shape: BaselineShape;
  /** the message that started the dialog, in the input as Lineflow starts a new dialog (no signal) */
  firstMessage?: BareMessage;
}
