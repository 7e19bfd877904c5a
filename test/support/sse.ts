/** A Server-Sent Events client for tests: reads the stream with fetch and keeps every event. */
export interface SseStream<T = any> {
  events: Array<{ id: string | null; data: T }>;
  /** resolves with the first event (already received or coming) that matches */
  waitFor(match: (data: T) => boolean, timeoutMs?: number): Promise<T>;
  close(): void;
}

export async function openSse<T = any>(
  url: string,
  headers: Record<string, string> = {},
): Promise<SseStream<T>> {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { accept: 'text/event-stream', ...headers },
    signal: controller.signal,
  });
  if (response.status !== 200 || !response.body) {
    throw Object.assign(new Error(`SSE ${url}: ${response.status} ${await response.text()}`), {
      status: response.status,
    });
  }
  const events: SseStream<T>['events'] = [];
  const waiters = new Set<() => void>();
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  void (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const lines = block.split('\n');
          const data = lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6));
          if (data.length === 0) continue; // comments, retry
          const id = lines.find((l) => l.startsWith('id: '))?.slice(4) ?? null;
          events.push({ id, data: JSON.parse(data.join('\n')) as T });
          for (const wake of waiters) wake();
        }
      }
    } catch {
      // aborted by close()
    }
  })();
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
    close: () => controller.abort(),
  };
}
