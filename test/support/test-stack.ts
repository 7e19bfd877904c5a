import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createConnection } from 'mysql2/promise';
import pino, { type Logger } from 'pino';
import {
  checkResponsesAgainstContract,
  takeResponseMismatches,
  type ResponseMismatch,
} from '../../api/operations/response-contract';
import { signBody, SIGNATURE_HEADER } from '../../activities/delivery/webhook-signature';
import { parseConfig, type LineflowConfig } from '../../runtime/config';
import { startLineflow, type RunningLineflow } from '../../runtime/lineflow';
import { WORKFLOW_BUNDLE_PATH } from './global-setup';
import { recordRouteCoverage } from './route-coverage';

export type Engine = 'sqlite' | 'mariadb';

/** The MariaDB every machine of ours runs (README.md, Tests); override for another server. */
export const MARIADB_ADMIN_URL = process.env.LINEFLOW_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';
export const ADMIN_PASSWORD = 'admin-secret-1';
export const DEMO_PASSWORD = 'demo-secret-1';

export function tempDir(prefix = 'lineflow-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A fresh database on the MariaDB server for one suite; `drop` removes it. */
export async function createMariadbDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `lineflow_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = await createConnection(MARIADB_ADMIN_URL).catch((error: Error) => {
    throw new Error(
      `MariaDB is not reachable at ${MARIADB_ADMIN_URL} (${error.message}). Start it ` +
        `(start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd) or set LINEFLOW_TEST_MYSQL_URL.`,
    );
  });
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  const url = new URL(MARIADB_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const conn = await createConnection(MARIADB_ADMIN_URL);
      await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await conn.end();
    },
  };
}

export function testConfig(env: Record<string, string | undefined>): LineflowConfig {
  return parseConfig({
    PORT: '0',
    LOG_LEVEL: 'silent',
    LINEFLOW_ADMIN_PASSWORD: ADMIN_PASSWORD,
    LINEFLOW_DEMO_PASSWORD: DEMO_PASSWORD,
    ...env,
  });
}

/**
 * Fails the calling test when an answer since the last check was not what the OpenAPI document says
 * (status, content type, response schema, error shape): every answer any suite gets is checked.
 */
export function failOnResponseMismatches(): void {
  const found: ResponseMismatch[] = takeResponseMismatches();
  if (found.length)
    throw new Error(
      `answers not as the OpenAPI document says:\n${found
        .map(
          (m) => `  ${m.route} ${m.status}: ${m.problem}${m.details ? ` ${JSON.stringify(m.details)}` : ''}`,
        )
        .join('\n')}`,
    );
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  /** the answer's headers (not enumerable, so `toEqual({ status, body })` still compares the answer) */
  headers: Headers;
}

/** A running Lineflow (embedded or given Temporal, SQLite or MariaDB) plus helpers to talk to it. */
export class TestStack {
  printed = '';
  private constructor(
    readonly running: RunningLineflow,
    readonly config: LineflowConfig,
  ) {}

  private dropDatabase?: () => Promise<void>;

  /**
   * A stack on a database of its own: a SQLite file in a new folder, or a new MariaDB database that
   * `stop` drops. `env` adds or overrides configuration.
   */
  static async startOn(
    engine: Engine,
    env: Record<string, string | undefined> = {},
    options: { logger?: Logger } = {},
  ): Promise<TestStack> {
    const database = engine === 'mariadb' ? await createMariadbDatabase() : undefined;
    try {
      const stack = await TestStack.start(
        testConfig({ LINEFLOW_DATA_DIR: tempDir(), DATABASE_URL: database?.url, ...env }),
        options,
      );
      stack.dropDatabase = database?.drop;
      return stack;
    } catch (error) {
      await database?.drop();
      throw error;
    }
  }

  /** The configuration of an API replica of this stack: same database, this stack's Temporal. */
  replicaConfig(): LineflowConfig {
    return testConfig({
      LINEFLOW_DATA_DIR: this.config.dataDir,
      DATABASE_URL: this.config.databaseUrl,
      TEMPORAL_ADDRESS: this.running.temporalAddress,
    });
  }

  /** `worker: false` starts an API replica only (another stack's worker runs the dialogs). */
  static async start(
    config: LineflowConfig,
    {
      worker = true,
      logger = pino({ level: 'silent' }),
      temporalDynamicConfig,
    }: { worker?: boolean; logger?: Logger; temporalDynamicConfig?: Record<string, string | number> } = {},
  ): Promise<TestStack> {
    checkResponsesAgainstContract();
    let printed = '';
    const running = await startLineflow(config, {
      api: true,
      worker,
      logger,
      print: (text) => (printed += `${text}\n`),
      workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH },
      temporalDynamicConfig,
    });
    const stack = new TestStack(running, config);
    stack.printed = printed;
    return stack;
  }

  get db() {
    return this.running.db;
  }

  async request<T = any>(
    method: string,
    urlPath: string,
    options: { json?: unknown; raw?: string | Buffer; token?: string; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    let body: string | Buffer | undefined = options.raw;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['content-type'] = 'application/json';
    }
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const response = await fetch(`${this.running.url}${urlPath}`, { method, headers, body });
    const text = await response.text();
    failOnResponseMismatches();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    // headers not enumerable: suites compare whole answers as { status, body }
    const answer = { status: response.status, body: parsed as T } as ApiResponse<T>;
    return Object.defineProperty(answer, 'headers', { value: response.headers, enumerable: false });
  }

  async login(email: string, password: string): Promise<string> {
    const response = await this.request('POST', '/api/auth/login', { json: { email, password } });
    if (response.status !== 200)
      throw new Error(`login ${email}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body.token;
  }

  async channelSecret(channelId: string): Promise<string> {
    const token = await this.login('admin@lineflow.local', ADMIN_PASSWORD);
    return (await this.request('GET', `/api/channels/${channelId}`, { token })).body.secret;
  }

  /** POSTs a raw body to a channel's inbound webhook, signed with `secret` unless a signature is given. */
  async inbound(channelId: string, body: string, secret: string, signature = signBody(secret, body)) {
    return this.request('POST', `/api/channels/${channelId}/inbound`, {
      raw: body,
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signature },
    });
  }

  async stop(): Promise<void> {
    await this.running.stop(); // first: event streams are counted when they close
    await recordRouteCoverage(this.config.databaseUrl ? 'mariadb' : 'sqlite');
    await this.dropDatabase?.();
    failOnResponseMismatches(); // answers the suite fetched itself (streams, raw calls)
  }
}

/** Polls until `probe` returns a value that is not undefined (the read model is written asynchronously). */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`condition not reached in ${timeoutMs} ms${last ? `: ${last}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
