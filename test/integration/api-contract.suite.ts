import { signBody } from '../../activities/delivery/webhook-signature';
import { DEMO_WEBHOOK_CHANNEL_ID } from '../../runtime/demo-seed';
import type { EntitySchema } from 'typeorm';
import { ENTITIES } from '../../db/entities';
import { DocumentValidators } from '../support/openapi-validators';
import { ADMIN_PASSWORD, DEMO_PASSWORD, eventually, TestStack, type Engine } from '../support/test-stack';

type Caller = 'nobody' | 'admin' | 'supervisor' | 'operator' | 'visitor';
const CALLERS: Caller[] = ['nobody', 'admin', 'supervisor', 'operator', 'visitor'];
interface Operation {
  method: string;
  path: string;
  audience: string | string[];
  hasBody: boolean;
}

/** The status a call gets, without reading a body that may never end (SSE streams). */
async function statusOf(url: string, method: string, headers: Record<string, string>, body?: string) {
  const controller = new AbortController();
  const response = await fetch(url, { method, headers, body, signal: controller.signal });
  const status = response.status;
  controller.abort();
  return status;
}

/**
 * The HTTP contract as a whole, read from the served OpenAPI document so that every route is covered,
 * including routes added later: who may call what (route × role), that hostile or malformed input is
 * refused cleanly and leaves nothing behind, request ids, metrics and rate limits.
 */
