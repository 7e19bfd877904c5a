import http from 'node:http';
import type { Express } from 'express';
import pino from 'pino';
import { createApp } from '../../api/app';
import { LiveEventHub } from '../../api/live/live-event-hub';
import { PresenceTracker } from '../../api/live/presence-tracker';
import { loadCatalog } from '../../activities/registry';
import { ALL_SCHEMAS, check, SCHEMAS } from '../../schemas/ajv';
import { DocumentValidators } from '../support/openapi-validators';

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

/** Runs `use` against the app listening on a free port. */
async function withServer<T>(app: Express, use: (base: string) => Promise<T>): Promise<T> {
  const server = app.listen(0);
  try {
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as { port: number };
    return await use(`http://127.0.0.1:${port}`);
  } finally {
    server.close();
  }
}

async function fetchDocument(app: Express): Promise<any> {
  return withServer(app, async (base) => {
    const response = await fetch(`${base}/api/openapi.json`);
    expect(response.status).toBe(200);
    return await response.json();
  });
}

/** Every `$ref` in a JSON value, with where it was found. */
function refsIn(node: unknown, at = ''): Array<{ at: string; ref: string }> {
  if (Array.isArray(node)) return node.flatMap((item, i) => refsIn(item, `${at}/${i}`));
  if (!node || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === '$ref' && typeof value === 'string' ? [{ at, ref: value }] : refsIn(value, `${at}/${key}`),
  );
}

