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
