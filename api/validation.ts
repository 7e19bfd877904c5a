import type { Request } from 'express';
import { check, type SchemaName } from '../schemas/ajv';
import { HttpError } from './errors';

/**
 * Checks a request body against its schema. A body that is not what the route accepts is a malformed
 * request (400, as the inbound contract asks); 422 is kept for documents that are well-formed but
 * fail their domain rules (flows, line settings).
 */
export function parseBody<T>(name: SchemaName, body: unknown): T {
  const result = check<T>(name, body);
  if (!result.ok)
    throw new HttpError(400, 'invalid_request', 'Request body does not match its schema', result.details);
  return result.value;
}

/**
 * Checks a query string against its schema as the raw strings Express parsed (the shared ajv coerces
 * nothing, so a number arrives as a string its schema's pattern checks; a repeated parameter arrives as
 * an array and is refused). 400 with the parameters' pointers, like a body.
 */
export function parseQuery<T>(name: SchemaName, query: unknown): T {
  const result = check<T>(name, { ...(query as object) });
  if (!result.ok)
    throw new HttpError(400, 'invalid_request', 'Query parameters do not match their schema', result.details);
  return result.value;
}

/** Checks path parameters against their schema as the raw strings Express matched; 400 with their pointers. */
export function parseParams<T>(name: SchemaName, params: unknown): T {
  const result = check<T>(name, { ...(params as object) });
  if (!result.ok)
    throw new HttpError(400, 'invalid_request', 'Path parameters do not match their schema', result.details);
  return result.value;
}

/**
 * The query of a route whose spec names its schema: the router has checked it before the handler runs
 * (api-routes.ts), so it is that schema's type.
 */
export const checkedQuery = <T>(req: Request): T => req.query as T;
