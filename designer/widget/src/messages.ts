export type Author = 'client' | 'operator' | 'system' | 'bot';

/** A message of the conversation as the widget keeps it. */
export interface ChatMessage {
  /** the server's id; `local:<clientMessageId>` until the server has confirmed it */
  id: string;
  author: Author;
  text: string | null;
  attachments: string[];
  createdAt: string;
  /** a message of the visitor not confirmed yet (being sent, or failed and waiting for a retry) */
  pending?: 'sending' | 'failed';
  /** the id the widget sent it with: a retry sends the same, and the server stores it once */
  clientMessageId?: string;
}

const isLocal = (m: ChatMessage) => m.id.startsWith('local:');

const byTime = (a: ChatMessage, b: ChatMessage) =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/**
 * The conversation with `incoming` (from the history or the live stream) merged in: one entry per id
 * (a message heard live and again in the history after a reconnect is shown once, the server's copy
 * winning), the server's messages in time order and the visitor's unconfirmed ones after them. A
 * server copy of a message the visitor is still sending replaces it (the stream can be faster than
 * the answer to the POST).
 */
export function mergeMessages(
  current: readonly ChatMessage[],
  incoming: readonly ChatMessage[],
): ChatMessage[] {
  const confirmed = new Map<string, ChatMessage>();
  let local = current.filter(isLocal);
  for (const m of current) if (!isLocal(m)) confirmed.set(m.id, m);
  for (const m of incoming) {
    if (isLocal(m)) continue;
    if (!confirmed.has(m.id) && m.author === 'client') {
      const twin = local.findIndex((l) => l.text === m.text && l.pending === 'sending');
      if (twin >= 0) local = local.filter((_, i) => i !== twin);
    }
    confirmed.set(m.id, m);
  }
  return [...[...confirmed.values()].sort(byTime), ...local];
}

/**
 * The server took the visitor's message `localId` as `serverId`: it keeps its place under the
 * server's id (or goes, when the stream already brought the server's copy).
 */
export function confirmMessage(
  current: readonly ChatMessage[],
  localId: string,
  serverId: string,
): ChatMessage[] {
  if (current.some((m) => m.id === serverId)) return current.filter((m) => m.id !== localId);
  const confirmed = current.map((m) =>
    m.id === localId ? { ...m, id: serverId, pending: undefined, clientMessageId: undefined } : m,
  );
  const local = confirmed.filter(isLocal);
  return [...confirmed.filter((m) => !isLocal(m)).sort(byTime), ...local];
}

/** Messages from the line (not the visitor's own) newer than `seenAt`: the launcher's badge. */
export function unreadCount(messages: readonly ChatMessage[], seenAt: string | null): number {
  return messages.filter(
    (m) => m.author !== 'client' && !isLocal(m) && (seenAt === null || m.createdAt > seenAt),
  ).length;
}
