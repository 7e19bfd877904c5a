import { signBody, SIGNATURE_HEADER } from '../activities/delivery/webhook-signature';
import type { BareSystem } from './baseline/baseline-server';
import { Mailbox, now, type Heard } from './mailbox';
import { openEventStream } from './sse-client';

/** What one simulated dialog measured (milliseconds; times are wall-clock ms). */
export interface DialogTiming {
  key: string;
  dialogId?: string;
  ok: boolean;
  error?: string;
  startedAt: number;
  finishedAt?: number;
  /** inbound message → 202 */
  ackMs?: number;
  /** inbound message sent → the offer heard by the operator */
  offeredMs?: number;
  acceptMs?: number;
  answerMs?: number;
  closeMs?: number;
  ratingAckMs?: number;
  /** inbound message sent → the dialog heard closed after the rating */
  e2eMs?: number;
  /** dialogs nobody accepted at first: when the first and the escalated offer were heard */
  escalation?: { firstOfferHeardAt: number; secondOfferHeardAt: number };
  ratingResent?: number;
}

export interface DialogDriver {
  readonly name: 'lineflow' | BareSystem;
  runDialog(key: string, options?: { escalate?: boolean }): Promise<DialogTiming>;
  close(): void;
}

export interface HttpAnswer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  ms: number;
}

export async function http(
  method: string,
  url: string,
  options: {
    json?: unknown;
    raw?: string;
    token?: string;
    headers?: Record<string, string>;
    /** give up (the fetch rejects) after this long, as a client that will retry does */
    timeoutMs?: number;
  } = {},
): Promise<HttpAnswer> {
  const headers: Record<string, string> = { ...options.headers };
  let body = options.raw;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] = 'application/json';
  }
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const started = now();
  const signal = options.timeoutMs ? AbortSignal.timeout(options.timeoutMs) : undefined;
  const response = await fetch(url, { method, headers, body, signal });
  const text = await response.text();
  const ms = now() - started;
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: response.status, body: parsed, ms };
}

