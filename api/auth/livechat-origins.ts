import type { Request, RequestHandler, Response } from 'express';
import type { DataSource } from 'typeorm';
import { ChannelEntity, type Channel } from '../../db/entities';
import { errorBody, HttpError } from '../errors';

/** `scheme://host[:port]` as browsers send it in `Origin` (default ports dropped, lower case), or null. */
function normalizedOrigin(value: string): string | null {
  try {
    const origin = new URL(value).origin;
    return origin === 'null' ? null : origin.toLowerCase();
  } catch {
    return null;
  }
}

/**
 * May a page of this `Origin` use this livechat channel? Any page when the channel lists no origins,
 * and requests without an `Origin` (not from a browser page) always; pages Lineflow serves itself
 * (the demo page, same host as the API) always, so a list cannot lock out the demo.
 */
export function originAllowed(channel: Pick<Channel, 'config'>, req: Request): boolean {
  const origin = req.get('origin');
  const allowed = channel.config?.allowedOrigins;
  if (origin === undefined || !allowed?.length) return true;
  const normalized = normalizedOrigin(origin);
  if (normalized === null) return false; // "null": sandboxed frames, file:// pages
  if (new URL(normalized).host === req.get('host')?.toLowerCase()) return true;
  return allowed.some((a) => normalizedOrigin(a) === normalized);
}

const originRefused = (origin: string) =>
  new HttpError(403, 'origin_not_allowed', `This chat is not available on pages of ${origin}`);

/**
 * Refuses a request from a page whose origin the channel does not allow (403), and takes back the
 * CORS permission `livechatCors` gave, so the page cannot read even the refusal.
 */
export function enforceOrigin(req: Request, res: Response, channel: Pick<Channel, 'config'>): void {
  if (originAllowed(channel, req)) return;
  res.removeHeader('Access-Control-Allow-Origin');
  res.removeHeader('Access-Control-Expose-Headers');
  throw originRefused(req.get('origin')!);
}

/** Routes whose path names the channel: a preflight for them can be answered by the channel's list. */
const CHANNEL_PATH = /^\/([^/]+)\/(?:sessions|widget)$/;

/**
 * CORS for the website chat (mounted on `/api/livechat`): the widget runs on customers' pages and calls
 * the API from their origin. Every answer is readable by the page's origin until the route knows the
 * channel and `enforceOrigin` refuses it; so a visitor's widget can read a 401 (session expired) or a
 * 429. Preflights are answered here: for the routes that carry a visitor token the channel is not
 * known before the real request (a preflight has no Authorization header), which is checked then.
 */
export function livechatCors(db: DataSource): RequestHandler {
  return async (req, res, next) => {
    const origin = req.get('origin');
    res.vary('Origin');
    if (origin === undefined) return next();
    if (req.method === 'OPTIONS') {
      const channelId = CHANNEL_PATH.exec(req.path)?.[1];
      const channel = channelId
        ? await db.getRepository<Channel>(ChannelEntity).findOneBy({ id: decodeURIComponent(channelId) })
        : null;
      if (channel && !originAllowed(channel, req)) {
        const refused = originRefused(origin);
        res.status(refused.status).json(errorBody(refused.code, refused.message));
        return;
      }
      res
        .status(204)
        .set({
          'Access-Control-Allow-Origin': origin,
          'Access-Control-Allow-Methods': 'GET, POST, PATCH',
          'Access-Control-Allow-Headers': 'Authorization, Content-Type, Last-Event-ID',
          'Access-Control-Max-Age': '600',
        })
        .end();
      return;
    }
    res.set({
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Expose-Headers': 'Retry-After, X-Request-Id',
    });
    next();
  };
}
