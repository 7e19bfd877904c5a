import { DIALOG_STATUSES, OPEN_STATUSES } from '../../../workflows/engine/dialog-status';
import type { DialogStatus, DialogSummary } from '../api';

export const VIEWS = ['unanswered', 'mine', 'all'] as const;
export type View = (typeof VIEWS)[number];

/** Dialogs still being worked on, and every status: the status machine's own lists. */
export { OPEN_STATUSES };
export const ALL_STATUSES: readonly DialogStatus[] = DIALOG_STATUSES;

/** The status filter: '' any, 'open' the open ones, or one status. */
export type StatusFilter = '' | 'open' | DialogStatus;

export interface ListFilters {
  view: View;
  lineId: string;
  status: StatusFilter;
}

/** The query string GET /api/dialogs takes for these filters. */
export function listQuery(filters: ListFilters): { view: View; lineId?: string; status?: string } {
  const status = filters.status === 'open' ? OPEN_STATUSES.join(',') : filters.status || undefined;
  return { view: filters.view, lineId: filters.lineId || undefined, status };
}

type Membership = Pick<DialogSummary, 'lineId' | 'status' | 'responsibleOperatorId' | 'participants'>;

/** Would the server list this dialog under these filters? The same rules as findDialogPage. */
export function belongsTo(dialog: Membership, filters: ListFilters, me: string): boolean {
  if (filters.lineId && dialog.lineId !== filters.lineId) return false;
  if (filters.status === 'open' && !OPEN_STATUSES.includes(dialog.status)) return false;
  if (filters.status && filters.status !== 'open' && dialog.status !== filters.status) return false;
  if (filters.view === 'unanswered')
    return dialog.responsibleOperatorId === null && OPEN_STATUSES.includes(dialog.status);
  if (filters.view === 'mine') return dialog.responsibleOperatorId === me || dialog.participants.includes(me);
  return true;
}

export const isOpenStatus = (status: DialogStatus) => OPEN_STATUSES.includes(status);

/** The list's order: newest activity first, id descending on ties (the API's keyset order). */
export function compareDialogs(
  a: Pick<DialogSummary, 'updatedAt' | 'id'>,
  b: Pick<DialogSummary, 'updatedAt' | 'id'>,
) {
  if (a.updatedAt !== b.updatedAt) return a.updatedAt < b.updatedAt ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}
