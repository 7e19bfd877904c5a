import { signBody, SIGNATURE_HEADER } from '../activities/delivery/webhook-signature';
import { http, type HttpAnswer, type LiveEvent, type Operator } from '../bench/drivers';
import { Mailbox, now } from '../bench/mailbox';
import { openEventStream } from '../bench/sse-client';

/** A client gives up a request after this long and sends it again (same ids), as integrators do. */
const REQUEST_TIMEOUT_MS = 20_000;
/** …and keeps retrying network errors and 502/503/504 for this long before it reports a failure. */
const RETRY_FOR_MS = 240_000;
/** how long a step of a dialog may wait for what the workflow does (outages included) */
const STEP_TIMEOUT_MS = 240_000;

/** An answer of 5xx the harness saw: a 503 with the error shape is what an outage should look like. */
export interface ServerError {
  at: number;
  route: string;
  status: number;
  body: string;
  /** the body is the API's `{error:{code,message,details}}` and shows no stack trace */
  wellFormed: boolean;
}

/** What one simulated dialog did, for the checks on the database afterwards. */
export interface DialogRecord {
  key: string;
  dialogId?: string;
  ok: boolean;
  error?: string;
  startedAt: number;
  finishedAt?: number;
  /** the client's text messages the API acknowledged (202), in the order the client sent them */
  clientMessages: string[];
  /** operators whose accept the API answered 200 (two different ones would be two responsibles) */
  acceptedBy: string[];
  /** requests that were sent again after a network error, a timeout or a 503 */
  retries: number;
}

const RETRYABLE = new Set([502, 503, 504]);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const looksWellFormed = (answer: HttpAnswer) => {
  const e = answer.body?.error;
  const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  return (
    !!e &&
    typeof e.code === 'string' &&
    typeof e.message === 'string' &&
    Array.isArray(e.details) &&
    !/\n\s+at |\.ts:\d+|node_modules/.test(text)
  );
};

/**
 * The simulated clients and operators of the reliability harness, over HTTP to any of the API
 * processes (the bench's client pieces: `http`, the mailbox, the event stream). Unlike the bench's
 * driver, every request survives the faults: a network error, a timeout or a 503 is retried, on the
 * next API process, with the same message ids; operators' event streams reconnect with
 * `Last-Event-ID`. Every 5xx is kept for the checks, and so is each moment a dialog was served (the
 * server time of every timeline entry heard), for the recovery times.
 */
export class ChaosTraffic {
  readonly mailbox = new Mailbox<LiveEvent>();
  readonly serverErrors: ServerError[] = [];
  /** server times (ms) of the timeline entries the operators' streams carried: dialogs being served */
  readonly served: number[] = [];
  /** requests in flight per API process (the API fault kills one in the middle of requests) */
  readonly inFlight: number[];
  networkErrors = 0;
  /** every answer the API gave (the checks look at the 5xx among them) */
  answers = 0;
  private streams: Array<{ close(): void }> = [];
  private readonly tokens: Map<string, string>;
  private next = 0;

  constructor(
    private readonly apis: string[],
    private readonly channelId: string,
    private readonly secret: string,
    private readonly operators: Operator[],
  ) {
    this.tokens = new Map(operators.map((o) => [o.id, o.token]));
    this.inFlight = apis.map(() => 0);
  }

  /** One reconnecting event stream per operator, spread over the API processes. */
  open(): void {
    this.operators.forEach((operator, i) => this.streams.push(this.keepStream(operator.token, i)));
  }

  close(): void {
    for (const stream of this.streams) stream.close();
    this.streams = [];
  }

  private keepStream(token: string, first: number): { close(): void } {
    let closed = false;
    let current: { close(): void } | undefined;
    let lastId: string | null = null;
    void (async () => {
      for (let attempt = first; !closed; attempt++) {
        const api = this.apis[attempt % this.apis.length]!;
        try {
          const stream = await openEventStream(
            `${api}/api/events?access_token=${token}`,
            (data, id) => {
              if (id) lastId = id;
              const event = data as LiveEvent;
              const at = Date.parse(event.data?.at ?? event.data?.message?.createdAt ?? '');
              if (Number.isFinite(at)) this.served.push(at);
              this.mailbox.deliver(event.dialogId, event, id ?? String(event.id));
            },
            lastId ? { 'last-event-id': lastId } : {},
          );
          current = stream;
          if (closed) stream.close();
          await stream.ended;
        } catch {
          // the API is down or refused (503 while the database is): try the next one
        }
        if (!closed) await sleep(300);
      }
    })();
    return {
      close: () => {
        closed = true;
        current?.close();
      },
    };
  }

