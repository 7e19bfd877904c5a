import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, ENV_VARIABLES, parseConfig } from '../../runtime/config';
import { TEMPORAL_BINARIES } from '../../runtime/temporal-binaries';

const CONFIG_SOURCE = path.join(__dirname, '..', '..', 'runtime', 'config.ts');

function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    parseConfig(env, '/srv/lineflow');
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('parseConfig accepted the environment');
}

describe('parseConfig', () => {
  it('uses the documented defaults for an empty environment', () => {
    expect(parseConfig({}, '/srv/lineflow')).toEqual({
      port: 3000,
      host: '127.0.0.1',
      dataDir: path.resolve('/srv/lineflow', 'data'),
      databaseUrl: undefined,
      temporal: {
        address: undefined,
        namespace: 'default',
        taskQueue: 'lineflow-dialogs',
        embeddedPort: undefined,
        embeddedUiPort: undefined,
      },
      seed: { adminPassword: undefined, demoPassword: undefined, demo: true },
      tokenTtlSeconds: 43200,
      logLevel: 'info',
      rateLimits: { perIp: 600, perChannel: 6000 },
      telegramApiBaseUrl: 'https://api.telegram.org',
      presenceGraceSeconds: 45,
    });
  });

  it('treats empty and blank values as unset', () => {
    const config = parseConfig(
      {
        PORT: '',
        HOST: '   ',
        DATABASE_URL: ' ',
        TEMPORAL_ADDRESS: '\t',
        LOG_LEVEL: '',
        LINEFLOW_SEED_DEMO: ' ',
      },
      '/srv/lineflow',
    );
    expect(config.port).toBe(3000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.temporal.address).toBeUndefined();
    expect(config.logLevel).toBe('info');
    expect(config.seed.demo).toBe(true);
  });

  it('reads every variable and trims the values', () => {
    const config = parseConfig(
      {
        PORT: ' 8080 ',
        HOST: ' 0.0.0.0 ',
        LINEFLOW_DATA_DIR: ' var/lineflow ',
        DATABASE_URL: ' mysql://lineflow:secret@db:3306/lineflow ',
        TEMPORAL_ADDRESS: ' temporal:7233 ',
        TEMPORAL_NAMESPACE: ' production ',
        TEMPORAL_TASK_QUEUE: ' dialogs-eu ',
        TEMPORAL_PORT: ' 7233 ',
        TEMPORAL_UI_PORT: ' 8233 ',
        LINEFLOW_ADMIN_PASSWORD: ' admin-secret ',
        LINEFLOW_DEMO_PASSWORD: ' demo-secret ',
        LINEFLOW_SEED_DEMO: ' false ',
        LINEFLOW_TOKEN_TTL: ' 600 ',
        LOG_LEVEL: ' debug ',
        LINEFLOW_RATE_LIMIT_IP: ' 60 ',
        LINEFLOW_RATE_LIMIT_CHANNEL: ' 0 ',
        TELEGRAM_API_BASE_URL: ' http://127.0.0.1:8081/ ',
        LINEFLOW_PRESENCE_GRACE: ' 5 ',
      },
      '/srv/lineflow',
    );
    expect(config).toEqual({
      port: 8080,
      host: '0.0.0.0',
      dataDir: path.resolve('/srv/lineflow', 'var/lineflow'),
      databaseUrl: 'mysql://lineflow:secret@db:3306/lineflow',
      temporal: {
        address: 'temporal:7233',
        namespace: 'production',
        taskQueue: 'dialogs-eu',
        embeddedPort: 7233,
        embeddedUiPort: 8233,
      },
      seed: { adminPassword: 'admin-secret', demoPassword: 'demo-secret', demo: false },
      tokenTtlSeconds: 600,
      logLevel: 'debug',
      rateLimits: { perIp: 60, perChannel: 0 },
      telegramApiBaseUrl: 'http://127.0.0.1:8081',
      presenceGraceSeconds: 5,
    });
  });

  it('keeps an absolute LINEFLOW_DATA_DIR as it is', () => {
    expect(parseConfig({ LINEFLOW_DATA_DIR: '/var/lib/lineflow' }, '/srv/lineflow').dataDir).toBe(
      path.resolve('/var/lib/lineflow'),
    );
  });

  it.each(['mysql://user:pass@db:3306/lineflow', 'mariadb://user:pass@db:3306/lineflow'])(
    'accepts DATABASE_URL=%s',
    (url) => {
      expect(parseConfig({ DATABASE_URL: url }, '/srv/lineflow').databaseUrl).toBe(url);
    },
  );

  it.each(['0', '65535'])('accepts PORT=%s at the edge of the range', (value) => {
    expect(parseConfig({ PORT: value }, '/srv/lineflow').port).toBe(Number(value));
  });

  it('reports every invalid variable at once in one ConfigError', () => {
    const invalid = {
      PORT: 'abc',
      TEMPORAL_UI_PORT: '70000',
      DATABASE_URL: 'postgres://x',
      TEMPORAL_ADDRESS: 'nohost',
      LINEFLOW_SEED_DEMO: 'maybe',
      LINEFLOW_TOKEN_TTL: '5',
      LOG_LEVEL: 'loud',
      LINEFLOW_ADMIN_PASSWORD: 'short',
      LINEFLOW_PRESENCE_GRACE: '0',
    };
    const error = configError(invalid);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ConfigError');
    expect(error.problems).toHaveLength(Object.keys(invalid).length);
    for (const name of Object.keys(invalid)) {
      expect(error.problems.filter((problem) => problem.startsWith(`${name} `))).toHaveLength(1);
      expect(error.message).toContain(name);
    }
    expect(error.problems).toContain('PORT must be a port number 0-65535, got "abc"');
    expect(error.problems).toContain('TEMPORAL_UI_PORT must be a port number 0-65535, got "70000"');
    expect(error.problems).toContain('TEMPORAL_ADDRESS must be host:port or [ipv6]:port, got "nohost"');
  });

  it.each([
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['PORT', '80.5'],
    ['TEMPORAL_PORT', 'seven'],
    ['DATABASE_URL', 'postgres://x'],
    ['DATABASE_URL', 'sqlite:///tmp/db'],
    ['TEMPORAL_ADDRESS', 'nohost'],
    ['TEMPORAL_ADDRESS', 'http://temporal:7233'],
    ['TEMPORAL_ADDRESS', 'temporal:port'],
    ['LINEFLOW_SEED_DEMO', 'maybe'],
    ['LINEFLOW_SEED_DEMO', 'no'],
    ['LINEFLOW_TOKEN_TTL', '5'],
    ['LINEFLOW_TOKEN_TTL', '59'],
    ['LINEFLOW_TOKEN_TTL', '3600.5'],
    ['LINEFLOW_TOKEN_TTL', 'forever'],
    ['LOG_LEVEL', 'loud'],
    ['LINEFLOW_ADMIN_PASSWORD', 'short'],
    ['LINEFLOW_DEMO_PASSWORD', '1234567'],
    ['LINEFLOW_RATE_LIMIT_IP', '-5'],
    ['LINEFLOW_RATE_LIMIT_CHANNEL', 'lots'],
  ])('rejects %s=%s, naming the variable', (name, value) => {
    const error = configError({ [name]: value });
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(new RegExp(`^${name} `));
  });

  it('accepts the smallest valid token ttl and password length', () => {
    const config = parseConfig(
      { LINEFLOW_TOKEN_TTL: '60', LINEFLOW_ADMIN_PASSWORD: '12345678', LINEFLOW_DEMO_PASSWORD: 'abcdefgh' },
      '/srv/lineflow',
    );
    expect(config.tokenTtlSeconds).toBe(60);
    expect(config.seed.adminPassword).toBe('12345678');
    expect(config.seed.demoPassword).toBe('abcdefgh');
  });

  it.each([
    ['PORT', '0x10'],
    ['PORT', '1e3'],
    ['LINEFLOW_TOKEN_TTL', '1e3'],
    ['LINEFLOW_TOKEN_TTL', '3600.5'],
    ['TEMPORAL_ADDRESS', 'temporal:99999'],
    ['TEMPORAL_ADDRESS', 'temporal:0'],
  ])('refuses %s=%s, which Number() alone would accept', (name, value) => {
    expect(configError({ [name]: value }).problems).toEqual([expect.stringContaining(name)]);
  });

  it.each(['api.telegram.org', 'ftp://api.telegram.org'])('refuses TELEGRAM_API_BASE_URL=%s', (value) => {
    expect(configError({ TELEGRAM_API_BASE_URL: value }).problems).toEqual([
      expect.stringContaining('TELEGRAM_API_BASE_URL'),
    ]);
  });

  it('reads LINEFLOW_TEMPORAL_UI_URL without its trailing slash, and refuses what is no http(s) URL', () => {
    expect(
      parseConfig({ LINEFLOW_TEMPORAL_UI_URL: ' https://temporal.example.com/ui/ ' }).temporal.uiUrl,
    ).toBe('https://temporal.example.com/ui');
    expect(parseConfig({}).temporal.uiUrl).toBeUndefined();
    expect(configError({ LINEFLOW_TEMPORAL_UI_URL: 'temporal:8233' }).problems).toEqual([
      expect.stringContaining('LINEFLOW_TEMPORAL_UI_URL'),
    ]);
  });

  it('accepts an IPv6 TEMPORAL_ADDRESS in brackets', () => {
    expect(parseConfig({ TEMPORAL_ADDRESS: '[::1]:7233' }, '/srv/lineflow').temporal.address).toBe(
      '[::1]:7233',
    );
  });
});

