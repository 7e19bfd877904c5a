/**
 * Which of the dialog's buttons this person sees, mirroring the validators of the dialog workflow
 * (workflows/operator-actions.ts) and the accept rule of the queue (activities/routing/queue.activities.ts)
 * over what GET /api/dialogs/:id shows of the dialog. The workflow still decides: a button shown from a
 * view that is a moment old may be refused, and the refusal's reason is shown as the API gives it.
 */

export type DialogAction =
  'accept' | 'send' | 'close' | 'take' | 'transfer' | 'invite' | 'spam' | 'pin' | 'lead' | 'rate';

export interface Person {
  id: string;
  role: 'admin' | 'supervisor' | 'operator';
}

export interface DialogState {
  status: string;
  responsibleOperatorId: string | null;
  offeredTo: string[];
  pinned: boolean;
  leadId: string | null;
}

/** Statuses in which the flow has closed the dialog (the workflow's `engine.closed`). */
const CLOSED_STATUSES = new Set(['closed', 'closed_awaiting_rating', 'spam', 'force_closed']);

export const isSupervising = (person: Person) => person.role === 'supervisor' || person.role === 'admin';

export const isOpen = (dialog: DialogState) => !CLOSED_STATUSES.has(dialog.status);

/** Once closed for good (or as spam) the dialog's workflow has ended: updates answer "the dialog has ended". */
const ENDED_STATUSES = new Set(['closed', 'spam', 'force_closed']);
export const isRunning = (dialog: DialogState) => !ENDED_STATUSES.has(dialog.status);

export function allowedActions(dialog: DialogState, me: Person): Set<DialogAction> {
  const allowed = new Set<DialogAction>();
  const supervising = isSupervising(me);
  const mine = dialog.responsibleOperatorId === me.id;
  // "only the responsible operator or a supervisor can …"
  const handles = mine || supervising;
  if (isOpen(dialog)) {
    // accept: nobody holds it, and it is offered to me, or to nobody ("unanswered"); supervisors always
    if (
      dialog.responsibleOperatorId === null &&
      (supervising || dialog.offeredTo.length === 0 || dialog.offeredTo.includes(me.id))
    )
      allowed.add('accept');
    if (handles) {
      allowed.add('send');
      allowed.add('close');
      allowed.add('transfer');
      allowed.add('invite');
      allowed.add('spam');
    }
    // take over: supervisors, of a dialog someone else holds
    if (supervising && dialog.responsibleOperatorId !== null && !mine) allowed.add('take');
    // pin: only the responsible operator, and pinning is one-way
    if (mine && !dialog.pinned) allowed.add('pin');
  }
  // a lead: once per dialog, by whoever handles it (also after closing, while the rating is awaited)
  if (handles && dialog.leadId === null && isRunning(dialog)) allowed.add('lead');
  // the supervisor's rating: any time the workflow still runs
  if (supervising && isRunning(dialog)) allowed.add('rate');
  return allowed;
}