  /**
   * Sends a request until it gets an answer that is not a failure of the system (network error,
   * timeout, 502/503/504), rotating over the API processes; the same body each time.
   */
  async send(
    method: string,
    path: string,
    options: { json?: unknown; raw?: string; token?: string; headers?: Record<string, string> },
    record?: DialogRecord,
  ): Promise<HttpAnswer & { attempts: number }> {
    const deadline = Date.now() + RETRY_FOR_MS;
    let index = this.next++ % this.apis.length;
    for (let attempts = 1; ; attempts++) {
      const api = this.apis[index]!;
      this.inFlight[index]!++;
      let answer: HttpAnswer | undefined;
      let failure: unknown;
      try {
        answer = await http(method, `${api}${path}`, { ...options, timeoutMs: REQUEST_TIMEOUT_MS });
      } catch (error) {
        failure = error;
      } finally {
        this.inFlight[index]!--;
      }
      if (answer) this.answers++;
      if (answer && answer.status >= 500) {
        this.serverErrors.push({
          at: Date.now(),
          route: `${method} ${path.replace(/\/dialogs\/[^/]+/, '/dialogs/:id')}`,
          status: answer.status,
          body: (typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body)).slice(0, 300),
          wellFormed: looksWellFormed(answer),
        });
      }
      if (answer && !RETRYABLE.has(answer.status)) return { ...answer, attempts };
      if (!answer) this.networkErrors++;
      if (Date.now() > deadline)
        throw new Error(
          `${method} ${path}: still failing after ${attempts} attempts (${answer ? `HTTP ${answer.status}` : String(failure)})`,
        );
      if (record) record.retries++;
      index = (index + 1) % this.apis.length;
      await sleep(250 + Math.random() * 500);
    }
  }

  private inbound(body: object, record: DialogRecord) {
    const raw = JSON.stringify(body);
    return this.send(
      'POST',
      `/api/channels/${this.channelId}/inbound`,
      {
        raw,
        headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signBody(this.secret, raw) },
      },
      record,
    );
  }

  private act(dialogId: string, action: string, operatorId: string, record: DialogRecord, json?: unknown) {
    return this.send(
      'POST',
      `/api/dialogs/${dialogId}/${action}`,
      {
        token: this.tokens.get(operatorId),
        json,
        // an answer sent again after a network error must not be stored twice
        ...(action === 'messages' ? { headers: { 'idempotency-key': `${dialogId}-answer` } } : {}),
      },
      record,
    );
  }

  /** Is the dialog, as the API reads it, this operator's (an accept retried after it went through)? */
  private async isMine(dialogId: string, operatorId: string, record: DialogRecord): Promise<boolean> {
    const answer = await this.send(
      'GET',
      `/api/dialogs/${dialogId}`,
      { token: this.tokens.get(operatorId) },
      record,
    );
    return answer.status === 200 && answer.body.responsibleOperatorId === operatorId;
  }

  /**
   * One dialog: the client writes; the operator the offer names accepts (a later offer, when this one
   * lapsed during an outage); the client writes again; the operator answers and closes; the client
   * rates when asked and the dialog closes.
   */
  async runDialog(key: string): Promise<DialogRecord> {
    const record: DialogRecord = {
      key,
      ok: false,
      startedAt: now(),
      clientMessages: [],
      acceptedBy: [],
      retries: 0,
    };
    const client = { externalId: key, name: `Client ${key}` };
    const expect = (answer: HttpAnswer, status: number, what: string) => {
      if (answer.status !== status)
        throw new Error(`${what}: HTTP ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
    };
    try {
      const first = await this.inbound(
        { externalMessageId: `${key}-1`, client, text: 'Hello, I need help' },
        record,
      );
      expect(first, 202, 'first message');
      record.clientMessages.push(`${key}-1`);
      const dialogId: string = first.body.dialogId;
      record.dialogId = dialogId;

      const tried = new Set<number>();
      let operatorId: string | undefined;
      while (!operatorId) {
        const offer = await this.mailbox.waitFor(
          dialogId,
          (e) => e.type === 'dialog.offered' && !tried.has(e.id),
          STEP_TIMEOUT_MS,
          'offer',
        );
        tried.add(offer.event.id);
        const candidate = (offer.event.data.operatorIds as string[])[0]!;
        const accepted = await this.act(dialogId, 'accept', candidate, record);
        if (accepted.status === 200) {
          record.acceptedBy.push(candidate);
          operatorId = candidate;
        } else if (accepted.status === 409 && (await this.isMine(dialogId, candidate, record))) {
          operatorId = candidate; // an earlier attempt of this accept went through
        } else if (accepted.status !== 409) expect(accepted, 200, 'accept');
      }

      const second = await this.inbound(
        { externalMessageId: `${key}-2`, client, text: 'My order number is 42' },
        record,
      );
      expect(second, 202, 'second message');
      record.clientMessages.push(`${key}-2`);
      expect(
        await this.act(dialogId, 'messages', operatorId, record, { text: 'Happy to help.' }),
        201,
        'answer',
      );
      const closed = await this.act(dialogId, 'close', operatorId, record);
      // a close sent again after it went through is refused: the dialog is closed already
      const closedBefore =
        closed.status === 409 &&
        closed.attempts > 1 &&
        /the dialog is closed/.test(closed.body?.error?.message);
      if (!closedBefore) expect(closed, 200, 'close');
      await this.mailbox.waitFor(
        dialogId,
        (e) => e.type === 'flow.node' && e.data.nodeId === 'askRating',
        STEP_TIMEOUT_MS,
        'rating request',
      );
      const isClosed = (e: LiveEvent) => e.type === 'flow.node' && e.data.status === 'closed';
      for (let attempt = 0; ; attempt++) {
        const rating = await this.inbound(
          { externalMessageId: `${key}-rating-${attempt}`, client, rating: 'like' },
          record,
        );
        expect(rating, 202, 'rating');
        try {
          // a rating that lands before the flow's wait node listens is not counted (the bench's note)
          await this.mailbox.waitFor(dialogId, isClosed, attempt < 2 ? 20_000 : STEP_TIMEOUT_MS, 'closed');
          break;
        } catch (error) {
          if (attempt >= 2) throw error;
        }
      }
      record.finishedAt = now();
      record.ok = true;
    } catch (error) {
      record.error = error instanceof Error ? error.message : String(error);
    }
    if (record.dialogId) this.mailbox.close(record.dialogId);
    return record;
  }
}
