import type { InfiniteData } from '@tanstack/react-query';
import type { DialogPage, DialogSummary, LiveEvent } from '../api';
import { belongsTo, compareDialogs, type ListFilters } from './dialog-views';

export type DialogListData = InfiniteData<DialogPage, string | null>;

/** The query key of one inbox list; every list key starts with 'dialogs'. */
export const dialogListKey = (filters: ListFilters) => ['dialogs', 'list', filters] as const;

/**
 * What a live event says about a dialog a list already shows. An event older than what the list
 * holds (replayed after a fetch, or late) changes nothing it has newer: state goes only forward.
 */
export function applyEventToDialog(dialog: DialogSummary, event: LiveEvent): DialogSummary {
  const newer = event.dialog.updatedAt >= dialog.updatedAt;
  const next: DialogSummary = newer
    ? {
        ...dialog,
        lineId: event.lineId,
        status: event.dialog.status,
        responsibleOperatorId: event.dialog.responsibleOperatorId,
        offeredTo: event.dialog.offeredTo,
        participants: event.dialog.participants,
        kpi: event.dialog.kpi,
        updatedAt: event.dialog.updatedAt,
      }
    : { ...dialog };
  const message = event.type === 'message.created' ? event.data.message : undefined;
  if (
    message &&
    !message.hidden &&
    (!dialog.lastMessage || message.createdAt > dialog.lastMessage.createdAt)
  ) {
    const { id, author, text, attachments, createdAt } = message;
    next.lastMessage = { id, author, text, attachments, createdAt };
    if (author === 'client') next.waitingSince = dialog.waitingSince ?? createdAt;
    if (author === 'operator') next.waitingSince = null;
  }
  return next;
}

/**
 * One list's pages after an event: the dialog is updated (and moves to the front when its activity is
 * newer), leaves when it no longer belongs (accepted by someone: out of Unanswered), or comes in when
 * `incoming` holds it whole (a dialog this list did not have, read with GET /api/dialogs/:id).
 * Pages keep their cursors: the keyset order means pages already read stay valid.
 */
export function applyEventToList(
  data: DialogListData,
  filters: ListFilters,
  me: string,
  event: LiveEvent,
  incoming?: DialogSummary,
): DialogListData {
  const all = data.pages.flatMap((p) => p.items);
  const index = all.findIndex((d) => d.id === event.dialogId);
  const current =
    index >= 0 ? applyEventToDialog(all[index]!, event) : incoming && applyEventToDialog(incoming, event);
  if (!current) return data;
  const belongs = belongsTo(current, filters, me);
  if (index < 0 && !belongs) return data;
  const pages = data.pages.map((page) => ({
    ...page,
    items: page.items.filter((d) => d.id !== event.dialogId),
  }));
  if (belongs) {
    // the newest activity is first, so a dialog that changed goes to the front of the first page
    const first = pages[0] ?? { items: [], nextCursor: null };
    const items = [...first.items];
    const at = items.findIndex((d) => compareDialogs(current, d) <= 0);
    items.splice(at < 0 ? items.length : at, 0, current);
    pages[0] = { ...first, items };
  }
  return { ...data, pages };
}

/** Does a list already show this dialog? */
export const listHas = (data: DialogListData | undefined, id: string) =>
  !!data?.pages.some((p) => p.items.some((d) => d.id === id));