export function describeApiContract(engine: Engine): void {
  describe(`HTTP contract on ${engine}`, () => {
    let stack: TestStack;
    const operations: Operation[] = [];
    let doc: any;
    const tokens: Partial<Record<Caller, string>> = {};
    const fillPath = (path: string) => path.replace(/\{[^}]+\}/g, 'no-such-id');

    const tableCounts = async () => {
      const counts: Record<string, number> = {};
      // live_events only grows from dialogs' activity, auth_tokens from logins: both are not "what a request stored"
      for (const entity of ENTITIES) {
        const table = entity.options.tableName!;
        if (table === 'auth_tokens' || table === 'live_events') continue;
        counts[table] = await stack.db.getRepository(entity as EntitySchema<object>).count();
      }
      return counts;
    };

    const login = (email: string, password: string) => stack.login(email, password);
    const credentials = async (caller: Caller, path: string): Promise<Record<string, string>> => {
      if (caller === 'nobody') return {};
      // a logout must not revoke the token the rest of the table uses
      const token = path.endsWith('/logout') ? await freshToken(caller) : tokens[caller]!;
      return { authorization: `Bearer ${token}` };
    };
    const freshToken = async (caller: Caller) =>
      caller === 'admin'
        ? login('admin@lineflow.local', ADMIN_PASSWORD)
        : caller === 'visitor'
          ? tokens.visitor!
          : login(`${caller === 'operator' ? 'operator1' : 'supervisor'}@lineflow.local`, DEMO_PASSWORD);

    beforeAll(async () => {
      stack = await TestStack.startOn(engine, {
        LINEFLOW_RATE_LIMIT_IP: '0',
        LINEFLOW_RATE_LIMIT_CHANNEL: '8',
      });
      tokens.admin = await login('admin@lineflow.local', ADMIN_PASSWORD);
      tokens.supervisor = await login('supervisor@lineflow.local', DEMO_PASSWORD);
      tokens.operator = await login('operator1@lineflow.local', DEMO_PASSWORD);
      tokens.visitor = (
        await stack.request('POST', '/api/livechat/demo-livechat/sessions', { json: {} })
      ).body.token;
      doc = (await stack.request('GET', '/api/openapi.json')).body;
      for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
        for (const [method, op] of Object.entries(ops)) {
          operations.push({
            method: method.toUpperCase(),
            path,
            audience: op['x-audience'],
            hasBody: !!op.requestBody,
          });
        }
      }
    });

    afterAll(async () => {
      await stack?.stop();
    });

    it('lets each caller reach exactly the routes its role allows (every route × role), never with a 500', async () => {
      expect(operations.length).toBeGreaterThan(30);
      const before = await tableCounts();
      const table: string[] = [];
      const wrong: string[] = [];
      for (const op of operations) {
        for (const caller of CALLERS) {
          const headers = { 'content-type': 'application/json', ...(await credentials(caller, op.path)) };
          const body = op.method === 'GET' || op.method === 'DELETE' ? undefined : '{}';
          const status = await statusOf(`${stack.running.url}${fillPath(op.path)}`, op.method, headers, body);
          table.push(`${op.method} ${op.path} ${caller} ${status}`);
          const { audience } = op;
          let allowed: boolean;
          let refusal: number[];
          if (audience === 'public') [allowed, refusal] = [true, []];
          else if (audience === 'channel')
            [allowed, refusal] = [false, [401, 404]]; // no signature; no such channel
          else if (audience === 'visitor') [allowed, refusal] = [caller === 'visitor', [401]];
          else {
            allowed = (audience as string[]).includes(caller);
            refusal = caller === 'nobody' || caller === 'visitor' ? [401] : [403];
          }
          const ok = status < 500 && (allowed ? ![401, 403].includes(status) : refusal.includes(status));
          if (!ok)
            wrong.push(
              `${op.method} ${op.path} as ${caller}: ${status} (${allowed ? 'allowed' : `expected ${refusal}`})`,
            );
        }
      }
      expect(wrong).toEqual([]);
      expect(table.length).toBe(operations.length * CALLERS.length);
      // bogus ids and empty bodies changed nothing
      expect(await tableCounts()).toEqual(before);
    });

    it('refuses wrongly typed, deeply nested and oversized bodies with 400/413 and stores nothing', async () => {
      const before = await tableCounts();
      const deep = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
      const bodies = ['[]', '"text"', '1', 'null', 'true', '{"name":', deep, '{"__proto__":{"admin":true}}'];
      const wrong: string[] = [];
      for (const op of operations.filter((o) => o.hasBody && Array.isArray(o.audience))) {
        const caller = (op.audience as string[]).includes('admin') ? 'admin' : (op.audience[0] as Caller);
        for (const body of bodies) {
          const status = await statusOf(
            `${stack.running.url}${fillPath(op.path)}`,
            op.method,
            { 'content-type': 'application/json', authorization: `Bearer ${tokens[caller]}` },
            body,
          );
          if (status !== 400) wrong.push(`${op.method} ${op.path} ${body.slice(0, 20)}: ${status}`);
        }
        const huge = JSON.stringify({ name: 'x'.repeat(1_100_000) });
        const status = await statusOf(
          `${stack.running.url}${fillPath(op.path)}`,
          op.method,
          { 'content-type': 'application/json', authorization: `Bearer ${tokens[caller]}` },
          huge,
        );
        if (status !== 413) wrong.push(`${op.method} ${op.path} 1.1 MB: ${status}`);
      }
      expect(wrong).toEqual([]);
      expect(await tableCounts()).toEqual(before);
    });

    it('refuses exactly what its document refuses (the contract fuzzer’s findings), storing nothing', async () => {
      const validators = new DocumentValidators(doc);
      const before = await tableCounts();
      const bodies: Array<[string, string, string, unknown]> = [
        [
          'POST',
          '/api/lines',
          '/api/lines',
          { name: 'L', settings: { kpi: { answer: { threshold: '0' } } } },
        ],
        ['POST', '/api/lines', '/api/lines', { active: true }],
        [
          'POST',
          '/api/channels',
          '/api/channels',
          { lineId: 'demo-line', kind: 'telegram', name: 'T', config: { botToken: 'x' } },
        ],
        ['PATCH', '/api/channels/{id}', '/api/channels/demo-webhook', { config: { colour: 'red' } }],
        [
          'POST',
          '/api/operators',
          '/api/operators',
          { email: 'new@lineflow.local', name: 'N', role: 'operator', password: 'long-enough', fired: true },
        ],
        [
          'PUT',
          '/api/lines/{lineId}/flow',
          '/api/lines/demo-line/flow',
          { schemaVersion: 1, name: 'F', nodes: [], edges: [] },
        ],
        [
          'POST',
          '/api/lines/{lineId}/flow/validate',
          '/api/lines/demo-line/flow/validate',
          { name: 'half a flow' },
        ],
        [
          'POST',
          '/api/lines/{lineId}/flow/publish',
          '/api/lines/demo-line/flow/publish',
          { note: 'x'.repeat(501) },
        ],
        ['POST', '/api/lines/{lineId}/flow/restore', '/api/lines/demo-line/flow/restore', { version: 0 }],
      ];
      const wrong: string[] = [];
      for (const [method, path, url, body] of bodies) {
        const documented = validators.acceptsBody(method, path, body);
        const answer = await stack.request(method, url, { token: tokens.admin, json: body });
        if (documented || answer.status !== 400)
          wrong.push(
            `${method} ${url} ${JSON.stringify(body)}: document ${documented}, server ${answer.status}`,
          );
      }
      const queries: Array<[string, Record<string, string>]> = [
        ['/api/audit', { entityType: '' }],
        ['/api/audit', { cursor: '0' }],
        ['/api/stats', { from: '0000-00-00' }],
        ['/api/stats', { to: '2026-02-30' }],
        ['/api/dialogs', { cursor: '0' }],
        ['/api/quick-replies', { group: '' }],
      ];
      for (const [path, query] of queries) {
        const documented = validators.acceptsQuery('GET', path, query);
        const answer = await stack.request('GET', `${path}?${new URLSearchParams(query)}`, {
          token: tokens.admin,
        });
        if (documented || answer.status !== 400)
          wrong.push(`GET ${path} ${JSON.stringify(query)}: document ${documented}, server ${answer.status}`);
      }
      // and what it allows, the server takes
      const allowed: Array<[string, Record<string, string>]> = [
        ['/api/audit', { entityType: 'line', limit: '200', cursor: '0.A' }],
        ['/api/stats', { from: '2024-02-29', to: '2026-03-01T09:30+03:00' }],
        ['/api/dialogs', { cursor: '999999999999999.eA' }],
      ];
      for (const [path, query] of allowed) {
        const documented = validators.acceptsQuery('GET', path, query);
        const answer = await stack.request('GET', `${path}?${new URLSearchParams(query)}`, {
          token: tokens.admin,
        });
        if (!documented || answer.status !== 200)
          wrong.push(`GET ${path} ${JSON.stringify(query)}: document ${documented}, server ${answer.status}`);
      }
      expect(wrong).toEqual([]);
      expect(await tableCounts()).toEqual(before);
    });

    it('answers 405 with Allow for a method a known path does not serve, and every error with its details', async () => {
      for (const [method, path, allow] of [
        ['PUT', '/api/lines', 'GET, HEAD, POST'],
        ['DELETE', '/api/dialogs/no-such-id/accept', 'POST'],
      ] as const) {
        const response = await fetch(`${stack.running.url}${path}`, { method });
        expect([method, path, response.status, response.headers.get('allow')]).toEqual([
          method,
          path,
          405,
          allow,
        ]);
        expect(await response.json()).toMatchObject({ error: { code: 'method_not_allowed', details: [] } });
      }
      const missing = await stack.request('GET', '/api/lines/no-such-line', { token: tokens.admin });
      expect([missing.status, missing.body.error.details]).toEqual([404, []]);
      const anonymous = await stack.request('GET', '/api/lines');
      expect([anonymous.status, anonymous.body.error.details]).toEqual([401, []]);
      const badJson = await stack.request('POST', '/api/lines', {
        token: tokens.admin,
        raw: '{"name":',
        headers: { 'content-type': 'application/json' },
      });
      expect([badJson.status, badJson.body.error.details]).toEqual([400, []]);
    });

    it('stores SQL-injection strings and markup verbatim, and they do no harm', async () => {
      const secret = await stack.channelSecret(DEMO_WEBHOOK_CHANNEL_ID);
      const hostile = [
        "'; DROP TABLE dialogs; --",
        '" OR "1"="1',
        '<script>alert(document.cookie)</script>',
        "Robert'); DELETE FROM messages WHERE ('1'='1",
        'emoji 🙂 and NUL-free control \u0007 chars',
      ];
      const name = '<img src=x onerror=alert(1)> O\'Brien"; --';
      const sent = await stack.inbound(
        DEMO_WEBHOOK_CHANNEL_ID,
        JSON.stringify({
          externalMessageId: "x'; --",
          client: { externalId: "' OR 1=1 --", name },
          text: hostile[0],
        }),
        secret,
      );
      expect(sent.status).toBe(202);
      for (const [i, text] of hostile.slice(1).entries()) {
        const r = await stack.inbound(
          DEMO_WEBHOOK_CHANNEL_ID,
          JSON.stringify({
            externalMessageId: `hostile-${i}`,
            client: { externalId: "' OR 1=1 --", name },
            text,
          }),
          secret,
        );
        expect(r.status).toBe(202);
      }
      const dialog = await eventually(async () => {
        const d = await stack.request('GET', `/api/dialogs/${sent.body.dialogId}`, { token: tokens.admin });
        return d.status === 200 && d.body.messages.length === hostile.length ? d.body : undefined;
      });
      expect(dialog.messages.map((m: { text: string }) => m.text)).toEqual(hostile);
      expect(dialog.client.name).toBe(name);
      const line = await stack.request('POST', '/api/lines', {
        token: tokens.admin,
        json: { name: "<script>x</script>'; DROP TABLE lines; --" },
      });
      expect(line.status).toBe(201);
      expect(
        (await stack.request('GET', `/api/lines/${line.body.id}`, { token: tokens.admin })).body.name,
      ).toBe("<script>x</script>'; DROP TABLE lines; --");
      // every table is still there and answers
      for (const entity of ENTITIES)
        await expect(stack.db.getRepository(entity as EntitySchema<object>).count()).resolves.toEqual(
          expect.any(Number),
        );
      // JSON answers are JSON, never HTML a browser would run
      const raw = await fetch(`${stack.running.url}/api/dialogs/${sent.body.dialogId}`, {
        headers: { authorization: `Bearer ${tokens.admin}` },
      });
      expect(raw.headers.get('content-type')).toMatch(/^application\/json/);
    });

    it('gives every answer a request id, keeping a sane one the caller sent', async () => {
      const fresh = await fetch(`${stack.running.url}/healthz`);
      expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      const kept = await fetch(`${stack.running.url}/api/nope`, {
        headers: { 'x-request-id': 'trace-abc.123' },
      });
      expect(kept.status).toBe(404);
      expect(kept.headers.get('x-request-id')).toBe('trace-abc.123');
      const replaced = await fetch(`${stack.running.url}/healthz`, {
        headers: { 'x-request-id': 'bad id <script>' },
      });
      expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('limits what one channel may send in a minute, with 429 and Retry-After, storing nothing refused', async () => {
      const secret = await stack.channelSecret(DEMO_WEBHOOK_CHANNEL_ID);
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      // Unsigned calls are refused before they count: they cannot use up the channel's allowance.
      for (let i = 0; i < 10; i++) {
        const forged = await stack.inbound(DEMO_WEBHOOK_CHANNEL_ID, '{}', secret, 'sha256=forged');
        expect(forged.status).toBe(401);
      }
      const messagesBefore = await stack.db.query('SELECT COUNT(*) AS n FROM messages');
      let accepted = 0;
      for (let i = 0; i < 12; i++) {
        const body = JSON.stringify({
          externalMessageId: `limit-${i}`,
          client: { externalId: 'limit' },
          text: `n${i}`,
        });
        const response = await fetch(`${stack.running.url}/api/channels/${DEMO_WEBHOOK_CHANNEL_ID}/inbound`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-lineflow-signature': signed(secret, body) },
          body,
        });
        statuses.push(response.status);
        if (response.status === 202) accepted++;
        if (response.status === 429) {
          retryAfter = response.headers.get('retry-after');
          expect(((await response.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
        }
      }
      // earlier tests spent some of the channel's 8: at least one 429, and 202s only before it
      expect(statuses).toContain(429);
      expect(statuses.slice(statuses.indexOf(429)).every((s) => s === 429)).toBe(true);
      expect(Number(retryAfter)).toBeGreaterThan(0);
      await eventually(async () => {
        const [{ n }] = await stack.db.query('SELECT COUNT(*) AS n FROM messages');
        return Number(n) === Number(messagesBefore[0].n) + accepted ? true : undefined;
      });
    });

    it('exposes Prometheus metrics: requests by route, latencies, dialogs by status, activity timings', async () => {
      const response = await fetch(`${stack.running.url}/metrics`);
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text).toMatch(
        /lineflow_http_requests_total\{method="POST",route="\/api\/auth\/login",status="200"\} [1-9]/,
      );
      expect(text).toMatch(
        /lineflow_http_request_duration_seconds_bucket\{le="0\.1",method="GET",route="\/api\/dialogs\/:id"\}/,
      );
      expect(text).toMatch(/lineflow_dialogs\{status="[a-z_]+"\} [1-9]/);
      expect(text).toMatch(/lineflow_activity_duration_seconds_count\{activity="openDialog"\} [1-9]/);
      expect(text).toContain('# TYPE lineflow_activity_failures_total counter');
      // raw ids never become label values
      expect(text).not.toContain('no-such-id');
    });
  });
}

const signed = signBody;
