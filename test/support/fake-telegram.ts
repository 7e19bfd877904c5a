import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** the body exactly as received (signatures are computed over these bytes) */
  raw: string;
  json: any;
}

interface Answer {
  status: number;
  body: unknown;
}

/** Answers of the Bot API as Telegram spells them. */
export const BOT_API_ANSWERS = {
  serverError: (): Answer => ({
    status: 500,
    body: { ok: false, error_code: 500, description: 'Internal Server Error' },
  }),
  tooManyRequests: (retryAfterSeconds: number): Answer => ({
    status: 429,
    body: {
      ok: false,
      error_code: 429,
      description: `Too Many Requests: retry after ${retryAfterSeconds}`,
      parameters: { retry_after: retryAfterSeconds },
    },
  }),
  blocked: (): Answer => ({
    status: 403,
    body: { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' },
  }),
};

/**
 * A local stand-in for the Telegram Bot API (and for an integrator's webhook receiver) on 127.0.0.1:
 * a real HTTP server that records every request. `POST /bot<token>/sendMessage` answers like Telegram
 * (`{ ok: true, result: { message_id, … } }`) unless told to fail the next requests; a chat can be
 * "blocked" (403 for good). Any other path is a webhook receiver: recorded and answered 200, or with
 * the planned failures.
 */
export class FakeTelegram {
  readonly requests: RecordedRequest[] = [];
  readonly blockedChats = new Set<string>();
  /** wait this long before answering (widens the window in which two dispatchers overlap) */
  delayMs = 0;
  private readonly botPlan: Answer[] = [];
  private readonly webhookPlan: Answer[] = [];
  private nextMessageId = 1;

  private constructor(
    private readonly server: http.Server,
    readonly url: string,
  ) {}

  static async start(): Promise<FakeTelegram> {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const fake = new FakeTelegram(server, `http://127.0.0.1:${port}`);
    server.on('request', (req, res) => void fake.handle(req, res));
    return fake;
  }

  /** The next `times` Bot API calls get `answer` (in order, after any planned before). */
  failNext(times: number, answer: () => Answer): void {
    for (let i = 0; i < times; i++) this.botPlan.push(answer());
  }

  /** The next `times` webhook POSTs get `status`. */
  failNextWebhooks(times: number, status: number): void {
    for (let i = 0; i < times; i++) this.webhookPlan.push({ status, body: { error: 'planned' } });
  }

  /** Every sendMessage call, optionally only those made with one bot token. */
  sendMessages(token?: string): RecordedRequest[] {
    return this.requests.filter((r) =>
      token ? r.path === `/bot${token}/sendMessage` : /^\/bot[^/]+\/sendMessage$/.test(r.path),
    );
  }

  webhookPosts(path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      json = undefined;
    }
    const path = req.url ?? '/';
    this.requests.push({ method: req.method ?? '', path, headers: req.headers, raw, json });
    if (this.delayMs) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const answer = path.startsWith('/bot') ? this.botAnswer(path, json) : this.webhookAnswer();
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer.body));
  }

  private botAnswer(path: string, json: any): Answer {
    if (!path.endsWith('/sendMessage'))
      return { status: 404, body: { ok: false, error_code: 404, description: 'Not Found' } };
    const planned = this.botPlan.shift();
    if (planned) return planned;
    if (this.blockedChats.has(String(json?.chat_id))) return BOT_API_ANSWERS.blocked();
    if (json?.chat_id === undefined || typeof json?.text !== 'string' || !json.text)
      return {
        status: 400,
        body: { ok: false, error_code: 400, description: 'Bad Request: message text is empty' },
      };
    return {
      status: 200,
      body: {
        ok: true,
        result: {
          message_id: this.nextMessageId++,
          date: Math.floor(Date.now() / 1000),
          chat: { id: json.chat_id, type: 'private' },
          text: json.text,
        },
      },
    };
  }

  private webhookAnswer(): Answer {
    return this.webhookPlan.shift() ?? { status: 200, body: { received: true } };
  }
}
