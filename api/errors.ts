import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { ValidationDetail } from '../schemas/ajv';
import type { ErrorResponse } from '../schemas/generated/error';

/** An error the API answers with the docs/product.md §4.1 shape `{ error: { code, message, details } }`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: ValidationDetail[],
    /** headers the answer carries (e.g. Retry-After) */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const badRequest = (message: string, details?: ValidationDetail[]) =>
  new HttpError(400, 'bad_request', message, details);
export const unauthorized = (message = 'Authentication required') =>
  new HttpError(401, 'unauthorized', message);
export const forbidden = (message = 'Not allowed for your role') => new HttpError(403, 'forbidden', message);
export const notFound = (message: string) => new HttpError(404, 'not_found', message);

/** `details` is always there (README: every error reads `{ error: { code, message, details } }`). */
export function errorBody(code: string, message: string, details: ValidationDetail[] = []): ErrorResponse {
  return { error: { code, message, details } };
}

/** Unknown /api routes answer in the same shape as every other error. */
export const unknownRoute: RequestHandler = (req, _res, next) =>
  next(notFound(`No route ${req.method} ${req.path}`));

/** body-parser's own errors carry `type`; map them to our codes. */
function fromBodyParser(error: { type?: string; status?: number }): HttpError | undefined {
  if (error.type === 'entity.too.large')
    return new HttpError(413, 'payload_too_large', 'Request body is over 1 MB');
  if (error.type === 'entity.parse.failed') return badRequest('Request body is not valid JSON');
  if (error.type === 'encoding.unsupported' || error.type === 'charset.unsupported')
    return badRequest('Unsupported body encoding');
  return undefined;
}

/** Error codes of a database or network peer that is down, went away or is too busy to answer in time. */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_SERVER_SHUTDOWN',
  'ER_CON_COUNT_ERROR',
  'ER_LOCK_WAIT_TIMEOUT',
  'SQLITE_BUSY',
]);
/** gRPC status codes a Temporal client error carries when the server cannot be reached in time */
const GRPC_UNAVAILABLE = 14;
const GRPC_DEADLINE_EXCEEDED = 4;

/**
 * Is this error a dependency (the database, Temporal) being unreachable rather than a bug? Such a
 * request may well succeed when retried, so it is answered 503 (docs/architecture.md §5.6), not 500.
 * Looks through the wrappers TypeORM (`driverError`) and the Temporal client (`cause`) put around it.
 */
export function isDependencyUnreachable(error: unknown): boolean {
  for (let e = error as Record<string, unknown> | undefined, depth = 0; e && depth < 6; depth++) {
    if (typeof e.code === 'string' && UNREACHABLE_CODES.has(e.code)) return true;
    // a gRPC error (the Temporal client's ServiceError carries it as its cause) has a numeric code
    const grpc = typeof e.details === 'string' && 'metadata' in e;
    if (grpc && (e.code === GRPC_UNAVAILABLE || e.code === GRPC_DEADLINE_EXCEEDED)) return true;
    e = (e.driverError ?? e.cause) as Record<string, unknown> | undefined;
  }
  return false;
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) return next(error);
    if (isDependencyUnreachable(error)) {
      (req.log ?? logger).warn({ err: error, method: req.method, path: req.path }, 'dependency unreachable');
      res
        .status(503)
        .set('Retry-After', '1')
        .json(errorBody('unavailable', 'A dependency (the database or Temporal) is unreachable; retry'));
      return;
    }
    const known = error instanceof HttpError ? error : fromBodyParser(error);
    if (known) {
      if (known instanceof HttpError && known.headers) res.set(known.headers);
      res.status(known.status).json(errorBody(known.code, known.message, known.details));
      return;
    }
    (req.log ?? logger).error({ err: error, method: req.method, path: req.path }, 'unhandled error');
    res.status(500).json(errorBody('internal', 'Internal error'));
  };
}
