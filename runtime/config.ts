import path from 'node:path';

/**
 * Every environment variable Lineflow reads, declared once. `parseConfig` reads them, the README's
 * configuration table describes them and test/unit/docker-compose.test.ts checks that docker-compose.yml
 * gives each process the variables it needs.
 */
export type ProcessRole = 'api' | 'worker';

export interface EnvVariable {
  name: string;
  description: string;
  /** Which separately deployed processes read the variable (`lineflow start` reads all of them). */
  usedBy: ProcessRole[];
  /** Must docker-compose set it for those processes? (false where the default suits a container too). */
  requiredInCompose: boolean;
}

const DECLARED_VARIABLES = [
  { name: 'PORT', description: 'HTTP port of the API', usedBy: ['api'], requiredInCompose: true },
  { name: 'HOST', description: 'interface the API listens on', usedBy: ['api'], requiredInCompose: true },
  {
    name: 'DATABASE_URL',
    description: 'mysql://user:pass@host:port/db; unset = SQLite file in LINEFLOW_DATA_DIR',
    usedBy: ['api', 'worker'],
    requiredInCompose: true,
  },
  {
    name: 'TEMPORAL_ADDRESS',
    description: 'host:port of a Temporal frontend; unset = embedded dev server (lineflow start only)',
    usedBy: ['api', 'worker'],
    requiredInCompose: true,
  },
  {
    name: 'TEMPORAL_NAMESPACE',
    description: 'Temporal namespace',
    usedBy: ['api', 'worker'],
    requiredInCompose: true,
  },
  {
    name: 'TEMPORAL_TASK_QUEUE',
    description: 'task queue of the dialog workflows',
    usedBy: ['api', 'worker'],
    requiredInCompose: true,
  },
  {
    name: 'LINEFLOW_DATA_DIR',
    description: 'where the embedded SQLite files live',
    usedBy: ['api', 'worker'],
    requiredInCompose: false,
  },
  {
    name: 'TEMPORAL_PORT',
    description: 'frontend port of the embedded dev server; unset = a free port',
    usedBy: [],
    requiredInCompose: false,
  },
  {
    name: 'TEMPORAL_UI_PORT',
    description: 'web UI port of the embedded dev server; unset = a free port',
    usedBy: [],
    requiredInCompose: false,
  },
  {
    name: 'LINEFLOW_TEMPORAL_UI_URL',
    description:
      "base URL of Temporal's web UI, for admins' links to a dialog's workflow; unset = the embedded dev server's UI",
    usedBy: ['api'],
    requiredInCompose: false,
  },
  {
    name: 'TEMPORAL_CLI_PATH',
    description: 'path of the `temporal` CLI binary (else PATH, ./.cache, SDK download, pip)',
    usedBy: [],
    requiredInCompose: false,
  },
  {
    name: 'TEMPORAL_TEST_SERVER_PATH',
    description: 'path of the `temporal-test-server` binary used by the time-skipping tests',
    usedBy: [],
    requiredInCompose: false,
  },
  {
    name: 'LINEFLOW_ADMIN_PASSWORD',
    description: 'password of admin@lineflow.local on first start; unset = random, printed once',
    usedBy: ['api'],
    requiredInCompose: false,
  },
  {
    name: 'LINEFLOW_DEMO_PASSWORD',
    description: 'password of the demo supervisor and operators; unset = random, printed once',
    usedBy: ['api'],
    requiredInCompose: false,
  },
  {
    name: 'LINEFLOW_SEED_DEMO',
    description: 'false = seed only the admin, no demo line',
    usedBy: ['api'],
    requiredInCompose: false,
  },
  {
    name: 'LINEFLOW_TOKEN_TTL',
    description: 'lifetime of login tokens in seconds',
    usedBy: ['api'],
    requiredInCompose: false,
  },
  { name: 'LOG_LEVEL', description: 'pino log level', usedBy: ['api', 'worker'], requiredInCompose: false },
  {
    name: 'LINEFLOW_RATE_LIMIT_IP',
    description: 'requests a minute one IP may make to public and livechat routes (0 = no limit)',
    usedBy: ['api'],
    requiredInCompose: false,
  },
  {
    name: 'LINEFLOW_RATE_LIMIT_CHANNEL',
    description: 'inbound requests a minute one channel may receive (0 = no limit)',
    usedBy: ['api'],
    requiredInCompose: false,
  },
  {
    name: 'LINEFLOW_PRESENCE_GRACE',
    description: 'seconds an employee stays online after their last inbox tab closed',
    usedBy: ['api'],
    requiredInCompose: false,
  },
  {
    name: 'TELEGRAM_API_BASE_URL',
    description: 'base URL of the Telegram Bot API the worker sends replies through',
    usedBy: ['worker'],
    requiredInCompose: false,
  },
] as const satisfies readonly EnvVariable[];
export const ENV_VARIABLES: readonly EnvVariable[] = DECLARED_VARIABLES;

/** The name of a declared variable: code elsewhere that names one is checked against the list. */
export type EnvName = (typeof DECLARED_VARIABLES)[number]['name'];

