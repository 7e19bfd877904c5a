import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { createConnection } from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import type { BenchServerOptions } from '../bench/bench-server';
import { http, type Operator } from '../bench/drivers';
import { describeMachine } from '../bench/machine';
import { Progress } from '../bench/progress';
import { summarize } from '../bench/stats';
import { openDatabase } from '../db/data-source';
import { OutboundMessageEntity, type OutboundMessage } from '../db/entities';
import { DEMO_LINE_ID, DEMO_WEBHOOK_CHANNEL_ID } from '../runtime/demo-seed';
import { findFreePort } from '../runtime/free-port';
import { WORKFLOWS_PATH } from '../worker/dialog-worker';
import { ChaosTraffic, type DialogRecord } from './chaos-traffic';
import { Cluster, TemporalServer, type Slot } from './cluster';
import { checkInvariants, LoadSampler, type InvariantResult } from './invariants';
import type { ChaosEngine, ChaosOptions, FaultKind } from './options';
import { PrivateMariadb } from './private-mariadb';
import { renderReliability } from './report-markdown';
import { WebhookReceiver } from './webhook-receiver';

const TASK_QUEUE = 'lineflow-dialogs';
/** the load limits the run holds the routing to (issue 14: no operator goes over their limit) */
const LINE_LIMIT = 3;
const OPERATOR_ONE_LIMIT = 2;
/** how long the run waits, after the last dialog, for the outbox to deliver what is still pending */
const DRAIN_MS = 180_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const between = (lo: number, hi: number) => lo + Math.random() * (hi - lo);
const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)]!;

/** One injected fault: when it began, when the harness undid it, and what the system did meanwhile. */
export interface FaultRecord {
  kind: FaultKind;
  label: string;
  startedAt: number;
  restoredAt: number;
  /** fault start → the first timeline entry written after it (a dialog served again) */
  firstServedAfterFaultMs: number | null;
  /** restore → the first timeline entry written after it */
  firstServedAfterRestoreMs: number | null;
  /** the longest time without any dialog served, from the fault's start to a minute after its end */
  longestStallMs: number | null;
}

type Injected = Omit<FaultRecord, 'firstServedAfterFaultMs' | 'firstServedAfterRestoreMs' | 'longestStallMs'>;

export interface EngineRun {
  engine: ChaosEngine;
  topology: string;
  durationSeconds: number;
  dialogs: number;
  completed: number;
  failures: string[];
  endToEndMs: ReturnType<typeof summarize>;
  clientRetries: number;
  networkErrors: number;
  serverErrors: { status503: number; status500: number; other: number; samples: string[] };
  faults: FaultRecord[];
  faultsNotApplicable: FaultKind[];
  invariants: InvariantResult[];
  violations: number;
  notes: Record<string, number>;
  processes: Array<{ name: string; starts: number; unexpectedExits: number }>;
  receiver: { receipts: number; refused: number; heldPastTimeout: number };
}

/** Everything one engine's run needs to inject faults. */
interface Rig {
  engine: ChaosEngine;
  options: ChaosOptions;
  cluster: Cluster;
  temporal: TemporalServer;
  mariadb?: PrivateMariadb;
  receiver: WebhookReceiver;
  traffic: ChaosTraffic;
  log: (line: string) => void;
}

/** worker-kill: `kill -9` of a random worker at a random moment, started again after a few seconds. */
async function killWorkers(rig: Rig, times: number, label = 'worker-kill'): Promise<Injected[]> {
  const out: Injected[] = [];
  for (let i = 0; i < times; i++) {
    await sleep(between(2_000, 6_000));
    const slot = pick(rig.cluster.workers.filter((w) => !w.down));
    if (!slot) continue;
    const startedAt = Date.now();
    rig.log(`${label} ${i + 1}/${times}: kill -9 ${slot.name} (pid ${slot.handle?.pid})`);
    await rig.cluster.kill(slot);
    await sleep(between(3_000, 5_000));
    await rig.cluster.start(slot);
    out.push({
      kind: 'worker-kill',
      label: `${label} ${i + 1}: ${slot.name}`,
      startedAt,
      restoredAt: Date.now(),
    });
  }
  return out;
}