describe('ENV_VARIABLES', () => {
  const source = fs.readFileSync(CONFIG_SOURCE, 'utf8');
  const body = source.slice(source.indexOf('export function parseConfig'));
  const readByParseConfig = new Set([
    ...[...body.matchAll(/\b(?:text|port|perMinute)\(\s*'([A-Z0-9_]+)'/g)].map((match) => match[1]!),
    // `for (const name of ['A', 'B']) { ... text(name) ... }`
    ...[...body.matchAll(/for \(const \w+ of \[([^\]]*)\]\)/g)].flatMap((match) =>
      [...match[1]!.matchAll(/'([A-Z0-9_]+)'/g)].map((name) => name[1]!),
    ),
  ]);
  const declared = ENV_VARIABLES.map((variable) => variable.name);

  it('finds the variables parseConfig reads in its source', () => {
    expect(body.length).toBeGreaterThan(0);
    expect([...readByParseConfig]).toEqual(
      expect.arrayContaining(['PORT', 'DATABASE_URL', 'LINEFLOW_DEMO_PASSWORD', 'TEMPORAL_UI_PORT']),
    );
  });

  it('declares every variable parseConfig reads', () => {
    expect([...readByParseConfig].filter((name) => !declared.includes(name))).toEqual([]);
  });

  it('declares each variable once', () => {
    expect(new Set(declared).size).toBe(declared.length);
  });

  it('declares nothing that neither parseConfig nor the Temporal binary lookup reads', () => {
    const binaryVariables: string[] = Object.values(TEMPORAL_BINARIES).map((spec) => spec.envVar);
    expect(
      declared.filter((name) => !readByParseConfig.has(name) && !binaryVariables.includes(name)),
    ).toEqual([]);
  });
});
