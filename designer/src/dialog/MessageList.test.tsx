import { render, screen, within } from '@testing-library/react';
import type { DialogDetail, MessageView } from '../api';
import i18n from '../i18n';
import { MessageList } from './MessageList';

const message = (id: string, over: Partial<MessageView>): MessageView => ({
  id,
  author: 'client',
  authorId: null,
  text: null,
  attachments: [],
  hidden: false,
  externalMessageId: null,
  sentAt: null,
  createdAt: '2026-01-01T10:00:00.000Z',
  ...over,
});

const hostile = '<img src=x onerror=alert(1)><script>alert(2)</script>';

const dialog = {
  id: 'd1',
  lineId: 'l1',
  messages: [
    message('m1', {
      text: hostile,
      createdAt: '2026-01-01T10:00:00.000Z',
      attachments: ['javascript:alert(3)'],
    }),
    message('m2', {
      author: 'operator',
      authorId: 'op1',
      text: 'On it',
      createdAt: '2026-01-01T10:02:00.000Z',
    }),
    message('m3', {
      author: 'operator',
      authorId: 'op2',
      text: 'VIP',
      hidden: true,
      createdAt: '2026-01-01T10:03:00.000Z',
    }),
    message('m4', { author: 'bot', text: 'Our hours are 9-18', createdAt: '2026-01-01T10:00:30.000Z' }),
  ],
  timeline: [
    { seq: 1, type: 'dialog.started', at: '2026-01-01T10:00:00.000Z' },
    {
      seq: 2,
      type: 'flow.node',
      nodeId: 'queue',
      nodeType: 'queue',
      outcome: 'accepted',
      at: '2026-01-01T10:01:00.000Z',
    },
    { seq: 3, type: 'dialog.accepted', operatorId: 'op1', at: '2026-01-01T10:01:00.000Z' },
    { seq: 4, type: 'operator.message', operatorId: 'op1', at: '2026-01-01T10:02:00.000Z' },
    { seq: 5, type: 'kpi.exceeded', kpi: 'firstAnswer', thresholdMs: 60_000, at: '2026-01-01T10:01:30.000Z' },
  ],
} as unknown as DialogDetail;

const names: Record<string, string> = { op1: 'You', op2: 'Olga' };
const props = {
  dialog,
  timeZone: 'Europe/Moscow',
  clientName: hostile,
  name: (id: string | null) => (id ? (names[id] ?? 'Operator') : 'the flow'),
  lineName: (id: string) => id,
};

/** The conversation's entries (not the items of a message's attachment list). */
function entries(): HTMLElement[] {
  const log = screen.getByRole('log', { name: 'Conversation' });
  return within(log)
    .getAllByRole('listitem')
    .filter((li) => li.parentElement === log.querySelector('ol'));
}

describe('the conversation', () => {
  beforeAll(async () => {
    await i18n.changeLanguage('en');
  });

  it('shows hostile text as text: no element, no handler, no script link', () => {
    const { container } = render(<MessageList {...props} showTimeline showFlowSteps={false} />);
    expect(container.querySelector('img, script')).toBeNull();
    expect(screen.getAllByText(hostile)).toHaveLength(2); // the author line and the message
    expect(container.querySelector('a')).toBeNull(); // only http(s) attachments become links
    expect(screen.getByText('javascript:alert(3)')).toBeTruthy();
  });

  it('orders messages and timeline by time, marks notes, and keeps flow steps out unless asked', () => {
    render(<MessageList {...props} showTimeline showFlowSteps={false} />);
    const items = entries().map((li) => li.textContent);
    expect(items).toEqual([
      expect.stringContaining('alert(2)'),
      expect.stringMatching(/^Dialog started/),
      expect.stringContaining('Our hours are 9-18'),
      expect.stringMatching(/^Accepted by You/),
      expect.stringMatching(/^KPI breached: no first answer within 1 min/),
      expect.stringContaining('On it'),
      expect.stringMatching(/^Internal noteOlga.*VIP$/),
    ]);
    // times in the line's zone: 10:00 UTC is 13:00 in Moscow
    expect(items[0]).toMatch(/01:00\sPM/);
  });

  it('shows flow steps on request and no timeline at all when it is off', () => {
    const { rerender } = render(<MessageList {...props} showTimeline showFlowSteps />);
    expect(screen.getByText('Flow step queue (queue) → accepted')).toBeTruthy();
    rerender(<MessageList {...props} showTimeline={false} showFlowSteps />);
    expect(screen.queryByText(/Flow step/)).toBeNull();
    expect(screen.queryByText('Dialog started')).toBeNull();
    expect(entries()).toHaveLength(4);
  });
});
