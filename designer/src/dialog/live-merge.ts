import type { DialogDetail, LiveEvent, MessageView } from '../api';

type TimelineEntry = DialogDetail['timeline'][number];

/**
 * One event of GET /api/events folded into the dialog as GET /api/dialogs/:id showed it, so the open
 * dialog follows along without asking the server again: a new message (notes included) joins the
 * messages once, a timeline event joins the timeline once (by its seq), and the dialog's state is the
 * event's. Events of other dialogs leave it as it was.
 */
export function mergeLiveEvent(dialog: DialogDetail, event: LiveEvent): DialogDetail {
  if (event.dialogId !== dialog.id) return dialog;
  const state = event.dialog;
  let next: DialogDetail = {
    ...dialog,
    lineId: event.lineId,
    status: state.status,
    responsibleOperatorId: state.responsibleOperatorId,
    offeredTo: state.offeredTo,
    participants: state.participants,
    kpi: state.kpi,
    updatedAt: state.updatedAt,
  };
  if (event.type === 'message.created') {
    const message = event.data.message as MessageView | undefined;
    if (message && !next.messages.some((m) => m.id === message.id))
      next = { ...next, messages: [...next.messages, message].sort(byTime) };
    return next;
  }
  const seq = typeof event.data.seq === 'number' ? event.data.seq : null;
  if (seq !== null && !next.timeline.some((e) => e.seq === seq)) {
    const entry = { ...event.data, seq, type: event.type, at: String(event.data.at) } as TimelineEntry;
    next = { ...next, timeline: [...next.timeline, entry].sort((a, b) => a.seq - b.seq) };
  }
  // what the stream's dialog state does not carry, read from the event itself
  if (event.type === 'dialog.pinned') next = { ...next, pinned: true };
  if (event.type === 'lead.created' && typeof event.data.leadId === 'string')
    next = { ...next, leadId: event.data.leadId };
  const rating = event.data.rating;
  if (
    event.type === 'rating.received' &&
    (typeof rating === 'number' || rating === 'like' || rating === 'dislike')
  )
    next = { ...next, rating };
  return next;
}

const byTime = (a: MessageView, b: MessageView) =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