/** api-kill: `kill -9` of an API process while requests are in flight to it; back after 3 s. */
async function killApis(rig: Rig, times: number, label = 'api-kill'): Promise<Injected[]> {
  const out: Injected[] = [];
  for (let i = 0; i < times; i++) {
    await sleep(between(2_000, 5_000));
    const slot = pick(rig.cluster.apis.filter((a) => !a.down));
    if (!slot) continue;
    const index = rig.cluster.apis.indexOf(slot);
    const waitUntil = Date.now() + 10_000;
    while (rig.traffic.inFlight[index]! === 0 && Date.now() < waitUntil) await sleep(5);
    const inFlight = rig.traffic.inFlight[index]!;
    const startedAt = Date.now();
    rig.log(`${label} ${i + 1}/${times}: kill -9 ${slot.name} with ${inFlight} requests in flight`);
    await rig.cluster.kill(slot);
    await sleep(3_000);
    await rig.cluster.start(slot);
    out.push({
      kind: 'api-kill',
      label: `${label} ${i + 1}: ${slot.name}, ${inFlight} requests in flight`,
      startedAt,
      restoredAt: Date.now(),
    });
  }
  return out;
}

async function stopTemporal(rig: Rig, seconds: number, label = 'temporal-stop'): Promise<Injected> {
  const startedAt = Date.now();
  rig.log(`${label}: the Temporal dev server stops for ${seconds} s`);
  await rig.temporal.stop();
  await sleep(seconds * 1000);
  await rig.temporal.start();
  return { kind: 'temporal-stop', label: `${label}: ${seconds} s`, startedAt, restoredAt: Date.now() };
}

async function stopMariadb(rig: Rig, seconds: number, label = 'mariadb-stop'): Promise<Injected> {
  const startedAt = Date.now();
  rig.log(`${label}: kill -9 of the private mariadbd (pid ${rig.mariadb!.pid}) for ${seconds} s`);
  await rig.mariadb!.kill();
  await sleep(seconds * 1000);
  await rig.mariadb!.start();
  return { kind: 'mariadb-stop', label: `${label}: ${seconds} s`, startedAt, restoredAt: Date.now() };
}

async function smallCache(rig: Rig, seconds: number): Promise<Injected> {
  const startedAt = Date.now();
  rig.log(`small-cache: the workers restart with a workflow cache of ${rig.options.smallCache}`);
  const before = rig.cluster.workers.map((w) => w.options);
  for (const slot of rig.cluster.workers)
    await rig.cluster.replace(slot, { ...slot.options, maxCachedWorkflows: rig.options.smallCache });
  await sleep(seconds * 1000);
  for (const [i, slot] of rig.cluster.workers.entries()) await rig.cluster.replace(slot, before[i]!);
  return {
    kind: 'small-cache',
    label: `small-cache: ${rig.cluster.workers.length} worker(s) with a cache of ${rig.options.smallCache} for ${seconds} s`,
    startedAt,
    restoredAt: Date.now(),
  };
}

async function failWebhook(rig: Rig, seconds: number, label = 'webhook-failing'): Promise<Injected> {
  const startedAt = Date.now();
  rig.log(`${label}: the receiver answers 500 for ${seconds / 2} s, then times out for ${seconds / 2} s`);
  rig.receiver.mode = 'error500';
  await sleep((seconds / 2) * 1000);
  rig.receiver.mode = 'timeout';
  await sleep((seconds / 2) * 1000);
  rig.receiver.mode = 'ok';
  return { kind: 'webhook-failing', label: `${label}: ${seconds} s`, startedAt, restoredAt: Date.now() };
}

