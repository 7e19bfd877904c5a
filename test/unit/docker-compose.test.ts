import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ENV_VARIABLES, type ProcessRole } from '../../runtime/config';

/**
 * There is no Docker engine to run docker-compose.yml, so this checks what can be checked without one:
 * that every Lineflow process gets the variables runtime/config.ts says it needs, that the services
 * point at each other consistently, and that the image runs the Lineflow CLI.
 */
const ROOT = path.resolve(__dirname, '../..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

interface Service {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  environment?: Record<string, unknown> | string[];
  ports?: unknown[];
  container_name?: string;
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[] };
  volumes?: Array<string | { source?: string; target?: string }>;
}

interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

// `merge: true` resolves the `<<: *anchor` merge keys the way Docker Compose does.
const compose = parse(read('docker-compose.yml'), { merge: true }) as Compose;
const services = compose.services;

function service(name: string): Service {
  const found = services[name];
  if (!found) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
}

/** A service's environment as a map, whether written as a map or as a list of NAME=value. */
function environment(name: string): Record<string, string> {
  const env = service(name).environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => {
        const [key = '', ...value] = String(entry).split('=');
        return [key, value.join('=')];
      }),
    );
  }
  return Object.fromEntries(
    Object.entries(env).map(([key, value]) => [key, value == null ? '' : String(value)]),
  );
}

function command(name: string): string[] {
  const cmd = service(name).command;
  if (cmd === undefined) return [];
  return Array.isArray(cmd) ? cmd : cmd.trim().split(/\s+/);
}

function dependsOn(name: string): Record<string, string | undefined> {
  const deps = service(name).depends_on ?? [];
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((dep) => [dep, undefined]));
  return Object.fromEntries(Object.entries(deps).map(([dep, { condition } = {}]) => [dep, condition]));
}

const LINEFLOW_SERVICES: Record<ProcessRole, string> = { api: 'api', worker: 'worker' };
const DECLARED = new Set(ENV_VARIABLES.map((v) => v.name));

