import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { verifyPassword } from '../../api/auth/password-hash';
import { signBody, SIGNATURE_HEADER } from '../../activities/delivery/webhook-signature';
import { openDatabase } from '../../db/data-source';
import { AuditRecordEntity, UserEntity, type AuditRecord, type User } from '../../db/entities';
import { DEMO_WEBHOOK_CHANNEL_ID } from '../../runtime/demo-seed';
import { startEmbeddedTemporal, type EmbeddedTemporal } from '../../runtime/embedded-temporal';
import { findFreePort } from '../../runtime/free-port';
import { PROJECT_ROOT } from '../../runtime/temporal-binaries';
import { ADMIN_PASSWORD, createMariadbDatabase, eventually, tempDir } from '../support/test-stack';

/**
 * The processes a user runs: `npm start` (embedded Temporal + SQLite) and `lineflow api` /
 * `lineflow worker` apart, against a separately started Temporal and MariaDB.
 */
interface Launched {
  child: ChildProcess;
  output: () => string;
  /** exit code, or the signal's name when the process ended by a signal */
  exited: Promise<number | string | null>;
}

function launch(command: string, args: string[], env: Record<string, string>): Launched {
  let output = '';
  const child = spawn(command, args, {
    cwd: PROJECT_ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    detached: true, // its own process group, so we can list everything it started
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | string | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal)),
  );
  return { child, output: () => output, exited };
}

const lineflow = (command: string, env: Record<string, string>) =>
  launch(process.execPath, ['--import', 'tsx', 'bin/lineflow.ts', command], env);

