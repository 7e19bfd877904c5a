import type { DialogSummary, LiveEvent } from '../api';
import { applyEventToList, type DialogListData } from './dialog-cache';
import { belongsTo, listQuery, type ListFilters } from './dialog-views';
import { isUnread } from './inbox-store';
import { kpiState, waitingSince } from './kpi';
import { listKeyAction } from './list-keys';

const ME = 'op-1';

function dialog(id: string, updatedAt: string, over: Partial<DialogSummary> = {}): DialogSummary {
  return {
    id,
    lineId: 'support',
    channelId: 'web',
    channelKind: 'webhook',
    status: 'offered',
    responsibleOperatorId: null,
    offeredTo: [],
    participants: [],
    pinned: false,
    client: { id: `c-${id}`, name: `Client ${id}`, phone: null, email: null },
    kpi: { firstAnswerMs: null, breaches: 0 },
    lastMessage: null,
    waitingSince: null,
    rating: null,
    leadId: null,
    flowVersion: 1,
    createdAt: '2026-01-01T10:00:00.000Z',
    updatedAt,
    closedAt: null,
    ...over,
  };
}

function event(
  dialogId: string,
  type: string,
  over: Partial<LiveEvent['dialog']> = {},
  data = {},
): LiveEvent {
  return {
    id: 1,
    type,
    dialogId,
    lineId: 'support',
    data,
    dialog: {
      status: 'offered',
      responsibleOperatorId: null,
      offeredTo: [],
      participants: [],
      kpi: { firstAnswerMs: null, breaches: 0 },
      updatedAt: '2026-01-01T10:05:00.000Z',
      ...over,
    },
  };
}

const pages = (...items: DialogSummary[][]): DialogListData => ({
  pages: items.map((page, i) => ({ items: page, nextCursor: i < items.length - 1 ? `c${i}` : null })),
  pageParams: items.map((_, i) => (i === 0 ? null : `c${i - 1}`)),
});
const ids = (data: DialogListData) => data.pages.map((p) => p.items.map((d) => d.id));
const unanswered: ListFilters = { view: 'unanswered', lineId: '', status: '' };
const mine: ListFilters = { view: 'mine', lineId: '', status: '' };

describe('inbox lists kept live by events', () => {
  const a = dialog('a', '2026-01-01T10:03:00.000Z');
  const b = dialog('b', '2026-01-01T10:02:00.000Z');
  const c = dialog('c', '2026-01-01T10:01:00.000Z');

  it('moves a dialog with new activity to the front, from any page', () => {
    const next = applyEventToList(pages([a, b], [c]), unanswered, ME, event('c', 'message.created'));
    expect(ids(next)).toEqual([['c', 'a', 'b'], []]);
    expect(next.pages[1]!.nextCursor).toBeNull();
  });

  it('takes a dialog out of Unanswered when someone accepts it, into Mine when it is mine', () => {
    const accepted = event('b', 'dialog.accepted', {
      status: 'in_progress',
      responsibleOperatorId: ME,
      participants: [ME],
    });
    expect(ids(applyEventToList(pages([a, b, c]), unanswered, ME, accepted))).toEqual([['a', 'c']]);
    const incoming = dialog('b', '2026-01-01T10:02:00.000Z');
    expect(ids(applyEventToList(pages([a]), mine, ME, accepted, incoming))).toEqual([['b', 'a']]);
    // without the whole dialog a list cannot show it yet
    expect(ids(applyEventToList(pages([a]), mine, ME, accepted))).toEqual([['a']]);
  });

  it('updates the row from a message: newest text, and the wait starts with the client and ends with an answer', () => {
    const message = (author: string, createdAt: string, hidden = false) => ({
      message: {
        id: `m-${createdAt}`,
        author,
        authorId: null,
        text: `${author} text`,
        attachments: [],
        hidden,
        externalMessageId: null,
        sentAt: null,
        createdAt,
      },
    });
    let data = pages([a]);
    data = applyEventToList(
      data,
      unanswered,
      ME,
      event('a', 'message.created', {}, message('client', '2026-01-01T10:04:00.000Z')),
    );
    expect(data.pages[0]!.items[0]).toMatchObject({
      lastMessage: { text: 'client text' },
      waitingSince: '2026-01-01T10:04:00.000Z',
    });
    data = applyEventToList(
      data,
      unanswered,
      ME,
      event('a', 'message.created', {}, message('client', '2026-01-01T10:05:00.000Z')),
    );
    expect(data.pages[0]!.items[0]!.waitingSince).toBe('2026-01-01T10:04:00.000Z');
    data = applyEventToList(
      data,
      unanswered,
      ME,
      event('a', 'message.created', {}, message('operator', '2026-01-01T10:06:00.000Z', true)),
    );
    expect(data.pages[0]!.items[0]).toMatchObject({
      lastMessage: { text: 'client text' },
      waitingSince: '2026-01-01T10:04:00.000Z',
    });
    data = applyEventToList(
      data,
      unanswered,
      ME,
      event('a', 'message.created', {}, message('operator', '2026-01-01T10:07:00.000Z')),
    );
    expect(data.pages[0]!.items[0]).toMatchObject({
      lastMessage: { author: 'operator' },
      waitingSince: null,
    });
  });

  it('never moves a dialog back with an older event (replayed after a fetch, or late)', () => {
    const accepted = dialog('a', '2026-01-01T10:06:00.000Z', {
      status: 'in_progress',
      responsibleOperatorId: ME,
    });
    const olderOffer = event('a', 'dialog.offered', {
      status: 'offered',
      updatedAt: '2026-01-01T10:05:00.000Z',
    });
    expect(applyEventToList(pages([accepted]), mine, ME, olderOffer).pages[0]!.items[0]).toMatchObject({
      status: 'in_progress',
      responsibleOperatorId: ME,
      updatedAt: '2026-01-01T10:06:00.000Z',
    });
  });

  it('applies the same rules as the server for views and filters', () => {
    const offered = {
      lineId: 'support',
      status: 'offered' as const,
      responsibleOperatorId: null,
      participants: [],
    };
    expect(belongsTo(offered, unanswered, ME)).toBe(true);
    expect(belongsTo(offered, mine, ME)).toBe(false);
    expect(belongsTo({ ...offered, participants: [ME], responsibleOperatorId: 'op-2' }, mine, ME)).toBe(true);
    expect(belongsTo({ ...offered, status: 'closed' }, unanswered, ME)).toBe(false);
    expect(belongsTo(offered, { view: 'all', lineId: 'sales', status: '' }, ME)).toBe(false);
    expect(belongsTo(offered, { view: 'all', lineId: '', status: 'open' }, ME)).toBe(true);
    expect(belongsTo({ ...offered, status: 'closed' }, { view: 'all', lineId: '', status: 'open' }, ME)).toBe(
      false,
    );
    expect(listQuery({ view: 'all', lineId: '', status: 'open' })).toEqual({
      view: 'all',
      lineId: undefined,
      status: 'new,offered,in_progress,waiting_client,transferred',
    });
  });
});

