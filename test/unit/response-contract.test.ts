import express from 'express';
import pino from 'pino';
import { ApiRoutes } from '../../api/api-routes';
import { errorHandler, unknownRoute } from '../../api/errors';
import {
  checkResponsesAgainstContract,
  responseContract,
  takeResponseMismatches,
} from '../../api/operations/response-contract';

/** A tiny app of public routes, some answering what their spec documents and some not. */
function appWith(register: (routes: ApiRoutes) => void) {
  const pass: express.RequestHandler = (_req, _res, next) => next();
  const routes = new ApiRoutes({ employee: pass, visitor: pass, perIp: pass, perChannel: pass });
  register(routes);
  const app = express();
  app.use(responseContract, routes.router, unknownRoute, errorHandler(pino({ level: 'silent' })));
  return app;
}

async function call(app: express.Express, path: string, init?: RequestInit): Promise<number> {
  const server = app.listen(0);
  try {
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as { port: number };
    const response = await fetch(`http://127.0.0.1:${port}${path}`, init);
    await response.text();
    await new Promise((resolve) => setImmediate(resolve)); // the 'finish' checks have run
    return response.status;
  } finally {
    server.close();
  }
}

describe('the response contract check (what the integration suites run under)', () => {
  beforeAll(() => checkResponsesAgainstContract());
  beforeEach(() => takeResponseMismatches());

  const base = { tag: 'Test', audience: 'public' as const, summary: 'a test route' };
  const app = appWith((routes) => {
    routes.add(
      { ...base, method: 'get', path: '/ok', success: { status: 200, description: 'ok', schema: 'health' } },
      (_req, res) => {
        res.json({ status: 'ok' });
      },
    );
    routes.add(
      {
        ...base,
        method: 'get',
        path: '/wrong-shape',
        success: { status: 200, description: 'ok', schema: 'health' },
      },
      (_req, res) => {
        // what the compiler would refuse, forced through: the check must still catch it
        (res as express.Response).json({ status: 'fine', extra: 1 });
      },
    );
    routes.add(
      {
        ...base,
        method: 'post',
        path: '/wrong-status',
        success: { status: 201, description: 'made', schema: 'health' },
      },
      (_req, res) => {
        res.json({ status: 'ok' });
      },
    );
    routes.add(
      { ...base, method: 'delete', path: '/gone', success: { status: 204, description: 'gone' } },
      (_req, res) => {
        (res as express.Response).status(204).json({ status: 'ok' });
      },
    );
    routes.add(
      {
        ...base,
        method: 'get',
        path: '/text',
        success: { status: 200, description: 'text', contentType: 'text/plain' },
      },
      (_req, res) => {
        res.type('html').send('<p>not text</p>');
      },
    );
    routes.add(
      {
        ...base,
        method: 'get',
        path: '/bad-error',
        success: { status: 200, description: 'ok', schema: 'health' },
      },
      (_req, res) => {
        (res as express.Response).status(409).json({ error: 'nope' });
      },
    );
  });

  it('passes an answer that is what the document says', async () => {
    expect(await call(app, '/ok')).toBe(200);
    expect(await call(app, '/nowhere')).toBe(404); // an ErrorResponse
    expect(takeResponseMismatches()).toEqual([]);
  });

  it.each<[string, string, string, RequestInit | undefined, string]>([
    ['a body off its schema', '/wrong-shape', 'GET /wrong-shape', undefined, 'not a health'],
    [
      'another status',
      '/wrong-status',
      'POST /wrong-status',
      { method: 'POST' },
      'answered 200, documented 201',
    ],
    ['content on a 204', '/gone', 'DELETE /gone', { method: 'DELETE' }, 'a 204 with content'],
    ['another content type', '/text', 'GET /text', undefined, 'answered text/html, documented text/plain'],
    [
      'an error in another shape',
      '/bad-error',
      'GET /bad-error',
      undefined,
      'not in the ErrorResponse shape',
    ],
  ])('reports %s', async (_what, path, route, init, problem) => {
    await call(app, path, init);
    expect(takeResponseMismatches()).toEqual([
      expect.objectContaining({ route, problem: expect.stringContaining(problem) }),
    ]);
  });
});