describe('docker-compose.yml', () => {
  it('has MySQL, Temporal with its UI, and the Lineflow API and worker built from the Dockerfile', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'mysql', 'temporal', 'temporal-ui', 'worker']);
    expect(service('mysql').image).toMatch(/^mysql:8(\.|$)/);
    expect(service('temporal').image).toMatch(/^temporalio\/auto-setup:\d+\.\d+/);
    expect(service('temporal-ui').image).toMatch(/^temporalio\/ui:\d+\.\d+/);
    for (const name of ['api', 'worker']) {
      const { build } = service(name);
      const { context, dockerfile = 'Dockerfile' } =
        typeof build === 'string' ? { context: build } : (build ?? {});
      expect({ name, context, dockerfile }).toEqual({ name, context: '.', dockerfile: 'Dockerfile' });
    }
    expect(service('api').image).toBe(service('worker').image);
  });

  it('gives every process each variable that ENV_VARIABLES requires in compose', () => {
    const required = ENV_VARIABLES.filter((v) => v.requiredInCompose);
    expect(required.length).toBeGreaterThan(0);
    const missing = required.flatMap((v) =>
      v.usedBy
        .map((role) => LINEFLOW_SERVICES[role])
        .filter((name) => !(environment(name)[v.name] ?? '').trim())
        .map((name) => `${name}: ${v.name}`),
    );
    expect(missing).toEqual([]);
  });

  it('sets only variables that ENV_VARIABLES declares on the API and worker', () => {
    const unknown = ['api', 'worker'].flatMap((name) =>
      Object.keys(environment(name))
        .filter((key) => !DECLARED.has(key))
        .map((key) => `${name}: ${key}`),
    );
    expect(unknown).toEqual([]);
  });

  it('sets only variables a process reads (a worker PORT would be a mistake, not a setting)', () => {
    const misplaced = (['api', 'worker'] as const).flatMap((role) =>
      Object.keys(environment(LINEFLOW_SERVICES[role]))
        .filter((key) => !ENV_VARIABLES.find((v) => v.name === key)?.usedBy.includes(role))
        .map((key) => `${role}: ${key}`),
    );
    expect(misplaced).toEqual([]);
  });

  it('makes the API reachable from outside its container', () => {
    const env = environment('api');
    expect(env.HOST).toBe('0.0.0.0');
    const port = env.PORT ?? '3000';
    expect(service('api').ports?.map(String)).toContain(`${port}:${port}`);
  });

  it('points the API and worker at the temporal service and at the database the mysql service creates', () => {
    const mysql = environment('mysql');
    expect(mysql.MYSQL_DATABASE).toBeTruthy();
    expect(mysql.MYSQL_USER).toBeTruthy();
    expect(mysql.MYSQL_PASSWORD).toBeTruthy();
    for (const name of ['api', 'worker']) {
      const env = environment(name);
      expect([name, env.TEMPORAL_ADDRESS]).toEqual([name, 'temporal:7233']);
      const url = new URL(env.DATABASE_URL ?? '');
      expect({
        name,
        protocol: url.protocol,
        host: url.hostname,
        port: url.port || '3306',
        user: decodeURIComponent(url.username),
        password: decodeURIComponent(url.password),
        database: url.pathname.replace(/^\//, ''),
      }).toEqual({
        name,
        protocol: 'mysql:',
        host: 'mysql',
        port: '3306',
        user: mysql.MYSQL_USER,
        password: mysql.MYSQL_PASSWORD,
        database: mysql.MYSQL_DATABASE,
      });
      expect([name, dependsOn(name)]).toEqual([
        name,
        expect.objectContaining({ mysql: 'service_healthy', temporal: expect.anything() }),
      ]);
    }
  });

  it('runs Temporal on the same MySQL, as a user that can create its databases, once MySQL is healthy', () => {
    const mysql = environment('mysql');
    const temporal = environment('temporal');
    expect(temporal).toEqual(
      expect.objectContaining({ DB: 'mysql8', MYSQL_SEEDS: 'mysql', MYSQL_USER: 'root' }),
    );
    expect(temporal.MYSQL_PWD).toBe(mysql.MYSQL_ROOT_PASSWORD);
    expect(dependsOn('temporal')).toEqual(expect.objectContaining({ mysql: 'service_healthy' }));
    expect(service('mysql').healthcheck?.test).toBeDefined();
    expect(environment('temporal-ui').TEMPORAL_ADDRESS).toBe('temporal:7233');
    expect(service('temporal-ui').ports?.map(String)).toContain('8080:8080');
  });

  it('keeps MySQL data in a named volume', () => {
    const mounts = (service('mysql').volumes ?? []).map((v) =>
      typeof v === 'string' ? v.split(':') : [v.source ?? '', v.target ?? ''],
    );
    const data = mounts.find(([, target]) => target === '/var/lib/mysql');
    expect(data).toBeDefined();
    expect(Object.keys(compose.volumes ?? {})).toContain(data![0]);
  });

  it('runs the api and worker commands, with a worker that can be scaled out', () => {
    expect(command('api')).toEqual(['api']);
    expect(command('worker')).toEqual(['worker']);
    expect(service('worker').container_name).toBeUndefined();
    expect(service('worker').ports ?? []).toEqual([]);
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  /** The exec-form (JSON array) arguments of the last instruction of a kind, as Docker uses the last one. */
  const execForm = (instruction: string): string[] => {
    const lines = dockerfile
      .split('\n')
      .filter((line) => line.trim().toUpperCase().startsWith(`${instruction} `));
    const last = lines.at(-1);
    if (!last) return [];
    return JSON.parse(last.trim().slice(instruction.length)) as string[];
  };

  it('runs the Lineflow CLI, so that a compose command is a lineflow command', () => {
    const entrypoint = execForm('ENTRYPOINT');
    expect(entrypoint.at(-1)).toBe('bin/lineflow.ts');
    expect(entrypoint).toContain('tsx');
    expect(execForm('CMD')).not.toContain('bin/lineflow.ts');
  });

  it('builds on Node 20 and keeps the host node_modules out of the build context', () => {
    const bases = [...dockerfile.matchAll(/^FROM\s+(\S+)/gim)].map((m) => m[1]);
    expect(bases.length).toBeGreaterThan(0);
    for (const base of bases) expect(base).toMatch(/^node:20[.-]/);
    const ignored = read('.dockerignore')
      .split('\n')
      .map((line) => line.trim().replace(/^\/|\/$/g, ''));
    expect(ignored).toContain('node_modules');
  });
});
