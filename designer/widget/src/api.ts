import type { ChatMessage } from './messages';

export type RatingScale = 'like_dislike' | 'five_point';

/** `GET /api/livechat/:channelId/widget`: what the widget shows before anyone has written. */
export interface WidgetConfig {
  channelId: string;
  name: string;
  language: string;
  ratingScale: RatingScale;
  preChatForm: { enabled: boolean; requireEmail: boolean };
  withinWorkingHours: boolean;
  online: boolean;
}

export interface Conversation {
  dialogId: string | null;
  status: string | null;
  items: ChatMessage[];
}

/** One event of the visitor's stream (`GET /api/livechat/events`). */
export interface VisitorEvent {
  type: string;
  dialogId: string;
  status: string;
  message?: ChatMessage;
}

export interface Contact {
  name?: string;
  email?: string;
}

/** An answer of the API that is not a success, with its `{ error: { code, message } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The livechat API of one channel, called from the host page (CORS, no cookies). */
export class LivechatApi {
  constructor(
    readonly origin: string,
    readonly channelId: string,
    private readonly token: () => string | null,
  ) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    const token = this.token();
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.origin}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit',
      mode: 'cors',
    });
    const data = (await response.json().catch(() => null)) as {
      error?: { code: string; message: string };
    } | null;
    if (!response.ok)
      throw new ApiError(
        response.status,
        data?.error?.code ?? 'http_error',
        data?.error?.message ?? response.statusText,
      );
    return data as T;
  }

  private get channelPath() {
    return `/api/livechat/${encodeURIComponent(this.channelId)}`;
  }

  config = () => this.call<WidgetConfig>('GET', `${this.channelPath}/widget`);
  openSession = (contact: Contact) =>
    this.call<{ token: string; visitorId: string; expiresAt: string }>(
      'POST',
      `${this.channelPath}/sessions`,
      contact,
    );
  updateSession = (contact: Contact) => this.call<unknown>('PATCH', '/api/livechat/session', contact);
  send = (text: string, clientMessageId: string) =>
    this.call<{ dialogId: string; messageId: string }>('POST', '/api/livechat/messages', {
      text,
      clientMessageId,
    });
  rate = (value: 'like' | 'dislike' | number) =>
    this.call<unknown>('POST', '/api/livechat/rating', { value });
  history = () => this.call<Conversation>('GET', '/api/livechat/messages');
  eventsUrl = (lastEventId: string | null) =>
    `${this.origin}/api/livechat/events?access_token=${encodeURIComponent(this.token() ?? '')}` +
    (lastEventId ? `&lastEventId=${encodeURIComponent(lastEventId)}` : '');
}