export interface LineflowConfig {
  port: number;
  host: string;
  dataDir: string;
  /** undefined = embedded SQLite */
  databaseUrl?: string;
  temporal: {
    /** undefined = start the embedded dev server */
    address?: string;
    namespace: string;
    taskQueue: string;
    embeddedPort?: number;
    embeddedUiPort?: number;
    /** Temporal's web UI (no trailing slash); undefined: the embedded dev server's, if any */
    uiUrl?: string;
  };
  seed: { adminPassword?: string; demoPassword?: string; demo: boolean };
  tokenTtlSeconds: number;
  logLevel: string;
  /** requests a minute; 0 = no limit. Counted per API process (see api/operations/rate-limit.ts). */
  rateLimits: { perIp: number; perChannel: number };
  /** where `sendMessage` goes, without a trailing slash (tests point it at a local fake) */
  telegramApiBaseUrl: string;
  /** how long someone stays online after their last inbox stream closed (api/live/presence-tracker.ts) */
  presenceGraceSeconds: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Reads the environment once, listing every invalid variable at once. */
export function parseConfig(env: Env = process.env, cwd = process.cwd()): LineflowConfig {
  const problems: string[] = [];
  const text = (name: EnvName): string | undefined => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  const port = (name: EnvName, fallback?: number): number | undefined => {
    const value = text(name);
    if (value === undefined) return fallback;
    const n = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
    if (!(n >= 0 && n <= 65535)) {
      problems.push(`${name} must be a port number 0-65535, got "${value}"`);
      return fallback;
    }
    return n;
  };

  const databaseUrl = text('DATABASE_URL');
  if (databaseUrl && !/^(mysql|mariadb):\/\//.test(databaseUrl)) {
    problems.push(`DATABASE_URL must start with mysql:// or mariadb:// (unset it for embedded SQLite)`);
  }
  const address = text('TEMPORAL_ADDRESS');
  const addressPort = address && /^(?:\[[0-9a-fA-F:.]+\]|[^\s:/[\]]+):(\d{1,5})$/.exec(address)?.[1];
  if (address && !(Number(addressPort) >= 1 && Number(addressPort) <= 65535)) {
    problems.push(`TEMPORAL_ADDRESS must be host:port or [ipv6]:port, got "${address}"`);
  }
  const seedDemo = text('LINEFLOW_SEED_DEMO') ?? 'true';
  if (!['true', 'false'].includes(seedDemo)) problems.push(`LINEFLOW_SEED_DEMO must be true or false`);
  const ttlText = text('LINEFLOW_TOKEN_TTL') ?? String(12 * 3600);
  const ttl = /^\d{1,9}$/.test(ttlText) ? Number(ttlText) : NaN;
  if (!(ttl >= 60)) problems.push(`LINEFLOW_TOKEN_TTL must be an integer ≥ 60 (seconds)`);
  const perMinute = (name: EnvName, fallback: number): number => {
    const value = text(name) ?? String(fallback);
    if (!/^\d{1,7}$/.test(value))
      problems.push(`${name} must be a whole number of requests a minute (0 = no limit)`);
    return Number(value) || 0;
  };
  const rateLimits = {
    perIp: perMinute('LINEFLOW_RATE_LIMIT_IP', 600),
    perChannel: perMinute('LINEFLOW_RATE_LIMIT_CHANNEL', 6000),
  };
  const graceText = text('LINEFLOW_PRESENCE_GRACE') ?? '45';
  const presenceGraceSeconds = /^\d{1,6}$/.test(graceText) ? Number(graceText) : NaN;
  if (!(presenceGraceSeconds >= 1))
    problems.push(`LINEFLOW_PRESENCE_GRACE must be a whole number of seconds ≥ 1`);
  const logLevel = text('LOG_LEVEL') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const telegramApiBaseUrl = (text('TELEGRAM_API_BASE_URL') ?? 'https://api.telegram.org').replace(
    /\/+$/,
    '',
  );
  if (!URL.canParse(telegramApiBaseUrl) || !/^https?:\/\//.test(telegramApiBaseUrl))
    problems.push(`TELEGRAM_API_BASE_URL must be an http(s) URL, got "${telegramApiBaseUrl}"`);
  const temporalUiUrl = text('LINEFLOW_TEMPORAL_UI_URL')?.replace(/\/+$/, '');
  if (temporalUiUrl !== undefined && !(URL.canParse(temporalUiUrl) && /^https?:\/\//.test(temporalUiUrl)))
    problems.push(`LINEFLOW_TEMPORAL_UI_URL must be an http(s) URL, got "${temporalUiUrl}"`);
  for (const name of ['LINEFLOW_ADMIN_PASSWORD', 'LINEFLOW_DEMO_PASSWORD'] as const) {
    const value = text(name);
    if (value !== undefined && value.length < 8) problems.push(`${name} must have at least 8 characters`);
  }

  const config: LineflowConfig = {
    port: port('PORT', 3000) ?? 3000,
    host: text('HOST') ?? '127.0.0.1',
    dataDir: path.resolve(cwd, text('LINEFLOW_DATA_DIR') ?? 'data'),
    databaseUrl,
    temporal: {
      address,
      namespace: text('TEMPORAL_NAMESPACE') ?? 'default',
      taskQueue: text('TEMPORAL_TASK_QUEUE') ?? 'lineflow-dialogs',
      embeddedPort: port('TEMPORAL_PORT'),
      embeddedUiPort: port('TEMPORAL_UI_PORT'),
      ...(temporalUiUrl !== undefined ? { uiUrl: temporalUiUrl } : {}),
    },
    seed: {
      adminPassword: text('LINEFLOW_ADMIN_PASSWORD'),
      demoPassword: text('LINEFLOW_DEMO_PASSWORD'),
      demo: seedDemo !== 'false',
    },
    tokenTtlSeconds: ttl,
    logLevel,
    rateLimits,
    telegramApiBaseUrl,
    presenceGraceSeconds,
  };
  if (problems.length) throw new ConfigError(problems);
  return config;
}
