import { ApiError, createApiClient, queryString } from './client';

function answer(status: number, body?: unknown, headers: Record<string, string> = {}) {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: '',
    headers: {
      get: (name: string) => headers[name.toLowerCase()] ?? (body === undefined ? null : 'application/json'),
    },
    json: async () => JSON.parse(text),
    text: async () => text,
  } as unknown as Response;
}

function client(
  respond: (url: string, init: RequestInit) => Response | Promise<Response>,
  token: string | null = 'tok_12345678901234567890',
) {
  const unauthorized = jest.fn();
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const api = createApiClient({
    getToken: () => token,
    onUnauthorized: unauthorized,
    fetch: async (url, init) => {
      calls.push({ url: String(url), init: init! });
      return respond(String(url), init!);
    },
  });
  return { api, unauthorized, calls };
}

describe('the API client', () => {
  it('sends the bearer token and JSON, and reads JSON back', async () => {
    const { api, calls } = client(() => answer(200, { ok: true }));
    await expect(api.post('/api/dialogs/d1/accept', { a: 1 })).resolves.toEqual({ ok: true });
    expect(calls[0]!.init.headers).toMatchObject({
      authorization: 'Bearer tok_12345678901234567890',
      'content-type': 'application/json',
    });
    expect(calls[0]!.init.body).toBe('{"a":1}');
  });

  it("turns the API's error shape into an ApiError whose message is the API's reason", async () => {
    const { api } = client(() =>
      answer(409, {
        error: { code: 'conflict', message: 'the dialog is already taken by another operator' },
      }),
    );
    const error = await api.post('/api/dialogs/d1/accept').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 409,
      code: 'conflict',
      message: 'the dialog is already taken by another operator',
      details: [],
    });
  });

  it('keeps validation details', async () => {
    const details = [{ pointer: '/text', message: 'must be string' }];
    const { api } = client(() =>
      answer(400, { error: { code: 'invalid_request', message: 'bad', details } }),
    );
    await expect(api.post('/x', {})).rejects.toMatchObject({ status: 400, details });
  });

  it('ends the session on a 401 to a call made with a token, with the reason', async () => {
    const { api, unauthorized } = client(() =>
      answer(401, { error: { code: 'unauthorized', message: 'Token is invalid or has expired' } }),
    );
    await expect(api.get('/api/me')).rejects.toMatchObject({ status: 401 });
    expect(unauthorized).toHaveBeenCalledWith('Token is invalid or has expired');
  });

  it('does not end a session on a 401 without a token (a wrong password at login)', async () => {
    const { api, unauthorized } = client(
      () => answer(401, { error: { code: 'unauthorized', message: 'Email or password is wrong' } }),
      null,
    );
    await expect(api.post('/api/auth/login', {})).rejects.toMatchObject({
      message: 'Email or password is wrong',
    });
    expect(unauthorized).not.toHaveBeenCalled();
  });

  it('reports an answer that is not the error shape by its status, and an unreachable server as status 0', async () => {
    const { api } = client(() => answer(502, '<html>Bad gateway</html>', { 'content-type': 'text/html' }));
    await expect(api.get('/api/me')).rejects.toMatchObject({ status: 502, code: 'http_error' });
    const offline = client(() => Promise.reject(new TypeError('Failed to fetch')));
    await expect(offline.api.get('/api/me')).rejects.toMatchObject({ status: 0, code: 'network' });
  });

  it('returns nothing for 204 and builds query strings without empty values', async () => {
    const { api, calls } = client(() => answer(204));
    await expect(
      api.get('/api/dialogs', { view: 'mine', lineId: undefined, status: '' }),
    ).resolves.toBeUndefined();
    expect(calls[0]!.url).toBe('/api/dialogs?view=mine');
    expect(queryString({ a: 'x y', b: 2 })).toBe('?a=x+y&b=2');
    expect(api.streamUrl('/api/events')).toBe('/api/events?access_token=tok_12345678901234567890');
  });
});
