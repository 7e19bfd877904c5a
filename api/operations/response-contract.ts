import type { RequestHandler, Response } from 'express';
import { check, type ValidationDetail } from '../../schemas/ajv';
import type { RouteSpec } from '../api-routes';

/** An answer that is not what the OpenAPI document says its route answers. */
export interface ResponseMismatch {
  /** `METHOD /express/:path` of the route, or the request path when no route matched */
  route: string;
  status: number;
  problem: string;
  details?: ValidationDetail[];
}

let checking = false;
const mismatches: ResponseMismatch[] = [];

/**
 * From now on (in this process) every answer is held to the document: a success's status, content
 * type and JSON against its route's response schema, an error's JSON against ErrorResponse. The test
 * stack turns it on, so every answer the integration suites receive is checked; it costs a validation
 * per answer, so production leaves it off. Mismatches are collected for `takeResponseMismatches`.
 */
export function checkResponsesAgainstContract(): void {
  checking = true;
}

/** The mismatches found since the last call. */
export function takeResponseMismatches(): ResponseMismatch[] {
  return mismatches.splice(0);
}

const mediaType = (header: unknown) =>
  String(header ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();

/** What the route's document says a success with this status and media type must be; a problem or null. */
function successProblem(spec: RouteSpec, status: number, type: string, json: unknown): string | null {
  const { success } = spec;
  if (status !== success.status) return `answered ${status}, documented ${success.status}`;
  if (success.status === 204) return type || json !== undefined ? `a 204 with content (${type})` : null;
  const documented = success.schema
    ? ['application/json', ...Object.keys(success.alsoAs ?? {})]
    : ['contentType' in success ? success.contentType : ''];
  if (!documented.includes(type))
    return `answered ${type || 'no content'}, documented ${documented.join(' or ')}`;
  return null;
}

/**
 * The middleware that checks answers (a no-op until `checkResponsesAgainstContract`). It goes first in
 * the app; each route's chain names its spec in `res.locals.routeSpec` (api-routes.ts).
 */
export const responseContract: RequestHandler = (req, res, next) => {
  if (!checking) return next();
  const record = (problem: string, details?: ValidationDetail[]) => {
    const spec = res.locals.routeSpec as RouteSpec | undefined;
    const route = spec ? `${spec.method.toUpperCase()} ${spec.path}` : `${req.method} ${req.path}`;
    mismatches.push({ route, status: res.statusCode, problem, ...(details ? { details } : {}) });
  };
  let json: unknown;
  const send = res.json.bind(res) as Response['json'];
  res.json = (body?: unknown) => {
    // what the client receives: Dates as strings, undefined properties gone
    json = body === undefined ? undefined : JSON.parse(JSON.stringify(body));
    const spec = res.locals.routeSpec as RouteSpec | undefined;
    const status = res.statusCode;
    if (status >= 400) {
      const result = check('error', json);
      if (!result.ok) record('an error not in the ErrorResponse shape', result.details);
    } else if (spec?.success.schema && status === spec.success.status) {
      const result = check(spec.success.schema, json);
      if (!result.ok) record(`not a ${spec.success.schema} (its response schema)`, result.details);
    }
    return send(body);
  };
  res.on('finish', () => {
    const spec = res.locals.routeSpec as RouteSpec | undefined;
    const status = res.statusCode;
    if (status >= 200 && status < 300) {
      // The web app's pages and assets are served beside the API, not by a documented route.
      if (!spec) return req.path.startsWith('/api/') ? record('a success no route documents') : undefined;
      const problem = successProblem(spec, status, mediaType(res.getHeader('content-type')), json);
      if (problem) record(problem);
    }
  });
  next();
};