function processGroup(pgid: number): number[] {
  try {
    return execFileSync('pgrep', ['-g', String(pgid)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

async function waitForOutput(
  launched: Launched,
  pattern: RegExp,
  timeoutMs = 90_000,
): Promise<RegExpMatchArray> {
  return eventually(async () => {
    if (launched.child.exitCode !== null) throw new Error(`exited early:\n${launched.output()}`);
    return pattern.exec(launched.output()) ?? undefined;
  }, timeoutMs);
}

async function json(url: string, init: RequestInit = {}) {
  const response = await fetch(url, init);
  return { status: response.status, body: (await response.json()) as any };
}

async function login(base: string): Promise<string> {
  const { body } = await json(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@lineflow.local', password: ADMIN_PASSWORD }),
  });
  return body.token;
}

async function sendMessage(base: string, token: string, externalMessageId: string, text: string) {
  const { body: channel } = await json(`${base}/api/channels/${DEMO_WEBHOOK_CHANNEL_ID}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const body = JSON.stringify({ externalMessageId, client: { externalId: 'cli-client', name: 'Ann' }, text });
  return json(`${base}/api/channels/${DEMO_WEBHOOK_CHANNEL_ID}/inbound`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signBody(channel.secret, body) },
    body,
  });
}

const readMessages = (base: string, token: string, dialogId: string, count: number) =>
  eventually(async () => {
    const { status, body } = await json(`${base}/api/dialogs/${dialogId}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return status === 200 && body.messages.length === count ? body : undefined;
  });

/** Runs the README's "Send a message" bash block. */
async function runReadmeSnippet(env: Record<string, string>): Promise<string> {
  const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
  const block = [...readme.matchAll(/```bash\n([\s\S]*?)```/g)]
    .map((m) => m[1]!)
    .find((code) => code.includes('X-Lineflow-Signature'));
  if (!block) throw new Error('README has no bash block that sends a signed message');
  const { stdout } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', block], {
    env: { ...process.env, ...env },
    timeout: 30_000,
  });
  return stdout;
}

describe('npm start', () => {
  it('serves the slice, keeps dialogs across a restart and leaves no process behind on SIGTERM', async () => {
    const dataDir = tempDir();
    const env = {
      LINEFLOW_DATA_DIR: dataDir,
      PORT: String(await findFreePort()),
      LINEFLOW_ADMIN_PASSWORD: ADMIN_PASSWORD,
    };
    const base = `http://127.0.0.1:${env.PORT}`;

    const first = launch('npm', ['start', '--silent'], env);
    await waitForOutput(first, /Lineflow is running at/);
    expect(first.output()).toMatch(/admin@lineflow\.local\s+\(password from environment\)/);
    expect(first.output()).toMatch(/operator1@lineflow\.local\s+[A-Za-z0-9_-]{16}/); // generated, printed once
    expect((await json(`${base}/readyz`)).body.status).toBe('ready');
    let token = await login(base);
    const sent = await sendMessage(base, token, 'cli-1', 'before restart');
    expect(sent.status).toBe(202);
    await readMessages(base, token, sent.body.dialogId, 1);

    // npm relays SIGTERM to Lineflow and ends by the signal itself; what matters is that Lineflow and
    // the Temporal dev server it started are gone too.
    process.kill(first.child.pid!, 'SIGTERM');
    expect([0, 'SIGTERM']).toContain(await first.exited);
    await eventually(async () => (processGroup(first.child.pid!).length === 0 ? true : undefined), 15_000);

    const second = launch('npm', ['start', '--silent'], env);
    await waitForOutput(second, /Lineflow is running at/);
    expect(second.output()).not.toMatch(/seeded this database/);
    token = await login(base);
    const again = await sendMessage(base, token, 'cli-2', 'after restart');
    // the dialog's workflow survived the restart in the dev server's file and takes the next message
    expect(again.body.dialogId).toBe(sent.body.dialogId);
    const dialog = await readMessages(base, token, sent.body.dialogId, 2);
    expect(dialog.messages.map((m: { text: string }) => m.text)).toEqual(['before restart', 'after restart']);

    // README's copy-paste "Send a message" block, run as a user would
    const readmeOutput = await runReadmeSnippet({ BASE: base, ADMIN_PASSWORD });
    const readDialogFromReadme = JSON.parse(readmeOutput.trim().split('\n').at(-1)!);
    expect(readDialogFromReadme.messages.map((m: { text: string }) => m.text)).toEqual([
      'Hello, I need help',
    ]);
    expect(readDialogFromReadme.client.name).toBe('Ann');

    process.kill(-second.child.pid!, 'SIGINT'); // Ctrl-C reaches the whole foreground group
    await second.exited;
    await eventually(async () => (processGroup(second.child.pid!).length === 0 ? true : undefined), 15_000);
  });
});

describe('lineflow api and lineflow worker apart', () => {
  let temporal: EmbeddedTemporal;
  let drop = async () => {};
  afterAll(async () => {
    await temporal?.stop();
    await drop();
  });

  it('run as separate processes against an external Temporal and MariaDB', async () => {
    temporal = await startEmbeddedTemporal({ dataDir: tempDir(), namespace: 'default', ui: false });
    const database = await createMariadbDatabase();
    drop = database.drop;
    const env = {
      TEMPORAL_ADDRESS: temporal.address,
      DATABASE_URL: database.url,
      PORT: String(await findFreePort()),
      LINEFLOW_ADMIN_PASSWORD: ADMIN_PASSWORD,
    };
    const base = `http://127.0.0.1:${env.PORT}`;
    // the API migrates and seeds; start it first so the worker finds the schema
    const api = lineflow('api', env);
    await waitForOutput(api, /Lineflow is running at/);
    const worker = lineflow('worker', env);
    await waitForOutput(worker, /"msg":"worker running"|Worker state changed.*RUNNING/s);
    try {
      const token = await login(base);
      const sent = await sendMessage(base, token, 'apart-1', 'hello apart');
      expect(sent.status).toBe(202);
      const dialog = await readMessages(base, token, sent.body.dialogId, 1);
      expect(dialog.messages[0].text).toBe('hello apart');
    } finally {
      for (const p of [api, worker]) process.kill(p.child.pid!, 'SIGTERM');
    }
    expect(await api.exited).toBe(0);
    expect(await worker.exited).toBe(0);
  });

  it('migrates and seeds an empty database on request, once', async () => {
    const env = {
      LINEFLOW_DATA_DIR: tempDir(),
      LINEFLOW_ADMIN_PASSWORD: ADMIN_PASSWORD,
      LINEFLOW_SEED_DEMO: 'false',
    };
    const migrate = lineflow('migrate', env);
    expect(await migrate.exited).toBe(0);
    expect(migrate.output()).toContain('database schema is up to date (better-sqlite3)');
    const seed = lineflow('seed', env);
    expect(await seed.exited).toBe(0);
    expect(seed.output()).toMatch(/admin\s+admin@lineflow\.local/);
    expect(seed.output()).not.toContain('operator1@lineflow.local'); // LINEFLOW_SEED_DEMO=false: admin only
    const again = lineflow('seed', env);
    expect(await again.exited).toBe(0);
    expect(again.output()).toContain('nothing seeded');
  });

  it('resets a forgotten password: prints a new one, which replaces the old one', async () => {
    const dataDir = tempDir();
    const env = {
      LINEFLOW_DATA_DIR: dataDir,
      LINEFLOW_ADMIN_PASSWORD: ADMIN_PASSWORD,
      LINEFLOW_SEED_DEMO: 'false',
    };
    expect(await lineflow('seed', env).exited).toBe(0);
    const cli = ['--import', 'tsx', 'bin/lineflow.ts', 'reset-password'];
    const reset = launch(process.execPath, [...cli, 'admin@lineflow.local'], env);
    expect(await reset.exited).toBe(0);
    const password = /New password for admin@lineflow\.local: (\S+)/.exec(reset.output())?.[1];
    expect(password).toMatch(/^[A-Za-z0-9_-]{16}$/);
    const db = await openDatabase({ dataDir });
    try {
      const admin = await db
        .getRepository<User>(UserEntity)
        .findOneByOrFail({ email: 'admin@lineflow.local' });
      expect(await verifyPassword(password!, admin.passwordHash)).toBe(true);
      expect(await verifyPassword(ADMIN_PASSWORD, admin.passwordHash)).toBe(false);
      const audit = await db.getRepository<AuditRecord>(AuditRecordEntity).findBy({ entityId: admin.id });
      expect(audit).toEqual([
        expect.objectContaining({
          actorId: null,
          action: 'operator.update',
          changes: { password: expect.anything() },
        }),
      ]);
    } finally {
      await db.destroy();
    }
    const unknown = launch(process.execPath, [...cli, 'nobody@lineflow.local'], env);
    expect(await unknown.exited).toBe(1);
    expect(unknown.output()).toContain('No employee signs in as nobody@lineflow.local');
    expect(await launch(process.execPath, cli, env).exited).toBe(2); // no email
  });

  it('refuses to run apart without TEMPORAL_ADDRESS, saying which variable to set', async () => {
    const api = lineflow('api', { TEMPORAL_ADDRESS: '' });
    expect(await api.exited).toBe(1);
    expect(api.output()).toContain('set TEMPORAL_ADDRESS');
  });
});
