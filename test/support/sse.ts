import { openEventStream } from '../../bench/sse-client';

/** A Server-Sent Events client for tests: reads the stream with fetch and keeps every event. */
export interface SseStream<T = any> {
  events: Array<{ id: string | null; data: T }>;
  /** resolves with the first event (already received or coming) that matches */
  waitFor(match: (data: T) => boolean, timeoutMs?: number): Promise<T>;
  close(): void;
  /** resolves when the stream has ended (the server ended it, or close()) */
  ended: Promise<void>;
}

export async function openSse<T = any>(
  url: string,
  headers: Record<string, string> = {},
): Promise<SseStream<T>> {
  const events: SseStream<T>['events'] = [];
  const waiters = new Set<() => void>();
  const stream = await openEventStream(
    url,
    (data, id) => {
      events.push({ id, data: data as T });
      for (const wake of waiters) wake();
    },
    headers,
  );
  return {
    events,
    waitFor(match, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find((e) => match(e.data));
          if (!found) return false;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found.data);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `no matching SSE event in ${timeoutMs} ms; got ${JSON.stringify(events.map((e) => e.data))}`,
            ),
          );
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    close: () => stream.close(),
    ended: stream.ended,
  };
}
