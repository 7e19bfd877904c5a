import { useEffect, useRef } from 'react';
import { create } from 'zustand';
import type { LiveEvent } from './responses';

export type LiveStatus = 'connecting' | 'connected' | 'offline';

/** The state of the app's one event stream, for the inbox's "Live" mark. */
export const useLiveStatus = create<{ status: LiveStatus }>()(() => ({ status: 'connecting' }));

type Listener = (event: LiveEvent) => void;
const listeners = new Set<Listener>();

/** Every event of GET /api/events reaches each feature that listens (the inbox's cache, a dialog view). */
export function publishLiveEvent(event: LiveEvent): void {
  for (const listener of listeners) listener(event);
}

export function subscribeLiveEvents(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Listens while the component is mounted; the latest `listener` is called (no resubscribing). */
export function useLiveEvent(listener: Listener): void {
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => subscribeLiveEvents((event) => latest.current(event)), []);
}

export interface LiveConnection {
  stop(): void;
}

export interface LiveConnectionOptions {
  /** the stream's URL with the token; `lastEventId` to resume after a reconnect of our own */
  url(lastEventId: string | null): string;
  onEvent(event: LiveEvent): void;
  /** the server refused or ended the stream for good (EventSource gives up): the caller checks why */
  onRefused(): Promise<boolean> | boolean;
  /** after a reconnect of our own: events may have been missed if the gap was long */
  onResumed?(): void;
  EventSourceImpl?: typeof EventSource;
}

/**
 * Keeps one EventSource open. EventSource itself reconnects after a dropped connection and sends
 * Last-Event-ID, so the server replays what was missed. When it gives up (an HTTP error answer, e.g.
 * the token expired) `onRefused` decides: false stops (the session is over), true opens a new stream
 * after a backoff, resuming from the last event seen (`?lastEventId=`).
 */
export function connectLiveEvents(options: LiveConnectionOptions): LiveConnection {
  const Impl = options.EventSourceImpl ?? EventSource;
  let source: EventSource | null = null;
  let lastId: string | null = null;
  let stopped = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let backoff = 1000;
  const setStatus = (status: LiveStatus) => useLiveStatus.setState({ status });

  const open = (resumed: boolean) => {
    if (stopped) return;
    setStatus('connecting');
    const current = new Impl(options.url(lastId));
    source = current;
    current.onopen = () => {
      backoff = 1000;
      setStatus('connected');
      if (resumed) options.onResumed?.();
    };
    current.onmessage = (message) => {
      if (message.lastEventId) lastId = message.lastEventId;
      try {
        options.onEvent(JSON.parse(message.data) as LiveEvent);
      } catch {
        // a malformed event: skip it, the next ones still count
      }
    };
    current.onerror = () => {
      if (current.readyState !== Impl.CLOSED) {
        setStatus('connecting'); // EventSource retries by itself
        return;
      }
      current.close();
      setStatus('offline');
      void Promise.resolve(options.onRefused()).then((again) => {
        if (!again || stopped) return;
        retry = setTimeout(() => open(true), backoff);
        backoff = Math.min(backoff * 2, 30_000);
      });
    };
  };
  open(false);
  return {
    stop() {
      stopped = true;
      clearTimeout(retry);
      source?.close();
    },
  };
}
