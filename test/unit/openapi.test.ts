import type { Express } from 'express';
import pino from 'pino';
import { createApp } from '../../api/app';
import { LiveEventHub } from '../../api/live/live-event-hub';
import { PresenceTracker } from '../../api/live/presence-tracker';
import { loadCatalog } from '../../activities/registry';

/** The app as `lineflow start` builds it; no handler runs, so nothing needs to be connected. */
function buildApp(): Express {
  return createApp({
    db: {} as never,
    catalog: loadCatalog(),
    temporal: {} as never,
    taskQueue: 'unused',
    tokenTtlSeconds: 60,
    rateLimits: { perIp: 0, perChannel: 0 },
    logger: pino({ level: 'silent' }),
    live: new LiveEventHub({} as never, pino({ level: 'silent' })),
    presence: new PresenceTracker({
      db: {} as never,
      temporal: {} as never,
      logger: pino({ level: 'silent' }),
    }),
  });
}

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every METHOD path Express would serve, found by walking its router, not by asking our list. */
function registeredRoutes(app: Express): string[] {
  const found: string[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods))
          found.push(`${method.toUpperCase()} ${layer.route.path}`);
      } else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return found.sort();
}

async function fetchDocument(app: Express): Promise<any> {
  const server = app.listen(0);
  try {
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as { port: number };
    const response = await fetch(`http://127.0.0.1:${port}/api/openapi.json`);
    expect(response.status).toBe(200);
    return await response.json();
  } finally {
    server.close();
  }
}

const toExpress = (openApiPath: string) => openApiPath.replace(/\{([^}]+)\}/g, ':$1');

describe('OpenAPI document', () => {
  const app = buildApp();
  let doc: any;
  beforeAll(async () => {
    doc = await fetchDocument(app);
  });

  it('documents every route the app serves, and nothing it does not', () => {
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${toExpress(path)}`))
      .sort();
    expect(documented).toEqual(registeredRoutes(app));
    expect(documented.length).toBeGreaterThan(30);
  });

  it('is OpenAPI 3.1 with a summary, tag, parameters and answers for each operation', () => {
    expect(doc.openapi).toBe('3.1.0');
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      const inPath = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      for (const [method, op] of Object.entries(ops)) {
        const where = `${method} ${path}`;
        expect([where, typeof op.summary, op.summary.length > 5]).toEqual([where, 'string', true]);
        expect([where, op.tags.length]).toEqual([where, 1]);
        const pathParams = op.parameters
          .filter((p: { in: string }) => p.in === 'path')
          .map((p: { name: string }) => p.name);
        expect([where, pathParams]).toEqual([where, inPath]);
        const statuses = Object.keys(op.responses).map(Number);
        expect([where, statuses.some((s) => s >= 200 && s < 300)]).toEqual([where, true]);
        if (op.security.length) expect([where, statuses.includes(401)]).toEqual([where, true]);
      }
    }
  });

  it('resolves every $ref to a component, and the bodies are the schemas the API validates with', () => {
    const refs = [...JSON.stringify(doc.paths).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map(
      (m) => m[1],
    );
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs)
      expect([ref, doc.components.schemas[ref!]?.$id]).toEqual([ref, expect.any(String)]);
    const login = doc.paths['/api/auth/login'].post;
    expect(
      doc.components.schemas[login.requestBody.content['application/json'].schema.$ref.split('/').pop()],
    ).toMatchObject({
      required: ['email', 'password'],
    });
  });

  it('says who may call each route, as the routes enforce it', () => {
    expect(doc.paths['/api/lines'].post['x-audience']).toEqual(['admin']);
    expect(doc.paths['/api/lines'].post.security).toEqual([{ bearer: [] }]);
    expect(doc.paths['/api/channels/{channelId}/inbound'].post['x-audience']).toBe('channel');
    expect(doc.paths['/api/livechat/messages'].post.security).toEqual([{ visitorToken: [] }]);
    expect(doc.paths['/healthz'].get.security).toEqual([]);
  });
});

/** SPEC §7, route by route: the contract clients rely on (parameter names aside). */
const SPEC_ROUTES = [
  'POST /api/auth/login',
  'POST /api/channels/{}/inbound',
  'POST /api/channels/{}/telegram',
  'POST /api/livechat/{}/sessions',
  'POST /api/livechat/messages',
  'GET /api/livechat/events',
  'POST /api/livechat/rating',
  'GET /api/dialogs',
  'GET /api/dialogs/{}',
  ...['accept', 'take', 'close', 'spam', 'pin', 'messages', 'transfer', 'invite', 'lead', 'rating'].map(
    (action) => `POST /api/dialogs/{}/${action}`,
  ),
  'GET /api/events',
  'POST /api/me/presence',
  'POST /api/me/workday',
  ...['lines', 'channels', 'operators', 'quick-replies'].flatMap((crud) => [
    `GET /api/${crud}`,
    `POST /api/${crud}`,
    `GET /api/${crud}/{}`,
    `PATCH /api/${crud}/{}`,
    `DELETE /api/${crud}/{}`,
  ]),
  'GET /api/lines/{}/flow',
  'PUT /api/lines/{}/flow',
  'POST /api/lines/{}/flow/validate',
  'POST /api/lines/{}/flow/publish',
  'GET /api/lines/{}/flow/versions',
  'GET /api/catalog',
  'GET /api/stats',
  'GET /healthz',
  'GET /readyz',
  'GET /metrics',
  'GET /api/openapi.json',
];

describe('SPEC §7 coverage', () => {
  it('serves and documents every route the specification names', async () => {
    const doc = await fetchDocument(buildApp());
    const documented = new Set(
      Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{[^}]+\}/g, '{}')}`),
      ),
    );
    expect(SPEC_ROUTES.filter((route) => !documented.has(route))).toEqual([]);
  });
});