/** A `#/…` JSON pointer (RFC 6901) resolved from the document's root, or undefined. */
function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  return ref
    .slice(1)
    .split('/')
    .slice(1)
    .map((s) => decodeURIComponent(s).replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>(
      (node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined),
      doc,
    );
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

  it('has the very schemas the API validates with as components: only their $refs point into the document', () => {
    const refs = [...JSON.stringify(doc.paths).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map(
      (m) => m[1]!,
    );
    expect(refs.length).toBeGreaterThan(50);
    for (const ref of refs) expect([ref, doc.components.schemas[ref]?.title]).toEqual([ref, ref]);
    const idOf = new Map(ALL_SCHEMAS.map((schema) => [schema.title, schema.$id]));
    // back from `#/components/schemas/T…` to the registered `$id…`: each component is its schema file
    const restore = (node: unknown, self: string): unknown => {
      if (Array.isArray(node)) return node.map((item) => restore(item, self));
      if (!node || typeof node !== 'object') return node;
      return Object.fromEntries(
        Object.entries(node).map(([key, value]) => {
          if (key !== '$ref') return [key, restore(value, self)];
          const [, title, fragment] = /^#\/components\/schemas\/([^/]+)(.*)$/.exec(value as string)!;
          return [
            key,
            title === self ? `#${fragment}` : `${idOf.get(title!)}${fragment ? `#${fragment}` : ''}`,
          ];
        }),
      );
    };
    const normalized = (schema: object) =>
      JSON.parse(JSON.stringify(schema).replace(/"\$ref":"(https:[^"#]+)#"/g, '"$ref":"$1"'));
    for (const schema of ALL_SCHEMAS) {
      const { $id: _id, $schema: _dialect, ...rest } = schema as { $id: string; $schema?: string };
      const strip = (node: unknown): unknown =>
        JSON.parse(JSON.stringify(node), (key, value) => (key === '$id' ? undefined : value));
      expect([
        schema.title,
        normalized(restore(doc.components.schemas[schema.title], schema.title) as object),
      ]).toEqual([schema.title, normalized(strip(rest) as object)]);
    }
    const login = doc.paths['/api/auth/login'].post;
    expect(login.requestBody.content['application/json'].schema).toEqual({
      $ref: `#/components/schemas/${SCHEMAS.loginRequest.title}`,
    });
    expect(login.responses['200'].content['application/json'].schema).toEqual({
      $ref: `#/components/schemas/${SCHEMAS.loginResponse.title}`,
    });
  });

  it('resolves every $ref of the served document inside the document itself', () => {
    const refs = refsIn(doc);
    expect(refs.length).toBeGreaterThan(50);
    const broken = refs.filter(({ ref }) => resolvePointer(doc, ref) === undefined);
    expect(broken).toEqual([]);
    // a component is a plain schema: no $id would re-base the pointers inside it elsewhere
    const withId = Object.entries(doc.components.schemas as Record<string, { $id?: string }>)
      .filter(([, schema]) => JSON.stringify(schema).includes('"$id"'))
      .map(([name]) => name);
    expect(withId).toEqual([]);
  });

  it('documents a 204 answer without content, every JSON success with its schema, streams and exports by type', () => {
    const wrong: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      for (const [method, op] of Object.entries(ops)) {
        for (const [status, answer] of Object.entries(op.responses as Record<string, any>)) {
          const where = `${method.toUpperCase()} ${path} ${status}`;
          if (status === '204') {
            if (answer.content !== undefined) wrong.push(`${where}: has content`);
            continue;
          }
          const content = Object.entries((answer.content ?? {}) as Record<string, { schema?: object }>);
          if (!content.length) wrong.push(`${where}: no content`);
          for (const [type, media] of content) {
            const schema = media.schema as { $ref?: string; type?: string } | undefined;
            if (!schema || !Object.keys(schema).length) wrong.push(`${where} ${type}: no schema`);
            else if (type === 'application/json' && !schema.$ref) wrong.push(`${where}: JSON not by $ref`);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
    const content = (path: string, method = 'get') =>
      Object.keys(doc.paths[path][method].responses['200'].content).sort();
    expect(content('/api/events')).toEqual(['text/event-stream']);
    expect(content('/api/livechat/events')).toEqual(['text/event-stream']);
    expect(content('/api/stats')).toEqual(['application/json', 'text/csv']);
    expect(content('/metrics')).toEqual(['text/plain']);
    expect(content('/api/docs')).toEqual(['text/html']);
  });

  it('documents the flow draft revision: If-Match in, ETag out, and the version number as a path parameter', () => {
    const draft = doc.paths['/api/lines/{lineId}/flow'];
    const ifMatch = draft.put.parameters.find((p: { in: string }) => p.in === 'header');
    expect(ifMatch).toMatchObject({ name: 'If-Match', required: false, schema: { type: 'string' } });
    const pattern = new RegExp(ifMatch.schema.pattern);
    for (const sent of ['"3"', '3', 'W/"3"', '"0"']) expect([sent, pattern.test(sent)]).toEqual([sent, true]);
    for (const sent of ['"abc"', '"-1"', '*', '']) expect([sent, pattern.test(sent)]).toEqual([sent, false]);
    expect(draft.put.responses['409']).toBeDefined();
    for (const op of [draft.get, draft.put, doc.paths['/api/lines/{lineId}/flow/restore'].post])
      expect(Object.keys(op.responses['200'].headers)).toEqual(['ETag']);
    const version = doc.paths['/api/lines/{lineId}/flow/versions/{version}'].get;
    const param = version.parameters.find((p: { name: string }) => p.name === 'version');
    expect(param).toMatchObject({ in: 'path', required: true, schema: { type: 'string' } });
    const versionPattern = new RegExp(param.schema.pattern);
    expect(['1', '42', 'abc', '0', '-1', '1.5'].map((v) => versionPattern.test(v))).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
    expect(version.responses['400']).toBeDefined();
  });

  it('documents the errors in one shape whose details are always there', () => {
    const error = doc.components.schemas.ErrorResponse;
    expect(error.properties.error.required).toEqual(['code', 'message', 'details']);
  });

  describe('refuses what the server refuses (as the contract fuzzer found)', () => {
    let validators: DocumentValidators;
    beforeAll(() => {
      validators = new DocumentValidators(doc);
    });

    it.each<[string, string, string, unknown]>([
      [
        'a KPI threshold of "0"',
        'post',
        '/api/lines',
        { name: 'L', settings: { kpi: { answer: { threshold: '0' } } } },
      ],
      [
        'a KPI threshold under 10 s',
        'post',
        '/api/lines',
        { name: 'L', settings: { kpi: { answer: { threshold: '9s' } } } },
      ],
      [
        'a KPI threshold over 24 h',
        'patch',
        '/api/lines/{id}',
        { settings: { kpi: { firstAnswer: { threshold: '1441m' } } } },
      ],
      ['a new line without a name', 'post', '/api/lines', { active: true }],
      [
        'a new employee who starts fired',
        'post',
        '/api/operators',
        { email: 'a@b.cd', name: 'A', role: 'operator', password: 'long-enough', fired: true },
      ],
      [
        'a Telegram channel with a malformed bot token',
        'post',
        '/api/channels',
        { lineId: 'l', kind: 'telegram', name: 'T', config: { botToken: 'nope' } },
      ],
      [
        'a Telegram channel without its bot token',
        'post',
        '/api/channels',
        { lineId: 'l', kind: 'telegram', name: 'T' },
      ],
      [
        'a webhook channel with a Telegram config',
        'post',
        '/api/channels',
        { lineId: 'l', kind: 'webhook', name: 'W', config: { botToken: '123:abcdefghijklmnopqrstuvwxyz' } },
      ],
      [
        'a livechat origin with a path',
        'post',
        '/api/channels',
        { lineId: 'l', kind: 'livechat', name: 'C', config: { allowedOrigins: ['https://a.example/x'] } },
      ],
      ['a channel config that fits no kind', 'patch', '/api/channels/{id}', { config: { colour: 'red' } }],
      [
        'a publish note over 500 characters',
        'post',
        '/api/lines/{lineId}/flow/publish',
        { note: 'x'.repeat(501) },
      ],
      [
        'a publish of a revision that is no number',
        'post',
        '/api/lines/{lineId}/flow/publish',
        { revision: '3' },
      ],
      ['a restore without a version', 'post', '/api/lines/{lineId}/flow/restore', {}],
      ['a restore of version 0', 'post', '/api/lines/{lineId}/flow/restore', { version: 0 }],
      [
        'a flow without nodes',
        'put',
        '/api/lines/{lineId}/flow',
        { schemaVersion: 1, name: 'F', nodes: [], edges: [] },
      ],
    ])('a body: %s', (_what, method, path, body) => {
      expect(validators.acceptsBody(method, path, body)).toBe(false);
    });

    it.each<[string, string, Record<string, string>]>([
      ['an empty entityType', '/api/audit', { entityType: '' }],
      ['a cursor that is no cursor', '/api/audit', { cursor: '0' }],
      ['an audit page of 0', '/api/audit', { limit: '0' }],
      ['a day that does not exist', '/api/stats', { from: '0000-00-00' }],
      ['the 30th of February', '/api/stats', { to: '2026-02-30' }],
      ['a time that does not exist', '/api/stats', { from: '2026-01-01T25:00:00Z' }],
      ['a dialog cursor that is no cursor', '/api/dialogs', { cursor: '0' }],
      ['an empty quick-reply group', '/api/quick-replies', { group: '' }],
      ['an unknown parameter', '/api/quick-replies', { colour: 'red' }],
    ])('a query: %s', (_what, path, query) => {
      expect(validators.acceptsQuery('get', path, query)).toBe(false);
    });

    it('allows what the server allows', () => {
      expect(
        validators.acceptsBody('post', '/api/lines', {
          name: 'L',
          settings: { kpi: { answer: { threshold: '10s' } } },
        }),
      ).toBe(true);
      expect(
        validators.acceptsBody('post', '/api/lines', {
          name: 'L',
          settings: { kpi: { answer: { threshold: '24h' } } },
        }),
      ).toBe(true);
      expect(
        validators.acceptsBody('post', '/api/channels', {
          lineId: 'l',
          kind: 'telegram',
          name: 'T',
          config: { botToken: '123456:abcdefghijklmnopqrstuvwxyz' },
        }),
      ).toBe(true);
      expect(
        validators.acceptsQuery('get', '/api/stats', { from: '2026-02-28', to: '2026-03-01T10:00:00+03:00' }),
      ).toBe(true);
      expect(validators.acceptsQuery('get', '/api/audit', { entityType: 'line', limit: '200' })).toBe(true);
    });

    it('and the server validates with these very schemas', () => {
      const post = doc.paths['/api/lines'].post.requestBody.content['application/json'].schema.$ref;
      expect(check('lineCreateRequest' as never, { active: true }).ok).toBe(false);
      expect(post).toBe('#/components/schemas/LineCreateRequest');
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

/** docs/product.md §4, route by route: the contract clients rely on (parameter names aside). */
const CONTRACT_ROUTES = [
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
  'GET /api/lines/{}/flow/versions/{}',
  'POST /api/lines/{}/flow/restore',
  'GET /api/catalog',
  'GET /api/stats',
  'GET /healthz',
  'GET /readyz',
  'GET /metrics',
  'GET /api/openapi.json',
];

describe('docs/product.md §4 coverage', () => {
  it('serves and documents every route the contract names', async () => {
    const doc = await fetchDocument(buildApp());
    const documented = new Set(
      Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{[^}]+\}/g, '{}')}`),
      ),
    );
    expect(CONTRACT_ROUTES.filter((route) => !documented.has(route))).toEqual([]);
  });
});

/** A raw HTTP call (fetch refuses methods such as TRACE). */
function rawCall(
  base: string,
  method: string,
  path: string,
  body?: string,
  headers: Record<string, string> = {},
) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>(
    (resolve, reject) => {
      const request = http.request(`${base}${path}`, { method, headers }, (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode!, headers: response.headers, body: text }),
        );
      });
      request.on('error', reject);
      request.end(body);
    },
  );
}

describe('answers outside the routes (errors before any handler runs)', () => {
  const app = buildApp();

  it.each<[string, string, string, string | undefined, Record<string, string>, number]>([
    ['an unknown route', 'GET', '/api/nope', undefined, {}, 404],
    ['no credentials', 'GET', '/api/lines', undefined, {}, 401],
    ['a malformed token', 'GET', '/api/lines', undefined, { authorization: 'Bearer x' }, 401],
    [
      'a body that is not JSON',
      'POST',
      '/api/auth/login',
      '{"email":',
      { 'content-type': 'application/json' },
      400,
    ],
  ])(
    '%s: the error shape with its details (an array, maybe empty)',
    async (_what, method, path, body, headers, status) => {
      const answer = await withServer(app, (base) => rawCall(base, method, path, body, headers));
      expect(answer.status).toBe(status);
      const parsed = JSON.parse(answer.body);
      expect(check('error', parsed)).toEqual({ ok: true, value: parsed });
      expect(Array.isArray(parsed.error.details)).toBe(true);
    },
  );

  it.each<[string, string, string]>([
    ['TRACE', '/api/lines', 'GET, HEAD, POST'],
    ['PUT', '/api/lines', 'GET, HEAD, POST'],
    ['PUT', '/api/dialogs/d-1', 'GET, HEAD'],
    ['GET', '/api/dialogs/d-1/accept', 'POST'],
    ['DELETE', '/api/lines/l-1/flow', 'GET, HEAD, PUT'],
    ['POST', '/healthz', 'GET, HEAD'],
  ])('%s %s: 405 with Allow: %s, in the error shape', async (method, path, allow) => {
    const answer = await withServer(app, (base) => rawCall(base, method, path));
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe(allow);
    const parsed = JSON.parse(answer.body);
    expect(parsed).toEqual({
      error: { code: 'method_not_allowed', message: expect.stringContaining(method), details: [] },
    });
  });
});