describe('KPI clock of a row', () => {
  const settings = { kpi: { firstAnswer: { threshold: '3m' }, answer: { threshold: '5m' } } };
  const start = Date.parse('2026-01-01T10:00:00.000Z');

  it('counts the first answer from the start, then the answer from the client’s first unanswered message', () => {
    const fresh = dialog('a', '2026-01-01T10:00:00.000Z');
    expect(kpiState(fresh, settings, start + 60_000)).toMatchObject({
      clock: 'firstAnswer',
      leftMs: 120_000,
      level: 'ok',
    });
    expect(kpiState(fresh, settings, start + 150_000)).toMatchObject({ level: 'soon' });
    expect(kpiState(fresh, settings, start + 200_000)).toMatchObject({ leftMs: -20_000, level: 'breached' });
    const answered = {
      ...fresh,
      kpi: { firstAnswerMs: 30_000, breaches: 0 },
      waitingSince: '2026-01-01T10:10:00.000Z',
    };
    expect(kpiState(answered, settings, start + 11 * 60_000)).toMatchObject({
      clock: 'answer',
      leftMs: 4 * 60_000,
    });
    expect(kpiState({ ...answered, waitingSince: null }, settings, start)).toBeNull();
    expect(kpiState({ ...fresh, status: 'closed' }, settings, start)).toBeNull();
    expect(kpiState(fresh, {}, start)).toBeNull();
    expect(waitingSince(fresh)).toBe(fresh.createdAt);
    expect(waitingSince({ ...answered, waitingSince: null })).toBeNull();
  });
});

describe('unread', () => {
  it('is an open dialog whose client wrote after I last looked', () => {
    const d = dialog('a', 'x', {
      lastMessage: {
        id: 'm',
        author: 'client',
        text: 'hi',
        attachments: [],
        createdAt: '2026-01-01T10:05:00.000Z',
      },
    });
    expect(isUnread(d, {})).toBe(true);
    expect(isUnread(d, { a: '2026-01-01T10:05:00.000Z' })).toBe(false);
    expect(isUnread(d, { a: '2026-01-01T10:04:00.000Z' })).toBe(true);
    expect(isUnread({ ...d, status: 'closed' }, {})).toBe(false);
    expect(isUnread({ ...d, lastMessage: { ...d.lastMessage!, author: 'operator' } }, {})).toBe(false);
  });
});

describe('list keyboard', () => {
  it('moves with arrows and j/k, stays in bounds, opens with Enter', () => {
    expect(listKeyAction('ArrowDown', -1, 3)).toEqual({ type: 'move', to: 0 });
    expect(listKeyAction('j', 0, 3)).toEqual({ type: 'move', to: 1 });
    expect(listKeyAction('j', 2, 3)).toEqual({ type: 'move', to: 2 });
    expect(listKeyAction('k', 0, 3)).toEqual({ type: 'move', to: 0 });
    expect(listKeyAction('ArrowUp', 2, 3)).toEqual({ type: 'move', to: 1 });
    expect(listKeyAction('End', 0, 3)).toEqual({ type: 'move', to: 2 });
    expect(listKeyAction('PageDown', 0, 30, 10)).toEqual({ type: 'move', to: 10 });
    expect(listKeyAction('Enter', 1, 3)).toEqual({ type: 'open', index: 1 });
    expect(listKeyAction('Enter', -1, 3)).toBeNull();
    expect(listKeyAction('x', 1, 3)).toBeNull();
    expect(listKeyAction('j', 0, 0)).toBeNull();
  });
});
