/**
 * The dialog's status machine: the one place that says which status a dialog is in after something
 * happened to it. Activities write what it answers into the read model (db/dialog-writes.ts
 * `moveDialog`); nothing else picks a status. Pure: safe inside workflows and in the browser.
 */
export const DIALOG_STATUSES = [
  'new',
  'offered',
  'in_progress',
  'waiting_client',
  'closed_awaiting_rating',
  'closed',
  'spam',
  'force_closed',
  'transferred',
] as const;
export type DialogStatus = (typeof DIALOG_STATUSES)[number];

/** Every dialog starts here. */
export const INITIAL_STATUS: DialogStatus = 'new';

/** Statuses that end a dialog: the read model stamps `closedAt` when a dialog reaches one. */
export const ENDED_STATUSES: readonly DialogStatus[] = ['closed', 'force_closed', 'spam'];

/** Statuses of a dialog someone still has to work on (the inbox's lists). */
export const OPEN_STATUSES: readonly DialogStatus[] = [
  'new',
  'offered',
  'in_progress',
  'waiting_client',
  'transferred',
];

/** Nothing moves a dialog out of these: a late accept or answer cannot reopen spam. */
const FINAL: readonly DialogStatus[] = ['spam', 'force_closed'];

export type EndingStatus = 'closed' | 'force_closed' | 'spam';

export type DialogEvent =
  | { type: 'opened' }
  /** the queue offered it to operators */
  | { type: 'offered' }
  /** a queue step ran out: the offers were taken back */
  | { type: 'offerWithdrawn' }
  /** an operator accepted it, or a supervisor took it over */
  | { type: 'accepted' }
  /** an operator answered the client (not an internal note) */
  | { type: 'answered' }
  /** the client wrote */
  | { type: 'clientWrote' }
  /** moved to another line */
  | { type: 'transferred' }
  /** the flow asked the client to rate it (after a close) */
  | { type: 'ratingRequested' }
  /** closed by an operator or the flow, as spam, or forced */
  | { type: 'ended'; status: EndingStatus };

const UNASSIGNED: readonly DialogStatus[] = ['new', 'offered', 'transferred'];

/** The status after `event`; the same status when the event does not move a dialog in `current`. */
export function statusAfter(current: DialogStatus, event: DialogEvent): DialogStatus {
  if (FINAL.includes(current)) return current;
  switch (event.type) {
    case 'opened':
      return current;
    case 'offered':
      return UNASSIGNED.includes(current) ? 'offered' : current;
    case 'offerWithdrawn':
      return current === 'offered' ? 'new' : current;
    case 'accepted':
      return UNASSIGNED.includes(current) ? 'in_progress' : current;
    case 'answered':
      // A supervisor may answer a dialog nobody has yet: it stays in the queue (offered, waiting for
      // room), since "waiting for the client" would hide it from the operators who should take it.
      return ENDED_STATUSES.includes(current) ||
        current === 'closed_awaiting_rating' ||
        UNASSIGNED.includes(current)
        ? current
        : 'waiting_client';
    case 'clientWrote':
      return current === 'waiting_client' ? 'in_progress' : current;
    case 'transferred':
      return ENDED_STATUSES.includes(current) ? current : 'transferred';
    case 'ratingRequested':
      return 'closed_awaiting_rating';
    case 'ended':
      return event.status;
  }
}

export const isEnded = (status: DialogStatus): boolean => ENDED_STATUSES.includes(status);
