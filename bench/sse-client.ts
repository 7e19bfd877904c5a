/** Reads a Server-Sent Events stream with fetch and hands each event's parsed data to `onEvent`. */
export async function openEventStream(
  url: string,
  onEvent: (data: unknown, id: string | null) => void,
  headers: Record<string, string> = {},
): Promise<{
  close(): void;
  /** resolves when the server ends the stream (or close() does) */ ended: Promise<void>;
}> {
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
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const ended = (async () => {
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
          if (data.length === 0) continue;
          const id = lines.find((l) => l.startsWith('id: '))?.slice(4) ?? null;
          onEvent(JSON.parse(data.join('\n')), id);
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  return { close: () => controller.abort(), ended };
}
