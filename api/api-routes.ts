import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Role } from '../db/entities';
import type { SchemaName } from '../schemas/ajv';
import type { SchemaTypes } from '../schemas/generated';
import { forbidden, HttpError } from './errors';
import { parseBody, parseParams, parseQuery } from './validation';

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

/**
 * What a route answers when it succeeds, as the document says and the contract check holds it to:
 * - JSON: its status and the response schema it matches (schemas/responses/); `alsoAs` names other
 *   media types the same answer may take (e.g. `text/csv` with `format=csv`);
 * - no content: 204;
 * - something else than JSON (a stream, text, a page): its content type.
 */
export type RouteSuccess<N extends SchemaName = SchemaName> =
  | { status: number; description: string; schema: N; alsoAs?: Record<string, string> }
  | { status: 204; description: string; schema?: undefined }
  | { status: number; description: string; contentType: string; schema?: undefined };

/** One route of the HTTP contract: what registers it, what documents it (OpenAPI), who may call it. */
export interface RouteSpec<N extends SchemaName = SchemaName> {
  method: HttpMethod;
  /** Express path from the server root, e.g. `/api/dialogs/:id/accept` */
  path: string;
  summary: string;
  /** OpenAPI tag: the group the route is listed under */
  tag: string;
  audience: Audience;
  /**
   * JSON body schema: the body is parsed and checked (400 with details) before the handler runs; with
   * `parseJson: false` the handler checks it against this same schema after reading the raw bytes
   */
  body?: SchemaName;
  /** the body may be left out (no body at all); one that is sent is checked */
  bodyOptional?: boolean;
  /** the success status and what it returns */
  success: RouteSuccess<N>;
  /** error statuses worth documenting beyond the ones every route of its audience has */
  errors?: number[];
  /**
   * The query string's schema (an object of the raw strings): checked once the caller is known (400
   * with the parameters' pointers), and its properties are the documented parameters.
   */
  query?: SchemaName;
  /**
   * The path parameters' schema (an object of the raw strings, one property per `:name`): checked once
   * the caller is known (400 with the parameters' pointers); its properties document the parameters.
   */
  params?: SchemaName;
  /** Request headers the route reads (e.g. If-Match), documented as header parameters. */
  requestHeaders?: ReadonlyArray<{ name: string; description: string; pattern?: string }>;
  /** Headers a success answer carries (e.g. ETag), by name, with what they say. */
  responseHeaders?: Record<string, string>;
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

/**
 * A route's handler. A JSON route's `res.json` takes only its response schema's generated type, so the
 * compiler holds each answer to what the document says (and the contract check holds it at run time).
 */
export type RouteHandler<N extends SchemaName = never> = (
  req: Request,
  res: [N] extends [never] ? Response : Response<SchemaTypes[N]>,
) => unknown;

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

  add<N extends SchemaName = never>(spec: RouteSpec<N>, handler: RouteHandler<N>): void {
    const chain: RequestHandler[] = [
      (_req, res, next) => {
        res.locals.routeSpec = spec; // for the response contract check (api/operations/response-contract.ts)
        next();
      },
    ];
    if (spec.tokenInQuery) chain.push(tokenFromQuery);
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
    if (spec.params) {
      const schema = spec.params;
      chain.push((req, _res, next) => {
        parseParams(schema, req.params);
        next();
      });
    }
    if (spec.query) {
      const schema = spec.query;
      chain.push((req, _res, next) => {
        parseQuery(schema, req.query);
        next();
      });
    }
    chain.push(...(spec.before ?? []));
    if (spec.parseJson !== false && spec.method !== 'get' && spec.method !== 'delete') {
      chain.push(express.json({ limit: JSON_LIMIT, strict: false }));
    }
    if (spec.body && spec.parseJson !== false) {
      const schema = spec.body;
      chain.push((req, _res, next) => {
        if (!(spec.bodyOptional && req.body === undefined)) req.body = parseBody(schema, req.body);
        next();
      });
    }
    this.specs.push(spec as RouteSpec);
    this.routes[spec.method](spec.path, ...chain, async (req, res) => {
      await handler(req, res as never);
    });
  }
}
