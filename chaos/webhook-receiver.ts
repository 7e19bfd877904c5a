import http, { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SEND_TIMEOUT_MS } from '../activities/delivery/outbound-sender';
import type { WebhookDelivery } from '../activities/delivery/webhook-sender';

/** How the fake receiver answers right now: normally, `500`, or not at all (longer than the sender waits). */
export type ReceiverMode = 'ok' | 'error500' | 'timeout';

export interface Receipt {
  key: string;
  messageId: string;
  dialogId: string;
  at: number;
}

/**
 * The integrator's end of the demo webhook channel's `outboundUrl`: it takes each delivery it answers
 * `200` to as received, by its `Idempotency-Key`. A key received a second time is a message delivered
 * twice (what a real receiver would then have to drop by the key). In `error500` it refuses; in
 * `timeout` it holds the request past the sender's timeout and drops the connection: neither counts
 * as received, so the dispatcher must send again.
 */
export class WebhookReceiver {
  mode: ReceiverMode = 'ok';
  /** every 2xx receipt, in the order they came */
  readonly receipts: Receipt[] = [];
  readonly counts = new Map<string, number>();
  refused = 0;
  heldPastTimeout = 0;
  /** a delivery whose Idempotency-Key was not its message id (the key must name the message) */
  readonly keyMismatches: string[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<WebhookReceiver> {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const receiver = new WebhookReceiver(
      server,
      `http://127.0.0.1:${(server.address() as AddressInfo).port}/outbound`,
    );
    server.on('request', (req: IncomingMessage, res: ServerResponse) => receiver.handle(req, res));
    return receiver;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (this.mode === 'error500') {
        this.refused++;
        res.writeHead(500, { 'content-type': 'text/plain' }).end('receiver failing');
        return;
      }
      if (this.mode === 'timeout') {
        this.heldPastTimeout++;
        setTimeout(() => req.socket.destroy(), SEND_TIMEOUT_MS + 2_000).unref();
        return;
      }
      const key = String(req.headers['idempotency-key'] ?? '');
      let delivery: Partial<WebhookDelivery> = {};
      try {
        delivery = JSON.parse(Buffer.concat(chunks).toString('utf8')) as WebhookDelivery;
      } catch {
        // counted below as a key mismatch
      }
      if (!key || key !== delivery.messageId) this.keyMismatches.push(`${key} ≠ ${delivery.messageId}`);
      this.receipts.push({
        key,
        messageId: delivery.messageId ?? '',
        dialogId: delivery.dialogId ?? '',
        at: Date.now(),
      });
      this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}
