import { reconnectDelay } from '../../designer/widget/src/backoff';
import {
  confirmMessage,
  mergeMessages,
  unreadCount,
  type ChatMessage,
} from '../../designer/widget/src/messages';

const message = (
  id: string,
  createdAt: string,
  author: ChatMessage['author'] = 'operator',
  text = id,
): ChatMessage => ({
  id,
  author,
  text,
  attachments: [],
  createdAt: `2026-01-01T10:00:${createdAt}.000Z`,
});
const pending = (clientId: string, text: string): ChatMessage => ({
  ...message(`local:${clientId}`, '59', 'client', text),
  pending: 'sending',
  clientMessageId: clientId,
});
const ids = (list: ChatMessage[]) => list.map((m) => m.id);

/** The website chat's conversation logic (designer/widget/src/messages.ts, backoff.ts). */
describe('widget conversation', () => {
  it('merges the history fetched after a reconnect with what the stream brought: once each, in time order', () => {
    const live = [message('a', '01'), message('c', '03')];
    const history = [message('a', '01'), message('b', '02'), message('c', '03'), message('d', '04')];
    expect(ids(mergeMessages(live, history))).toEqual(['a', 'b', 'c', 'd']);
    expect(ids(mergeMessages(mergeMessages(live, history), history))).toEqual(['a', 'b', 'c', 'd']);
    // the server's copy wins over the one held
    const edited = { ...message('a', '01'), text: 'server copy' };
    expect(mergeMessages(live, [edited])[0]!.text).toBe('server copy');
  });

  it("keeps the visitor's unconfirmed messages last, and drops one when the stream brings the server's copy first", () => {
    const list = mergeMessages([message('a', '01'), pending('x', 'Hello')], [message('b', '02')]);
    expect(ids(list)).toEqual(['a', 'b', 'local:x']);
    const echoed = mergeMessages(list, [message('s1', '03', 'client', 'Hello')]);
    expect(ids(echoed)).toEqual(['a', 'b', 's1']);
    // the POST's answer comes after: nothing is left twice
    expect(ids(confirmMessage(echoed, 'local:x', 's1'))).toEqual(['a', 'b', 's1']);
  });

  it('confirms a sent message under its server id, no longer pending', () => {
    const confirmed = confirmMessage([message('a', '01'), pending('x', 'Hi')], 'local:x', 's2');
    expect(confirmed.map((m) => [m.id, m.pending])).toEqual([
      ['a', undefined],
      ['s2', undefined],
    ]);
    // a failed message waiting for a retry is not taken for the server's copy of another text
    const failed = { ...pending('y', 'Other'), pending: 'failed' as const };
    expect(ids(mergeMessages([failed], [message('s3', '05', 'client', 'Other')]))).toEqual(['s3', 'local:y']);
  });

  it("counts the line's messages after the last one seen", () => {
    const list = [
      message('a', '01'),
      message('b', '02', 'client'),
      message('c', '03', 'system'),
      pending('x', 'Hi'),
    ];
    expect(unreadCount(list, null)).toBe(2);
    expect(unreadCount(list, list[0]!.createdAt)).toBe(1);
    expect(unreadCount(list, list[2]!.createdAt)).toBe(0);
  });

  it('waits 1 s, then twice as long each time up to 30 s, spread ±20%', () => {
    const middle = () => 0.5;
    expect([0, 1, 2, 3, 4, 5, 6, 20].map((n) => reconnectDelay(n, middle))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ]);
    expect(reconnectDelay(0, () => 0)).toBe(800);
    expect(reconnectDelay(10, () => 1)).toBe(36000);
    expect(reconnectDelay(-3, middle)).toBe(1000);
  });
});
