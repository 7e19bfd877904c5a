import type { DialogDetail, LiveEvent, MessageView } from '../api';
import { mergeLiveEvent } from './live-merge';

const message = (id: string, createdAt: string, over: Partial<MessageView> = {}): MessageView => ({
  id,
  author: 'client',
  authorId: null,
  text: id,
  attachments: [],
  hidden: false,
  externalMessageId: null,
  sentAt: null,
  createdAt,
  ...over,
});

const base: DialogDetail = {
  id: 'd1',
  lineId: 'l1',
  channelId: 'c1',
  channelKind: 'webhook',
  status: 'offered',
  responsibleOperatorId: null,
  offeredTo: ['op1'],
  participants: [],
  pinned: false,
  client: { id: 'k1', name: 'Ann', phone: null, email: null },
  kpi: { firstAnswerMs: null, breaches: 0 },
  lastMessage: null,
  waitingSince: null,
  rating: null,
  leadId: null,
  flowVersion: 1,
  createdAt: '2026-01-01T10:00:00.000Z',
  updatedAt: '2026-01-01T10:00:00.000Z',
  closedAt: null,
  messages: [message('m1', '2026-01-01T10:00:00.000Z')],
  timeline: [{ seq: 1, type: 'dialog.started', at: '2026-01-01T10:00:00.000Z' }],
};

const event = (
  type: string,
  data: LiveEvent['data'],
  state: Partial<LiveEvent['dialog']> = {},
): LiveEvent => ({
  id: 1,
  type,
  dialogId: 'd1',
  lineId: 'l1',
  data,
  dialog: {
    status: 'in_progress',
    responsibleOperatorId: 'op1',
    offeredTo: [],
    participants: ['op1'],
    kpi: { firstAnswerMs: null, breaches: 0 },
    updatedAt: '2026-01-01T10:01:00.000Z',
    ...state,
  },
});

describe('folding a live event into the open dialog', () => {
  it('adds a new message once, in time order, and takes the dialog state from the event', () => {
    const note = message('m2', '2026-01-01T10:01:00.000Z', {
      author: 'operator',
      authorId: 'op1',
      hidden: true,
    });
    const once = mergeLiveEvent(base, event('message.created', { message: note }));
    expect(once.messages.map((m) => m.id)).toEqual(['m1', 'm2']);
    expect(once).toMatchObject({ status: 'in_progress', responsibleOperatorId: 'op1', offeredTo: [] });
    expect(mergeLiveEvent(once, event('message.created', { message: note })).messages).toHaveLength(2);
  });

  it('adds timeline entries by seq, once, and reads pinned, lead and rating from their events', () => {
    const pinned = mergeLiveEvent(
      base,
      event('dialog.pinned', { operatorId: 'op1', seq: 2, at: '2026-01-01T10:02:00.000Z' }),
    );
    expect(pinned.pinned).toBe(true);
    expect(pinned.timeline.map((e) => [e.seq, e.type])).toEqual([
      [1, 'dialog.started'],
      [2, 'dialog.pinned'],
    ]);
    expect(mergeLiveEvent(pinned, event('dialog.pinned', { seq: 2, at: 'x' })).timeline).toHaveLength(2);
    const lead = mergeLiveEvent(pinned, event('lead.created', { leadId: 'lead-9', seq: 3, at: 'y' }));
    expect(lead.leadId).toBe('lead-9');
    expect(mergeLiveEvent(lead, event('rating.received', { rating: 5, seq: 4, at: 'z' })).rating).toBe(5); // ratings stay numbers
  });

  it("leaves the dialog alone for another dialog's events", () => {
    expect(mergeLiveEvent(base, { ...event('message.created', {}), dialogId: 'd2' })).toBe(base);
  });
});