/** mixed: several faults at random moments of one minute, overlapping. */
async function mixed(rig: Rig): Promise<Injected[]> {
  const window = 60_000;
  const at = <T>(ms: number, run: () => Promise<T>) => sleep(ms).then(run);
  const runs: Array<Promise<Injected | Injected[]>> = [
    at(between(0, window / 2), () => killWorkers(rig, 3, 'mixed: worker-kill')),
    at(between(0, window), () => killApis(rig, 1, 'mixed: api-kill')),
    at(between(0, window - 15_000), () => failWebhook(rig, 10, 'mixed: webhook-failing')),
    at(between(0, window / 2), () =>
      stopTemporal(rig, rig.options.temporalOutageSeconds, 'mixed: temporal-stop'),
    ),
  ];
  if (rig.mariadb)
    runs.push(
      at(between(0, window / 2), () =>
        stopMariadb(rig, Math.min(20, rig.options.mariadbOutageSeconds), 'mixed: mariadb-stop'),
      ),
    );
  return (await Promise.all(runs)).flat().map((f) => ({ ...f, kind: 'mixed' as const }));
}

/** About how long a schedule lasts, so the dialogs can be spread over it. */
function scheduleSeconds(options: ChaosOptions, faults: FaultKind[]): number {
  const each: Record<FaultKind, number> = {
    'worker-kill': options.workerKills * 12,
    'api-kill': options.apiKills * 9,
    'temporal-stop': options.temporalOutageSeconds + 3,
    'mariadb-stop': options.mariadbOutageSeconds + 2,
    'small-cache': options.smallCacheSeconds + 20,
    'webhook-failing': options.webhookOutageSeconds,
    mixed: 70,
  };
  return faults.reduce((s, f) => s + each[f] + options.gapSeconds, options.gapSeconds);
}

async function runSchedule(rig: Rig, faults: FaultKind[]): Promise<Injected[]> {
  const { options } = rig;
  const out: Injected[] = [];
  await sleep(options.gapSeconds * 1000);
  for (const fault of faults) {
    switch (fault) {
      case 'worker-kill':
        out.push(...(await killWorkers(rig, options.workerKills)));
        break;
      case 'api-kill':
        out.push(...(await killApis(rig, options.apiKills)));
        break;
      case 'temporal-stop':
        out.push(await stopTemporal(rig, options.temporalOutageSeconds));
        break;
      case 'mariadb-stop':
        out.push(await stopMariadb(rig, options.mariadbOutageSeconds));
        break;
      case 'small-cache':
        out.push(await smallCache(rig, options.smallCacheSeconds));
        break;
      case 'webhook-failing':
        out.push(await failWebhook(rig, options.webhookOutageSeconds));
        break;
      case 'mixed':
        out.push(...(await mixed(rig)));
        break;
    }
    await sleep(options.gapSeconds * 1000);
  }
  return out;
}

/** The recovery figures of a fault, from the server times of the timeline entries heard. */
export function recoveryOf(fault: Injected, served: number[], nextFaultAt = Infinity): FaultRecord {
  const sorted = [...served].sort((a, b) => a - b);
  const firstAfter = (t: number) => sorted.find((s) => s > t);
  const afterFault = firstAfter(fault.startedAt);
  const afterRestore = firstAfter(fault.restoredAt);
  // a minute after the fault, or until the next fault began (its stall is its own)
  const end = Math.max(fault.restoredAt, Math.min(fault.restoredAt + 60_000, nextFaultAt));
  let longest = 0;
  let previous = fault.startedAt;
  for (const s of sorted) {
    if (s <= fault.startedAt) continue;
    if (s > end) break;
    longest = Math.max(longest, s - previous);
    previous = s;
  }
  return {
    ...fault,
    firstServedAfterFaultMs: afterFault === undefined ? null : Math.round(afterFault - fault.startedAt),
    firstServedAfterRestoreMs:
      afterRestore === undefined ? null : Math.round(afterRestore - fault.restoredAt),
    longestStallMs: afterFault === undefined ? null : Math.round(longest),
  };
}

