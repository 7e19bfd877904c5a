import { ENDED_STATUSES } from '../../../workflows/engine/dialog-status';
import {
  acceptRefusal,
  handleRefusal,
  isSupervising,
  takeRefusal,
} from '../../../workflows/engine/routing-rules';

/**
 * Which of the dialog's buttons this person sees: the questions the dialog workflow's validators ask,
 * put to the same routing rules (workflows/engine/routing-rules.ts, bundled) over what GET
 * /api/dialogs/:id shows of the dialog. The workflow still decides: a button shown from a view that is
 * a moment old may be refused, and the refusal's reason is shown as the API gives it. (Room under a
 * load limit only the server can see: that refusal shows after the click.)
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
const CLOSED_STATUSES: readonly string[] = [...ENDED_STATUSES, 'closed_awaiting_rating'];

export { isSupervising };

export const isOpen = (dialog: DialogState) => !CLOSED_STATUSES.includes(dialog.status);

/** Once closed for good (or as spam) the dialog's workflow has ended: updates answer "the dialog has ended". */
export const isRunning = (dialog: DialogState) =>
  !(ENDED_STATUSES as readonly string[]).includes(dialog.status);

export function allowedActions(dialog: DialogState, me: Person): Set<DialogAction> {
  const allowed = new Set<DialogAction>();
  const actor = { operatorId: me.id, role: me.role };
  const mine = dialog.responsibleOperatorId === me.id;
  const handles = handleRefusal(dialog, actor, '') === null;
  if (isOpen(dialog)) {
    if (dialog.responsibleOperatorId !== me.id && acceptRefusal(dialog, actor) === null)
      allowed.add('accept');
    if (handles) {
      allowed.add('send');
      allowed.add('close');
      allowed.add('transfer');
      allowed.add('invite');
      allowed.add('spam');
    }
    // take over: of a dialog someone else holds (an unassigned one a supervisor accepts)
    if (dialog.responsibleOperatorId !== null && !mine && takeRefusal(dialog, actor) === null)
      allowed.add('take');
    // pin: only the responsible operator, and pinning is one-way
    if (mine && !dialog.pinned) allowed.add('pin');
  }
  // a lead: once per dialog, by whoever handles it (also after closing, while the rating is awaited)
  if (handles && dialog.leadId === null && isRunning(dialog)) allowed.add('lead');
  // the supervisor's rating: any time the workflow still runs
  if (isSupervising(actor) && isRunning(dialog)) allowed.add('rate');
  return allowed;
}
