import { check, SCHEMAS, type SchemaName } from '../schemas/ajv';
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

/** A route spec's documented `query`, read from the schema that checks it, so the two cannot differ. */
export function queryParameters(name: SchemaName): Record<string, { description: string; schema: object }> {
  const properties = (SCHEMAS[name] as { properties?: Record<string, { description?: string }> }).properties;
  return Object.fromEntries(
    Object.entries(properties ?? {}).map(([param, { description = '', ...schema }]) => [
      param,
      { description, schema },
    ]),
  );
}