async function waitForOutbox(db: DataSource, log: (line: string) => void): Promise<void> {
  const deadline = Date.now() + DRAIN_MS;
  for (;;) {
    const pending = await db
      .getRepository<OutboundMessage>(OutboundMessageEntity)
      .countBy({ status: 'pending' })
      .catch(() => -1);
    if (pending === 0) return;
    if (Date.now() > deadline) {
      log(`outbox: ${pending} messages still pending after ${DRAIN_MS / 1000} s`);
      return;
    }
    await sleep(1_000);
  }
}

async function runEngine(
  options: ChaosOptions,
  engine: ChaosEngine,
  bundlePath: string,
  root: string,
  log: (line: string) => void,
): Promise<EngineRun> {
  const started = Date.now();
  const dataDir = fs.mkdtempSync(path.join(root, `${engine}-`));
  const adminPassword = randomBytes(12).toString('hex');
  const demoPassword = randomBytes(12).toString('hex');
  const faults = options.faults.filter((f) => f !== 'mariadb-stop' || engine === 'mariadb');
  const faultsNotApplicable = options.faults.filter((f) => !faults.includes(f));
  const apiCount = engine === 'mariadb' ? 2 : 1;
  const workerCount = engine === 'mariadb' ? 2 : 1;
  let mariadb: PrivateMariadb | undefined;
  let databaseUrl: string | undefined;
  if (engine === 'mariadb') {
    log('mariadb: a private mariadbd on its own data directory and port');
    mariadb = await PrivateMariadb.create(path.join(dataDir, 'mariadb'));
    const admin = await createConnection(mariadb.url());
    await admin.query('CREATE DATABASE lineflow CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci');
    await admin.end();
    databaseUrl = mariadb.url('lineflow');
  }
  const temporal = new TemporalServer(dataDir, await findFreePort());
  const receiver = await WebhookReceiver.start();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LINEFLOW_DATA_DIR: dataDir,
    LINEFLOW_ADMIN_PASSWORD: adminPassword,
    LINEFLOW_DEMO_PASSWORD: demoPassword,
    LINEFLOW_SEED_DEMO: 'true',
    LINEFLOW_RATE_LIMIT_IP: '0',
    LINEFLOW_RATE_LIMIT_CHANNEL: '0',
    LOG_LEVEL: 'warn',
    TEMPORAL_TASK_QUEUE: TASK_QUEUE,
    TEMPORAL_NAMESPACE: 'default',
  };
  delete env.TEMPORAL_ADDRESS;
  delete env.DATABASE_URL;
  delete env.PORT;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  const cluster = new Cluster(env, dataDir, log);
  let db: DataSource | undefined;
  let sampler: LoadSampler | undefined;
  let traffic: ChaosTraffic | undefined;
  try {
    await temporal.start();
    const common: Partial<BenchServerOptions> = {
      temporalAddress: temporal.address,
      baseline: false,
      workflowBundlePath: bundlePath,
    };
    const apis: Slot[] = [];
    for (let i = 0; i < apiCount; i++)
      apis.push(cluster.add('api', { role: 'api', ...common, port: await findFreePort() }));
    for (let i = 0; i < workerCount; i++)
      cluster.add('worker', { role: 'worker', ...common, exitOnFatal: true });
    await cluster.start(apis[0]!); // the first API seeds the database
    await Promise.all(cluster.slots.slice(1).map((slot) => cluster.start(slot)));
    const urls = cluster.apis.map((a) => `http://127.0.0.1:${a.options.port}`);
    log(`${engine}: ${apiCount} API, ${workerCount} worker processes; Temporal at ${temporal.address}`);

    const url = urls[0]!;
    const login = async (email: string, password: string) => {
      const answer = await http('POST', `${url}/api/auth/login`, { json: { email, password } });
      if (answer.status !== 200) throw new Error(`login ${email}: ${answer.status}`);
      return answer.body as { token: string; user: { id: string } };
    };
    const must = async (answer: Promise<{ status: number; body: unknown }>, what: string) => {
      const a = await answer;
      if (a.status >= 300) throw new Error(`${what}: ${a.status} ${JSON.stringify(a.body)}`);
      return a.body as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    };
    const token = (await login('admin@lineflow.local', adminPassword)).token;
    await must(
      http('PATCH', `${url}/api/channels/${DEMO_WEBHOOK_CHANNEL_ID}`, {
        token,
        json: { config: { outboundUrl: receiver.url } },
      }),
      'webhook outboundUrl',
    );
    const secret = (
      await must(http('GET', `${url}/api/channels/${DEMO_WEBHOOK_CHANNEL_ID}`, { token }), 'channel')
    ).secret as string;
    const line = await must(http('GET', `${url}/api/lines/${DEMO_LINE_ID}`, { token }), 'line');
    await must(
      http('PATCH', `${url}/api/lines/${DEMO_LINE_ID}`, {
        token,
        json: { settings: { ...line.settings, loadLimit: { enabled: true, max: LINE_LIMIT } } },
      }),
      'line load limit',
    );
    const operators: Operator[] = [];
    for (const n of [1, 2, 3]) {
      const { token: t, user } = await login(`operator${n}@lineflow.local`, demoPassword);
      await must(http('POST', `${url}/api/me/presence`, { token: t, json: { online: true } }), 'presence');
      operators.push({ id: user.id, token: t });
    }
    await must(
      http('PATCH', `${url}/api/operators/${operators[0]!.id}`, {
        token,
        json: { maxOpenDialogs: OPERATOR_ONE_LIMIT },
      }),
      'operator limit',
    );

    db = await openDatabase({ databaseUrl, dataDir });
    sampler = new LoadSampler(db, DEMO_LINE_ID, engine === 'sqlite' ? 500 : 250);
    sampler.start();
    traffic = new ChaosTraffic(urls, DEMO_WEBHOOK_CHANNEL_ID, secret, operators);
    traffic.open();
    const rig: Rig = { engine, options, cluster, temporal, mariadb, receiver, traffic, log };

    const span = scheduleSeconds(options, faults);
    const interval = (span * 1000) / options.dialogs;
    log(
      `${engine}: ${options.dialogs} dialogs over about ${Math.round(span)} s; faults: ${faults.join(', ')}`,
    );
    const progress = new Progress(`chaos ${engine}`, options.dialogs, options.quiet ? null : process.stderr);
    const runId = Date.now().toString(36);
    const t0 = Date.now();
    const dialogs: Array<Promise<DialogRecord>> = [];
    const arrivals = (async () => {
      for (let i = 0; i < options.dialogs; i++) {
        const wait = t0 + i * interval - Date.now();
        if (wait > 0) await sleep(wait);
        dialogs.push(
          traffic!.runDialog(`${engine}-${runId}-${i}`).then((r) => {
            progress.tick(r.ok);
            return r;
          }),
        );
      }
    })();
    const injected = await runSchedule(rig, faults);
    await arrivals;
    const records = await Promise.all(dialogs);
    progress.finish();
    await waitForOutbox(db, log);
    sampler.stop();
    traffic.close();

    const connection = await Connection.connect({ address: temporal.address });
    let checked;
    try {
      checked = await checkInvariants({
        db,
        temporal: new Client({ connection, namespace: 'default' }),
        lineId: DEMO_LINE_ID,
        records,
        receiver,
        sampler,
        serverErrors: traffic.serverErrors,
        answers: traffic.answers,
      });
    } finally {
      await connection.close();
    }
    const ok = records.filter((r) => r.ok);
    const errors = traffic.serverErrors;
    return {
      engine,
      topology:
        engine === 'mariadb'
          ? '2 API + 2 worker processes, a private MariaDB server, the embedded Temporal dev server (file DB)'
          : '1 API + 1 worker process, SQLite, the embedded Temporal dev server (file DB)',
      durationSeconds: Math.round((Date.now() - started) / 1000),
      dialogs: records.length,
      completed: ok.length,
      failures: [
        ...new Set(records.filter((r) => !r.ok).map((r) => `${r.dialogId ?? r.key}: ${r.error}`)),
      ].slice(0, 10),
      endToEndMs: summarize(ok.map((r) => r.finishedAt! - r.startedAt)),
      clientRetries: records.reduce((n, r) => n + r.retries, 0),
      networkErrors: traffic.networkErrors,
      serverErrors: {
        status503: errors.filter((e) => e.status === 503).length,
        status500: errors.filter((e) => e.status === 500).length,
        other: errors.filter((e) => e.status !== 503 && e.status !== 500).length,
        samples: [...new Set(errors.map((e) => `${e.status} ${e.route}: ${e.body.slice(0, 120)}`))].slice(
          0,
          5,
        ),
      },
      faults: injected.map((f) =>
        recoveryOf(
          f,
          // for the receiver's outage, served = a message delivered to it
          /webhook/.test(f.label) ? receiver.receipts.map((r) => r.at) : traffic!.served,
          f.kind === 'mixed'
            ? Infinity
            : Math.min(...injected.filter((g) => g.startedAt > f.startedAt).map((g) => g.startedAt)),
        ),
      ),
      faultsNotApplicable,
      invariants: checked.results,
      violations: checked.results.reduce((n, r) => n + r.violations, 0),
      notes: checked.notes,
      processes: cluster.slots.map((s) => ({
        name: s.name,
        starts: s.starts,
        unexpectedExits: s.unexpectedExits,
      })),
      receiver: {
        receipts: receiver.receipts.length,
        refused: receiver.refused,
        heldPastTimeout: receiver.heldPastTimeout,
      },
    };
  } finally {
    sampler?.stop();
    traffic?.close();
    await cluster.stop();
    await db?.destroy().catch(() => undefined);
    await temporal.stop().catch(() => undefined);
    await receiver.close();
    await mariadb?.stop().catch(() => undefined);
    if (!options.keepData) fs.rmSync(dataDir, { recursive: true, force: true });
    else log(`${engine}: data and process logs kept in ${dataDir}`);
  }
}

