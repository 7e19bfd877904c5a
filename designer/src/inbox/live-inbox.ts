import type { QueryClient } from '@tanstack/react-query';
import { api, type DialogSummary, type LiveEvent } from '../api';
import { applyEventToList, listHas, type DialogListData } from './dialog-cache';
import { belongsTo, type ListFilters } from './dialog-views';

const inFlight = new Map<string, Promise<DialogSummary | null>>();
/** what the stream brought lately, for lists whose fetch was under way meanwhile */
const recent: Array<{ at: number; event: LiveEvent }> = [];
const RECENT_MS = 120_000;
/** events about a dialog that came while it was being read: replayed onto what the read returns */
const arrivedMeanwhile = new Map<string, LiveEvent[]>();

/** A dialog no list has yet, read once however many events about it arrive meanwhile. */
function fetchSummary(id: string): Promise<DialogSummary | null> {
  let pending = inFlight.get(id);
  if (!pending) {
    pending = api
      .dialog(id)
      .then(({ messages: _m, timeline: _t, ...summary }) => summary as DialogSummary)
      .catch(() => null) // gone, or no longer visible: the list simply does not get it
      .finally(() => inFlight.delete(id));
    inFlight.set(id, pending);
  }
  return pending;
}

function listQueries(queryClient: QueryClient) {
  return queryClient
    .getQueryCache()
    .findAll({ queryKey: ['dialogs', 'list'] })
    .map((query) => ({ key: query.queryKey, filters: query.queryKey[2] as ListFilters }));
}

/** Any list's copy of the dialog. */
export function cachedSummary(queryClient: QueryClient, id: string): DialogSummary | undefined {
  for (const { key } of listQueries(queryClient)) {
    const found = queryClient
      .getQueryData<DialogListData>(key)
      ?.pages.flatMap((p) => p.items)
      .find((d) => d.id === id);
    if (found) return found;
  }
  return undefined;
}

/**
 * Brings every cached inbox list up to date with one event: dialogs change, move to the front, leave
 * the lists they no longer belong to, and a dialog a list lacks is read once and comes in, with the
 * events that arrived while it was being read replayed onto it. Resolves with the dialog as the lists
 * now know it.
 */
export async function applyLiveEventToInbox(
  queryClient: QueryClient,
  event: LiveEvent,
  me: string,
): Promise<DialogSummary | undefined> {
  recent.push({ at: Date.now(), event });
  while (recent.length > 2000 || (recent[0] && recent[0].at < Date.now() - RECENT_MS)) recent.shift();
  const lists = listQueries(queryClient);
  for (const { key, filters } of lists)
    queryClient.setQueryData<DialogListData>(
      key,
      (data) => data && applyEventToList(data, filters, me, event),
    );
  const pending = inFlight.get(event.dialogId);
  if (pending) {
    // the first event's read will insert the dialog; this one is replayed onto it
    arrivedMeanwhile.get(event.dialogId)?.push(event);
    return (await pending) ?? undefined;
  }
  const membership = { lineId: event.lineId, ...event.dialog };
  const missing = lists.filter(({ key, filters }) => {
    const data = queryClient.getQueryData<DialogListData>(key);
    return data && !listHas(data, event.dialogId) && belongsTo(membership, filters, me);
  });
  if (missing.length === 0) return cachedSummary(queryClient, event.dialogId);
  const known = cachedSummary(queryClient, event.dialogId);
  const meanwhile: LiveEvent[] = [];
  if (!known) arrivedMeanwhile.set(event.dialogId, meanwhile);
  const incoming = known ?? (await fetchSummary(event.dialogId));
  arrivedMeanwhile.delete(event.dialogId);
  if (!incoming) return undefined;
  for (const { key, filters } of missing)
    queryClient.setQueryData<DialogListData>(key, (data) => {
      if (!data || listHas(data, event.dialogId)) return data;
      let next = applyEventToList(data, filters, me, event, incoming);
      for (const later of meanwhile) next = applyEventToList(next, filters, me, later);
      return next;
    });
  return cachedSummary(queryClient, event.dialogId) ?? incoming;
}

/**
 * A list fetched while events kept coming answers with what the server had when it read: the events
 * that arrived during the fetch are applied again onto its result (each only moves a dialog forward,
 * so one the answer already includes changes nothing). Returns the unsubscribe function.
 */
export function replayOntoFetchedLists(queryClient: QueryClient, me: string): () => void {
  const started = new Map<string, number>();
  return queryClient.getQueryCache().subscribe((change) => {
    if (
      change.type !== 'updated' ||
      change.query.queryKey[0] !== 'dialogs' ||
      change.query.queryKey[1] !== 'list'
    )
      return;
    const { action } = change;
    if (action.type === 'fetch') started.set(change.query.queryHash, Date.now());
    if (action.type !== 'success' || action.manual) return;
    const since = started.get(change.query.queryHash);
    started.delete(change.query.queryHash);
    if (since === undefined) return;
    const missed = recent.filter((r) => r.at >= since - 1000).map((r) => r.event);
    if (missed.length === 0) return;
    const filters = change.query.queryKey[2] as ListFilters;
    queryClient.setQueryData<DialogListData>(change.query.queryKey, (data) =>
      data ? missed.reduce((next, event) => applyEventToList(next, filters, me, event), data) : data,
    );
  });
}
