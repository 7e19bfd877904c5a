import { reconnectDelay } from './backoff';

export interface LiveHandlers {
  event(data: unknown): void;
  /** the stream is down (true) or up again (false): the widget says so */
  trouble(down: boolean): void;
  /**
   * Before each reconnection: the widget fetches the conversation again and merges it, so what came
   * while the stream was down shows even if the server no longer has it as live events. Resolving to
   * false stops reconnecting (the session has ended).
   */
  catchUp(): Promise<boolean>;
}

/**
 * The visitor's event stream, kept open: on a drop it reconnects with a growing delay (at once when
 * the browser says it is online again), asking for the events after the last one it saw.
 */
export class LiveStream {
  private source: EventSource | null = null;
  private timer: number | undefined;
  private attempt = 0;
  private lastEventId: string | null = null;
  private stopped = false;

  constructor(
    private readonly url: (lastEventId: string | null) => string,
    private readonly on: LiveHandlers,
  ) {
    window.addEventListener('online', this.wake);
  }

  start(): void {
    this.stopped = false;
    this.open();
  }

  stop(): void {
    this.stopped = true;
    window.clearTimeout(this.timer);
    this.source?.close();
    this.source = null;
    window.removeEventListener('online', this.wake);
  }

  private open(): void {
    const source = new EventSource(this.url(this.lastEventId));
    this.source = source;
    source.onopen = () => {
      this.attempt = 0;
      this.on.trouble(false);
    };
    source.onmessage = (message) => {
      if (message.lastEventId) this.lastEventId = message.lastEventId;
      try {
        this.on.event(JSON.parse(message.data as string));
      } catch {
        // not one of ours: ignore
      }
    };
    // The browser's own retry would not fetch the history again: take reconnection in hand.
    source.onerror = () => {
      source.close();
      if (this.source !== source || this.stopped) return;
      this.source = null;
      this.on.trouble(true);
      this.timer = window.setTimeout(this.reconnect, reconnectDelay(this.attempt++));
    };
  }

  private reconnect = async () => {
    window.clearTimeout(this.timer);
    this.timer = undefined;
    if (this.stopped || this.source) return;
    const goOn = await this.on.catchUp().catch(() => true);
    if (goOn && !this.stopped && !this.source) this.open();
  };

  private wake = () => {
    if (this.timer !== undefined) void this.reconnect();
  };
}
