import type { ErrorResponse } from '../../../schemas/generated/error';

export type ErrorDetail = NonNullable<ErrorResponse['error']['details']>[number];

/**
 * An API call that did not succeed. `message` is the API's own reason ("the dialog is already taken
 * by another operator"), which screens show as it is; `status` 0 means the server was not reached.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** more request headers (e.g. If-Match for a draft's revision) */
  headers?: Record<string, string>;
}

export interface ApiClientConfig {
  /** '' for the page's own origin (the server, or Vite's dev proxy) */
  baseUrl?: string;
  /** the bearer token of the signed-in employee, or null */
  getToken(): string | null;
  /** a call made with a token got 401: the session is over (expired, revoked, person fired) */
  onUnauthorized(message: string): void;
  fetch?: typeof fetch;
}

export function queryString(query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The error of a failed answer: the API's `{error: {code, message, details}}`, or the HTTP status. */
export async function errorOf(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const error = (body as Partial<ErrorResponse> | undefined)?.error;
  if (error && typeof error.message === 'string')
    return new ApiError(response.status, String(error.code ?? 'error'), error.message, error.details ?? []);
  return new ApiError(response.status, 'http_error', `${response.status} ${response.statusText}`.trim());
}

export interface ApiClient {
  request<T>(method: string, path: string, options?: RequestOptions): Promise<T>;
  get<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  /** the URL of an SSE stream with the token in the query (EventSource cannot send headers) */
  streamUrl(path: string, query?: Query): string;
}

/** The one HTTP client of the web app: JSON in and out, bearer token, typed errors. */
export function createApiClient(config: ApiClientConfig): ApiClient {
  const baseUrl = config.baseUrl ?? '';
  const doFetch = config.fetch ?? ((input, init) => fetch(input, init));

  async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const token = config.getToken();
    const headers: Record<string, string> = { ...options.headers, accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}${path}${queryString(options.query)}`, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: options.signal,
      });
    } catch (cause) {
      if ((cause as Error)?.name === 'AbortError') throw cause;
      throw new ApiError(0, 'network', 'The server cannot be reached');
    }
    if (!response.ok) {
      const error = await errorOf(response);
      if (response.status === 401 && token) config.onUnauthorized(error.message);
      throw error;
    }
    if (response.status === 204) return undefined as T;
    const type = response.headers.get('content-type') ?? '';
    return (type.includes('json') ? await response.json() : await response.text()) as T;
  }

  return {
    request,
    get: (path, query, signal) => request('GET', path, { query, signal }),
    post: (path, body) => request('POST', path, { body }),
    streamUrl: (path, query = {}) =>
      `${baseUrl}${path}${queryString({ ...query, access_token: config.getToken() })}`,
  };
}
