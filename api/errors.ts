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

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) return next(error);
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
