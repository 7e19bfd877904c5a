import type { Request, Response } from 'express';
import type { Dialog, LiveEvent } from '../../db/entities';
import type { LiveEventHub, PushedEvent } from './live-event-hub';

const HEARTBEAT_MS = 15_000;

export interface StreamOptions {
  /** the stream ends then: a token that has expired must not keep receiving events */
  until?: Date;
  accepts(event: LiveEvent, dialog: Dialog): boolean | Promise<boolean>;
  /** what of the event this listener may read (the livechat visitor gets less than an operator) */
  present?(event: PushedEvent): unknown;
}

function lastEventId(req: Request): number | null {
  const given =
    req.get('last-event-id') ?? (typeof req.query.lastEventId === 'string' ? req.query.lastEventId : '');
  return /^\d{1,15}$/.test(given) ? Number(given) : null;
}

/**
 * Serves a Server-Sent Events stream of live events. A reconnecting client sends `Last-Event-ID`
 * (EventSource does it by itself) and first gets what it missed; a new one gets everything committed
 * after it connected. Each event is one unnamed SSE message whose `data` carries its `type`.
 */
export async function serveEventStream(
  req: Request,
  res: Response,
  hub: LiveEventHub,
  { accepts, present = (e) => e, until }: StreamOptions,
): Promise<void> {
  const after = lastEventId(req) ?? (await hub.newestId());
  res.status(200).set({
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no', // nginx: do not buffer the stream
  });
  res.flushHeaders();
  res.write('retry: 2000\n: connected\n\n');
  const unsubscribe = hub.subscribe(
    {
      accepts,
      send: (event) => res.write(`id: ${event.id}\ndata: ${JSON.stringify(present(event))}\n\n`),
      end: () => res.end(),
    },
    after,
  );
  const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
  // setTimeout's limit is ~24.8 days; tokens live hours, visitor sessions a month: cap the wait
  const expiry = until && setTimeout(() => res.end(), Math.min(until.getTime() - Date.now(), 2 ** 31 - 1));
  req.on('close', () => {
    clearInterval(heartbeat);
    clearTimeout(expiry);
    unsubscribe();
  });
}