export type ChaosReport = Awaited<ReturnType<typeof runChaos>>;

/** The whole harness: one run per engine, then the JSON report and RELIABILITY.md. */
export async function runChaos(
  options: ChaosOptions,
  log: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
) {
  const machine = describeMachine();
  const started = Date.now();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lineflow-chaos-'));
  try {
    let bundlePath = options.workflowBundlePath;
    if (!bundlePath) {
      log('bundling the workflows once for every worker start');
      const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: silentLogger });
      bundlePath = path.join(root, 'workflow-bundle.js');
      fs.writeFileSync(bundlePath, code);
    }
    const runs: EngineRun[] = [];
    for (const engine of options.engines) runs.push(await runEngine(options, engine, bundlePath, root, log));
    const report = {
      machine,
      durationSeconds: Math.round((Date.now() - started) / 1000),
      options: { ...options, out: undefined, markdown: undefined, workflowBundlePath: undefined },
      violations: runs.reduce((n, r) => n + r.violations, 0),
      runs,
    };
    fs.mkdirSync(path.dirname(options.out), { recursive: true });
    fs.writeFileSync(options.out, `${JSON.stringify(report, null, 2)}\n`);
    if (options.markdown) fs.writeFileSync(options.markdown, renderReliability(report, readFindings()));
    return report;
  } finally {
    if (!options.keepData) fs.rmSync(root, { recursive: true, force: true });
  }
}

/** chaos/findings.md: what the runs found, kept by hand and appended to RELIABILITY.md */
function readFindings(): string {
  const file = path.join(__dirname, 'findings.md');
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
}

const silentLogger = {
  log() {},
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error: (message: string) => process.stderr.write(`${message}\n`),
};