function expectStatus(answer: HttpAnswer, status: number, what: string): void {
  if (answer.status !== status)
    throw new Error(`${what}: HTTP ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
}

/** An event of GET /api/events (api/live/live-event-hub.ts PushedEvent). */
export interface LiveEvent {
  id: number;
  type: string;
  dialogId: string;
  data: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  dialog: { status: string };
}

export interface Operator {
  id: string;
  token: string;
}

const OFFER_TIMEOUT_MS = 60_000;
/** an escalation waits for the queue's step (1 minute) plus slack */
const ESCALATION_TIMEOUT_MS = 180_000;
const STEP_TIMEOUT_MS = 60_000;

/**
 * Simulated clients and operators of Lineflow, over its public HTTP API only: the client writes to the
 * demo webhook channel (signed), every operator keeps the inbox's event stream open, the operator an
 * offer names accepts, answers and closes, and the client rates when asked.
 */
export class LineflowDriver implements DialogDriver {
  readonly name = 'lineflow';
  readonly mailbox = new Mailbox<LiveEvent>();
  private streams: Array<{ close(): void }> = [];
  private readonly tokens: Map<string, string>;

  constructor(
    private readonly url: string,
    private readonly channelId: string,
    private readonly secret: string,
    operators: Operator[],
    /** the flow node whose step means "the client was asked for a rating" (the default flow's) */
    private readonly ratingRequestNode = 'askRating',
  ) {
    this.tokens = new Map(operators.map((o) => [o.id, o.token]));
  }

  async open(): Promise<void> {
    for (const token of this.tokens.values()) {
      this.streams.push(
        await openEventStream(`${this.url}/api/events?access_token=${token}`, (data, id) => {
          const event = data as LiveEvent;
          this.mailbox.deliver(event.dialogId, event, id ?? String(event.id));
        }),
      );
    }
  }

  close(): void {
    for (const stream of this.streams) stream.close();
    this.streams = [];
  }

  inbound(body: object): Promise<HttpAnswer> {
    const raw = JSON.stringify(body);
    return http('POST', `${this.url}/api/channels/${this.channelId}/inbound`, {
      raw,
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signBody(this.secret, raw) },
    });
  }

  private act(dialogId: string, action: string, operatorId: string, json?: unknown): Promise<HttpAnswer> {
    return http('POST', `${this.url}/api/dialogs/${dialogId}/${action}`, {
      token: this.tokens.get(operatorId),
      json,
    });
  }

  private offerTo(heard: Heard<LiveEvent>): string {
    const operatorId = (heard.event.data.operatorIds as string[] | undefined)?.[0];
    if (!operatorId || !this.tokens.has(operatorId))
      throw new Error(`offer to an unknown operator: ${JSON.stringify(heard.event.data)}`);
    return operatorId;
  }

  async runDialog(key: string, { escalate = false } = {}): Promise<DialogTiming> {
    const t: DialogTiming = { key, ok: false, startedAt: now() };
    const client = { externalId: key, name: `Client ${key}` };
    try {
      const first = await this.inbound({ externalMessageId: `${key}-1`, client, text: 'Hello, I need help' });
      t.ackMs = first.ms;
      expectStatus(first, 202, 'inbound message');
      const dialogId: string = first.body.dialogId;
      t.dialogId = dialogId;
      const isOffer = (e: LiveEvent) => e.type === 'dialog.offered';
      let offer = await this.mailbox.waitFor(dialogId, isOffer, OFFER_TIMEOUT_MS, 'offer');
      t.offeredMs = offer.at - t.startedAt;
      if (escalate) {
        // Nobody accepts: the queue's step passes and the dialog is offered again.
        const firstOffer = offer;
        offer = await this.mailbox.waitFor(
          dialogId,
          (e) => isOffer(e) && e.id !== firstOffer.event.id,
          ESCALATION_TIMEOUT_MS,
          'escalated offer',
        );
        t.escalation = { firstOfferHeardAt: firstOffer.at, secondOfferHeardAt: offer.at };
      }
      const operatorId = this.offerTo(offer);
      const accepted = await this.act(dialogId, 'accept', operatorId);
      t.acceptMs = accepted.ms;
      expectStatus(accepted, 200, 'accept');
      const answered = await this.act(dialogId, 'messages', operatorId, { text: 'Happy to help.' });
      t.answerMs = answered.ms;
      expectStatus(answered, 201, 'answer');
      const closed = await this.act(dialogId, 'close', operatorId);
      t.closeMs = closed.ms;
      expectStatus(closed, 200, 'close');
      await this.mailbox.waitFor(
        dialogId,
        (e) => e.type === 'flow.node' && e.data.nodeId === this.ratingRequestNode,
        STEP_TIMEOUT_MS,
        'rating request',
      );
      const isClosed = (e: LiveEvent) => e.type === 'flow.node' && e.data.status === 'closed';
      t.ratingResent = 0;
      for (let attempt = 0; ; attempt++) {
        const rating = await this.inbound({
          externalMessageId: `${key}-rating-${attempt}`,
          client,
          rating: 'like',
        });
        if (attempt === 0) t.ratingAckMs = rating.ms;
        expectStatus(rating, 202, 'rating');
        try {
          // A rating that lands before the flow's wait node listens is not counted (the flow's rule);
          // a real client would not be that fast. Sent again, it is.
          await this.mailbox.waitFor(dialogId, isClosed, attempt < 2 ? 15_000 : STEP_TIMEOUT_MS, 'closed');
          break;
        } catch (error) {
          if (attempt >= 2) throw error;
          t.ratingResent++;
        }
      }
      t.finishedAt = now();
      t.e2eMs = t.finishedAt - t.startedAt;
      t.ok = true;
      this.mailbox.close(dialogId);
    } catch (error) {
      t.error = error instanceof Error ? error.message : String(error);
      if (t.dialogId) this.mailbox.close(t.dialogId);
    }
    return t;
  }

  /**
   * Scale runs: a dialog that stays open (offered and accepted, then left waiting). Not accepted: it
   * waits in the inbox's unanswered list (the web figures' first list).
   */
  async openDialog(key: string, { accept = true } = {}): Promise<DialogTiming> {
    const t: DialogTiming = { key, ok: false, startedAt: now() };
    try {
      const first = await this.inbound({
        externalMessageId: `${key}-1`,
        client: { externalId: key, name: `Client ${key}` },
        text: 'Hello, I need help',
      });
      t.ackMs = first.ms;
      expectStatus(first, 202, 'inbound message');
      const dialogId: string = first.body.dialogId;
      t.dialogId = dialogId;
      const offer = await this.mailbox.waitFor(
        dialogId,
        (e) => e.type === 'dialog.offered',
        OFFER_TIMEOUT_MS,
        'offer',
      );
      t.offeredMs = offer.at - t.startedAt;
      if (accept) {
        const accepted = await this.act(dialogId, 'accept', this.offerTo(offer));
        t.acceptMs = accepted.ms;
        expectStatus(accepted, 200, 'accept');
      }
      t.finishedAt = now();
      t.e2eMs = t.finishedAt - t.startedAt;
      t.ok = true;
    } catch (error) {
      t.error = error instanceof Error ? error.message : String(error);
    }
    if (t.dialogId) this.mailbox.close(t.dialogId);
    return t;
  }

  /**
   * Scale runs: the client writes again to an open dialog, and we wait until the dialog's workflow has
   * recorded it (its message appears on the stream); a dialog evicted from the worker's cache is
   * replayed from its history first.
   */
  async touch(key: string, dialogId: string, n: number): Promise<DialogTiming> {
    const t: DialogTiming = { key, dialogId, ok: false, startedAt: now() };
    const externalMessageId = `${key}-touch-${n}`;
    this.mailbox.reopen(dialogId);
    try {
      const sent = await this.inbound({
        externalMessageId,
        client: { externalId: key },
        text: 'Still there?',
      });
      t.ackMs = sent.ms;
      expectStatus(sent, 202, 'inbound message');
      if (sent.body.dialogId !== dialogId)
        throw new Error(`went to dialog ${sent.body.dialogId}, not ${dialogId}`);
      await this.mailbox.waitFor(
        dialogId,
        (e) => e.type === 'message.created' && e.data.message?.externalMessageId === externalMessageId,
        OFFER_TIMEOUT_MS,
        'message recorded',
      );
      t.finishedAt = now();
      t.e2eMs = t.finishedAt - t.startedAt;
      t.ok = true;
    } catch (error) {
      t.error = error instanceof Error ? error.message : String(error);
    }
    this.mailbox.close(dialogId);
    return t;
  }
}

export interface BaselineNoticeEvent {
  kind: string;
}

/**
 * The same simulated people against a bare system's trivial endpoints (bench/baseline/baseline-server.ts):
 * the baseline, or the floor. They hear of the offer, the rating request and the end from notices
 * over the stack's IPC channel (the baseline's notify activity; the floor's HTTP front).
 */
export class BaselineDriver implements DialogDriver {
  readonly mailbox = new Mailbox<BaselineNoticeEvent>();
  private readonly operatorIds: string[];
  private next = 0;

  constructor(
    private readonly url: string,
    operators: Operator[],
    readonly name: BareSystem = 'baseline',
  ) {
    this.operatorIds = operators.map((o) => o.id);
  }

  notice(dialogId: string, kind: string): void {
    this.mailbox.deliver(dialogId, { kind });
  }

  close(): void {}

  async runDialog(key: string): Promise<DialogTiming> {
    const t: DialogTiming = { key, ok: false, startedAt: now(), dialogId: key };
    const wait = (kind: string) =>
      this.mailbox.waitFor(key, (e) => e.kind === kind, OFFER_TIMEOUT_MS, `${this.name} ${kind}`);
    const act = (action: string, operatorId: string) =>
      http('POST', `${this.url}/${this.name}/dialogs/${key}/${action}`, {
        json: action === 'messages' ? { operatorId, text: 'Happy to help.' } : { operatorId },
      });
    try {
      const first = await http('POST', `${this.url}/${this.name}/inbound`, {
        json: { dialogId: key, messageId: `${key}-1`, text: 'Hello, I need help' },
      });
      t.ackMs = first.ms;
      expectStatus(first, 202, 'inbound message');
      const offer = await wait('offered');
      t.offeredMs = offer.at - t.startedAt;
      const operatorId = this.operatorIds[this.next++ % this.operatorIds.length]!;
      const accepted = await act('accept', operatorId);
      t.acceptMs = accepted.ms;
      expectStatus(accepted, 200, 'accept');
      const answered = await act('messages', operatorId);
      t.answerMs = answered.ms;
      expectStatus(answered, 201, 'answer');
      const closed = await act('close', operatorId);
      t.closeMs = closed.ms;
      expectStatus(closed, 200, 'close');
      await wait('ratingRequested');
      const rating = await http('POST', `${this.url}/${this.name}/inbound`, {
        json: { dialogId: key, messageId: `${key}-rating-0`, rating: 'like' },
      });
      t.ratingAckMs = rating.ms;
      expectStatus(rating, 202, 'rating');
      await wait('closed');
      t.finishedAt = now();
      t.e2eMs = t.finishedAt - t.startedAt;
      t.ok = true;
    } catch (error) {
      t.error = error instanceof Error ? error.message : String(error);
    }
    this.mailbox.close(key);
    return t;
  }
}
