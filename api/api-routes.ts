import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Role } from '../db/entities';
import type { SchemaName } from '../schemas/ajv';
import { forbidden, HttpError } from './errors';
import { parseBody } from './validation';

/**
 * Who may call a route:
 * - `public`: anyone (health, login);
 * - `channel`: a channel connector, authenticated by the channel's own secret (HMAC, Telegram token);
 * - `visitor`: a livechat visitor with a session token;
 * - a list of roles: a signed-in employee with one of these roles.
 */
export type Audience = 'public' | 'channel' | 'visitor' | readonly Role[];
export const EVERY_ROLE: readonly Role[] = ['admin', 'supervisor', 'operator'];

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** One route of the HTTP contract: what registers it, what documents it (OpenAPI), who may call it. */
export interface RouteSpec {
  method: HttpMethod;
  /** Express path from the server root, e.g. `/api/dialogs/:id/accept` */
  path: string;
  summary: string;
  /** OpenAPI tag: the group the route is listed under */
  tag: string;
  audience: Audience;
  /**
   * JSON body schema: the body is parsed and checked (400 with details) before the handler runs; with
   * `parseJson: false` it is only documented and the handler checks it after reading the raw bytes
   */
  body?: SchemaName;
  /** the success status and what it returns */
  success?: { status: number; description: string; contentType?: string };
  /** error statuses worth documenting beyond the ones every route of its audience has */
  errors?: number[];
  /** query parameters, documented only (the handler parses them) */
  query?: Record<string, { description: string; schema: object }>;
  /** middleware that runs before the body is parsed (raw-body readers, rate limits) */
  before?: RequestHandler[];
  /** false: the route reads the body itself (signed raw bytes) */
  parseJson?: boolean;
  /**
   * The bearer token may come as `?access_token=` instead of the Authorization header: browsers'
   * EventSource cannot set headers, so the SSE streams accept it there.
   */
  tokenInQuery?: boolean;
  /** false: never rate-limited (health probes, metrics scrapes, the API's own documents) */
  rateLimited?: boolean;
}

const patterns = new Map<string, RegExp>();
/** An Express path as Express matches it: `:name` is one segment, a trailing slash and case do not matter. */
function pathPattern(expressPath: string): RegExp {
  let pattern = patterns.get(expressPath);
  if (!pattern) {
    const source = expressPath
      .split('/')
      .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/');
    patterns.set(expressPath, (pattern = new RegExp(`^${source}/?$`, 'i')));
  }
  return pattern;
}

/** Moves `?access_token=` into the Authorization header when the header is absent. */
const tokenFromQuery: RequestHandler = (req, _res, next) => {
  const token = req.query.access_token;
  if (!req.headers.authorization && typeof token === 'string') req.headers.authorization = `Bearer ${token}`;
  next();
};

export type RouteHandler = (req: Request, res: Response) => unknown;

export interface RouteGuards {
  /** checks an employee's bearer token and sets `req.user` */
  employee: RequestHandler;
  /** checks a livechat visitor's token and sets `req.visitor` */
  visitor: RequestHandler;
  /** limits requests per client IP (public and livechat visitor routes) */
  perIp: RequestHandler;
  /**
   * limits what livechat visitors send in, per channel; channel connectors are limited by their
   * route once authenticated, so that unsigned floods cannot use up a channel's allowance
   */
  perChannel: RequestHandler;
}

export const JSON_LIMIT = '1mb';

/**
 * The one list of HTTP routes. Route modules add to it with their spec; it registers the Express
 * handler with authentication, role check and body validation derived from that spec, and the OpenAPI
 * document and the route × role test read the same specs. A route cannot be served without being
 * documented, nor documented with other roles than it enforces.
 */
export class ApiRoutes {
  /** the routes, then the 405 of a known path asked with a method it does not serve */
  readonly router = Router();
  readonly specs: RouteSpec[] = [];
  private readonly routes = Router();

  constructor(private readonly guards: RouteGuards) {
    this.router.use(this.routes);
    this.router.use((req, _res, next) => {
      const allowed = this.methodsOf(req.path);
      if (!allowed.length) return next();
      next(
        new HttpError(
          405,
          'method_not_allowed',
          `${req.method} is not served at ${req.path}; use ${allowed.join(', ')}`,
          [],
          { Allow: allowed.join(', ') },
        ),
      );
    });
  }

  /** The methods served at a request path (HEAD wherever GET is: Express answers it from GET). */
  methodsOf(requestPath: string): string[] {
    const methods = new Set<string>();
    for (const spec of this.specs) {
      if (!pathPattern(spec.path).test(requestPath)) continue;
      methods.add(spec.method.toUpperCase());
      if (spec.method === 'get') methods.add('HEAD');
    }
    return [...methods].sort();
  }

  add(spec: RouteSpec, handler: RouteHandler): void {
    const chain: RequestHandler[] = spec.tokenInQuery ? [tokenFromQuery] : [];
    const employees = Array.isArray(spec.audience);
    // Channel connectors are servers (Telegram, an integrator): one IP sends for many clients, so
    // they are limited per channel, once authenticated, instead.
    const perIp = spec.audience === 'public' || spec.audience === 'visitor';
    if (perIp && spec.rateLimited !== false) chain.push(this.guards.perIp);
    if (spec.audience === 'visitor') chain.push(this.guards.visitor);
    if (employees) {
      const roles = spec.audience as readonly Role[];
      chain.push(this.guards.employee, (req, _res, next) =>
        next(req.user && roles.includes(req.user.role) ? undefined : forbidden()),
      );
    }
    if (spec.audience === 'visitor' && spec.method === 'post' && spec.rateLimited !== false)
      chain.push(this.guards.perChannel);
    chain.push(...(spec.before ?? []));
    if (spec.parseJson !== false && spec.method !== 'get' && spec.method !== 'delete') {
      chain.push(express.json({ limit: JSON_LIMIT, strict: false }));
    }
    if (spec.body && spec.parseJson !== false) {
      const schema = spec.body;
      chain.push((req, _res, next) => {
        req.body = parseBody(schema, req.body);
        next();
      });
    }
    this.specs.push(spec);
    this.routes[spec.method](spec.path, ...chain, async (req, res) => {
      await handler(req, res);
    });
  }
}
