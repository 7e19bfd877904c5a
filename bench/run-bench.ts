import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { createConnection } from 'mysql2/promise';
import { DEMO_LINE_ID, DEMO_WEBHOOK_CHANNEL_ID } from '../runtime/demo-seed';
import { DEFAULT_TEMPORAL_SQLITE_PRAGMAS } from '../runtime/embedded-temporal';
import { dialogWorkflowId } from '../workflows/definitions';
import type { BaselineShape } from './baseline/baseline-shape';
import { BASELINE_TASK_QUEUE, bareWorkflowId, type BareSystem } from './baseline/baseline-server';
import type { ServerStats } from './bench-server';
import { BaselineDriver, http, LineflowDriver, type DialogTiming, type Operator } from './drivers';
import { fetchHistory, firedTimers, historyCounts, historySize, shapeOf } from './histories';
import { describeMachine } from './machine';
import type { BenchOptions } from './options';
import { Progress } from './progress';
import { renderMarkdown } from './report-markdown';
import { ServerHandle } from './server-handle';
import { measureWeb, prepareWebBuilds, type WebFigures } from './web-figures';
import { parsePrometheus, summarize, total, totalsBy, type Sample, type Summary } from './stats';

const LINEFLOW_TASK_QUEUE = 'lineflow-dialogs';
/** the demo line's queue step (db/default-flow.ts): the escalation timer we measure */
const QUEUE_STEP_MS = 60_000;
const HISTORY_SAMPLE = 40;
/** the demo operator who opens the inbox for the web figures (runtime/demo-seed.ts) */
const WEB_OPERATOR = 'operator1@lineflow.local';
const round = (n: number, digits = 1) => (Number.isFinite(n) ? Number(n.toFixed(digits)) : null);

/** One running system under test: the stack process, extra worker processes, and what the driver needs. */
interface Stack {
  url: string;
  baselineUrl: string;
  servers: ServerHandle[];
  temporal: Client;
  operators: Operator[];
  secret: string;
  adminToken: string;
  /** the demo operators' password (the web figures sign in as one in Chromium) */
  demoPassword: string;
  dataDir: string;
  maxCachedWorkflows: number;
  onNotice: (handler: (dialogId: string, kind: string) => void) => void;
}

interface Snapshot {
  stats: ServerStats[];
  lineflow: Sample[][];
  core: Sample[][];
}

async function snapshot(stack: Stack): Promise<Snapshot> {
  const stats = await Promise.all(stack.servers.map((s) => s.stats()));
  return {
    stats,
    lineflow: stats.map((s) => parsePrometheus(s.lineflowMetrics)),
    core: stats.map((s) => parsePrometheus(s.coreMetrics)),
  };
}

const delta = (
  before: Snapshot,
  after: Snapshot,
  source: 'lineflow' | 'core',
  name: string,
  where?: (labels: Record<string, string>) => boolean,
) => total(after[source], name, where) - total(before[source], name, where);

/** Starts the system under test in a fresh data directory (and a fresh MySQL database when asked). */
async function withStack<T>(
  options: BenchOptions,
  label: string,
  settings: { maxCachedWorkflows?: number },
  run: (stack: Stack) => Promise<T>,
): Promise<T & { temporalJournalMode: string | null }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `lineflow-bench-${label}-`));
  const adminPassword = randomBytes(12).toString('hex');
  const demoPassword = randomBytes(12).toString('hex');
  let dropDatabase = async () => {};
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LINEFLOW_DATA_DIR: dataDir,
    LINEFLOW_ADMIN_PASSWORD: adminPassword,
    LINEFLOW_DEMO_PASSWORD: demoPassword,
    LINEFLOW_SEED_DEMO: 'true',
    LINEFLOW_RATE_LIMIT_IP: '0',
    LINEFLOW_RATE_LIMIT_CHANNEL: '0',
    LOG_LEVEL: 'warn',
    TEMPORAL_TASK_QUEUE: LINEFLOW_TASK_QUEUE,
    TEMPORAL_NAMESPACE: 'default',
  };
  delete env.TEMPORAL_ADDRESS;
  delete env.DATABASE_URL;
  delete env.PORT;
  if (options.db === 'mysql') {
    const name = `lineflow_bench_${label.replace(/\W/g, '_')}_${Date.now()}`;
    const admin = await createConnection(options.mysqlUrl);
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await admin.end();
    const url = new URL(options.mysqlUrl);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    dropDatabase = async () => {
      const conn = await createConnection(options.mysqlUrl);
      await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await conn.end();
    };
  }
  const servers: ServerHandle[] = [];
  let noticeHandler: (dialogId: string, kind: string) => void = () => {};
  const onNotice = (n: { dialogId: string; kind: string }) => noticeHandler(n.dialogId, n.kind);
  let connection: Connection | undefined;
  try {
    const common = {
      maxCachedWorkflows: settings.maxCachedWorkflows,
      workflowBundlePath: options.workflowBundlePath,
      ...(options.cpuProfDir ? { cpuProfDir: options.cpuProfDir } : {}),
    };
    const main = await ServerHandle.start(
      { role: 'stack', ...common, temporalSqlitePragmas: options.temporalPragmas },
      env,
      path.join(dataDir, 'server-stack.log'),
      onNotice,
    );
    servers.push(main);
    for (let w = 1; w < options.workers; w++) {
      servers.push(
        await ServerHandle.start(
          { role: 'worker', ...common, temporalAddress: main.ready.temporalAddress },
          env,
          path.join(dataDir, `server-worker-${w}.log`),
          onNotice,
        ),
      );
    }
    const url = main.ready.url!;
    const login = async (email: string, password: string) => {
      const answer = await http('POST', `${url}/api/auth/login`, { json: { email, password } });
      if (answer.status !== 200) throw new Error(`login ${email}: ${answer.status}`);
      return answer.body as { token: string; user: { id: string } };
    };
    const adminToken = (await login('admin@lineflow.local', adminPassword)).token;
    const secret = (
      await http('GET', `${url}/api/channels/${DEMO_WEBHOOK_CHANNEL_ID}`, { token: adminToken })
    ).body.secret as string;
    const operators: Operator[] = [];
    for (const n of [1, 2, 3]) {
      const { token, user } = await login(`operator${n}@lineflow.local`, demoPassword);
      await http('POST', `${url}/api/me/presence`, { token, json: { online: true } });
      operators.push({ id: user.id, token });
    }
    connection = await Connection.connect({ address: main.ready.temporalAddress });
    const result = await run({
      url,
      baselineUrl: main.ready.baselineUrl!,
      servers,
      temporal: new Client({ connection, namespace: 'default' }),
      operators,
      secret,
      adminToken,
      demoPassword,
      dataDir,
      maxCachedWorkflows: main.ready.maxCachedWorkflows,
      onNotice: (handler) => (noticeHandler = handler),
    });
    await connection.close();
    connection = undefined;
    for (const server of servers.reverse()) await server.stop();
    servers.length = 0;
    return { ...result, temporalJournalMode: journalMode(path.join(dataDir, 'temporal.sqlite')) };
  } finally {
    await connection?.close().catch(() => undefined);
    for (const server of servers.reverse()) await server.stop().catch(() => undefined);
    await dropDatabase().catch(() => undefined);
    if (!options.keepData) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The journal mode the dev server's SQLite file is in, read from the file's header (bytes 18-19 are 2
 * in WAL mode, 1 with a rollback journal): pragmas that are not persistent cannot be read from outside.
 */
function journalMode(file: string): string | null {
  if (!fs.existsSync(file)) return null;
  const header = Buffer.alloc(20);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, header, 0, 20, 0);
  } finally {
    fs.closeSync(fd);
  }
  return header[18] === 2 ? 'wal' : 'rollback journal (not WAL)';
}

interface PhaseRun {
  timings: DialogTiming[];
  extra: DialogTiming[];
  before: Snapshot;
  after: Snapshot;
}

/**
 * Starts `count` dialogs, `rate` a second at most (0: as fast as `concurrency` allows), never more than
 * `concurrency` in flight; `extra` dialogs start at once beside them (the escalations).
 */
async function runPhase(
  stack: Stack,
  label: string,
  count: number,
  { rate, concurrency, quiet }: { rate: number; concurrency: number; quiet: boolean },
  start: (i: number) => Promise<DialogTiming>,
  extra: Array<() => Promise<DialogTiming>> = [],
): Promise<PhaseRun> {
  const before = await snapshot(stack);
  const progress = new Progress(label, count + extra.length, quiet ? null : process.stderr);
  const extraRuns = extra.map((run) => run().then((t) => (progress.tick(t.ok), t)));
  const timings: DialogTiming[] = [];
  const t0 = performance.now();
  let inFlight = 0;
  let release: (() => void) | undefined;
  const running: Array<Promise<void>> = [];
  for (let i = 0; i < count; i++) {
    if (rate > 0) {
      const due = t0 + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    while (inFlight >= concurrency) await new Promise<void>((resolve) => (release = resolve));
    inFlight++;
    running.push(
      start(i).then((t) => {
        timings.push(t);
        progress.tick(t.ok);
        inFlight--;
        release?.();
      }),
    );
  }
  await Promise.all(running);
  const extraTimings = await Promise.all(extraRuns);
  progress.finish();
  return { timings, extra: extraTimings, before, after: await snapshot(stack) };
}

function throughput(timings: DialogTiming[]) {
  const ok = timings.filter((t) => t.ok && t.finishedAt !== undefined);
  if (ok.length === 0) return { overall: null, sustained: null };
  const first = Math.min(...timings.map((t) => t.startedAt));
  const finishes = ok.map((t) => t.finishedAt!).sort((a, b) => a - b);
  const overall = ok.length / ((finishes.at(-1)! - first) / 1000);
  // the middle 80% of completions: no ramp-up, no tail
  const lo = Math.floor(finishes.length * 0.1);
  const hi = Math.max(lo + 1, Math.ceil(finishes.length * 0.9) - 1);
  const span = (finishes[hi]! - finishes[lo]!) / 1000;
  const sustained = hi < finishes.length && span > 0 ? (hi - lo) / span : overall;
  return { overall: round(overall, 2), sustained: round(sustained, 2) };
}

const latencies = (timings: DialogTiming[], pick: (t: DialogTiming) => number | undefined): Summary =>
  summarize(timings.map(pick).filter((v): v is number => v !== undefined));

function phaseFigures(run: PhaseRun, taskQueue: string) {
  const { timings, before, after } = run;
  const ok = timings.filter((t) => t.ok);
  const failed = timings.filter((t) => !t.ok);
  const perDialog = (n: number) => round(n / Math.max(1, ok.length), 2);
  const queue = (labels: Record<string, string>) =>
    labels.task_queue === undefined || labels.task_queue === taskQueue;
  const core = (name: string) => delta(before, after, 'core', name, queue);
  const activitiesByName: Record<string, number> = {};
  const afterBy = totalsBy(after.lineflow, 'lineflow_activity_duration_seconds_sum', 'activity');
  const beforeBy = totalsBy(before.lineflow, 'lineflow_activity_duration_seconds_sum', 'activity');
  for (const [name, value] of Object.entries(afterBy)) {
    const ms = (value - (beforeBy[name] ?? 0)) * 1000;
    if (ms > 0) activitiesByName[name] = perDialog(ms)!;
  }
  const httpAfter = totalsBy(after.lineflow, 'lineflow_http_request_duration_seconds_sum', 'route');
  const httpBefore = totalsBy(before.lineflow, 'lineflow_http_request_duration_seconds_sum', 'route');
  const httpByRoute: Record<string, number> = {};
  for (const [route, value] of Object.entries(httpAfter)) {
    const ms = (value - (httpBefore[route] ?? 0)) * 1000;
    if (ms > 0) httpByRoute[route] = perDialog(ms)!;
  }
  const stack = after.stats[0]!;
  return {
    dialogs: timings.length,
    completed: ok.length,
    errors: failed.length,
    errorSamples: [...new Set(failed.map((t) => t.error))].slice(0, 5),
    ratingResent: ok.reduce((n, t) => n + (t.ratingResent ?? 0), 0),
    throughput: throughput(timings),
    latencyMs: {
      inboundAck: latencies(ok, (t) => t.ackMs),
      inboundToOffered: latencies(ok, (t) => t.offeredMs),
      accept: latencies(ok, (t) => t.acceptMs),
      answer: latencies(ok, (t) => t.answerMs),
      close: latencies(ok, (t) => t.closeMs),
      ratingAck: latencies(ok, (t) => t.ratingAckMs),
      endToEnd: latencies(ok, (t) => t.e2eMs),
    },
    /** milliseconds per completed dialog, summed over everything that dialog caused */
    timePerDialogMs: {
      activitiesMeasuredByLineflow: perDialog(
        delta(before, after, 'lineflow', 'lineflow_activity_duration_seconds_sum') * 1000,
      ),
      activitiesByName,
      activityExecution: perDialog(core('temporal_activity_execution_latency_sum')),
      localActivityExecution: perDialog(core('temporal_local_activity_execution_latency_sum')),
      activityScheduleToStart: perDialog(core('temporal_activity_schedule_to_start_latency_sum')),
      workflowTaskExecution: perDialog(core('temporal_workflow_task_execution_latency_sum')),
      workflowTaskScheduleToStart: perDialog(core('temporal_workflow_task_schedule_to_start_latency_sum')),
      workflowTaskReplay: perDialog(core('temporal_workflow_task_replay_latency_sum')),
      workerRpcToServer: perDialog(core('temporal_request_latency_sum')),
      httpByRoute,
    },
    workflowTaskFailures: core('temporal_workflow_task_execution_failed'),
    memory: {
      rssMb: round(stack.memory.rss / 2 ** 20),
      heapUsedMb: round(stack.memory.heapUsed / 2 ** 20),
      cachedWorkflows: stack.cachedWorkflows,
      maxCachedWorkflows: stack.maxCachedWorkflows,
    },
  };
}

export type PhaseFigures = ReturnType<typeof phaseFigures>;

/** One bare system's figures (bench/baseline/): the same phases and history figures as Lineflow's. */
export interface BareFigures {
  paced: PhaseFigures;
  saturated?: PhaseFigures;
  history: Awaited<ReturnType<typeof historyFigures>>['figures'];
}

interface BaselineFigures extends BareFigures {
  shape: BaselineShape;
}

/** Spread picks of `n` from `items`. */
const sample = <T>(items: T[], n: number): T[] =>
  items.length <= n ? items : Array.from({ length: n }, (_, i) => items[Math.floor((i * items.length) / n)]!);

async function historyFigures(client: Client, workflowIds: string[]) {
  const histories = await Promise.all(
    sample(workflowIds, HISTORY_SAMPLE).map((id) => fetchHistory(client, id)),
  );
  const sizes = histories.map(historySize);
  const counts = histories.map(historyCounts);
  const mean = (key: string) =>
    round(counts.reduce((n, c) => n + (c[key] ?? 0), 0) / Math.max(1, counts.length), 2);
  return {
    histories,
    figures: {
      sampled: histories.length,
      events: summarize(sizes.map((s) => s.events)),
      bytes: summarize(sizes.map((s) => s.bytes)),
      meanPerDialog: {
        activities: mean('activities'),
        localActivities: mean('localActivities'),
        timers: mean('timers'),
        signals: mean('signals'),
        updates: mean('updates'),
        workflowTasks: mean('workflowTasks'),
      },
    },
  };
}

/** The shape most of the sampled dialogs had (they differ a little when operators' timing differs). */
function commonShape(shapes: BaselineShape[]): BaselineShape {
  const counted = new Map<string, number>();
  for (const s of shapes) counted.set(JSON.stringify(s), (counted.get(JSON.stringify(s)) ?? 0) + 1);
  const [best] = [...counted.entries()].sort((a, b) => b[1] - a[1])[0]!;
  return JSON.parse(best) as BaselineShape;
}

/**
 * A bare system (the baseline or the floor) on the stack's bare HTTP front, driven by the same
 * simulated people in the same phases as Lineflow: warm-up, paced, saturated.
 */
async function bareRun(
  stack: Stack,
  system: BareSystem,
  options: BenchOptions,
  runId: string,
  log: (line: string) => void,
): Promise<BareFigures> {
  const driver = new BaselineDriver(stack.baselineUrl, stack.operators, system);
  stack.onNotice((dialogId, kind) => driver.notice(dialogId, kind));
  const phase = { concurrency: options.concurrency, quiet: options.quiet };
  await runPhase(stack, `${system} warm-up`, 5, { ...phase, rate: 0 }, (i) =>
    driver.runDialog(`warm-${runId}-${i}`),
  );
  log(`${system}: ${options.dialogs} dialogs at ${options.rate}/s`);
  const paced = await runPhase(
    stack,
    `${system} paced`,
    options.dialogs,
    { ...phase, rate: options.rate },
    (i) => driver.runDialog(`paced-${runId}-${i}`),
  );
  let saturated: PhaseRun | undefined;
  if (options.saturate > 0) {
    log(`${system}: ${options.saturate} dialogs unpaced, ${options.concurrency} at a time`);
    saturated = await runPhase(stack, `${system} saturate`, options.saturate, { ...phase, rate: 0 }, (i) =>
      driver.runDialog(`sat-${runId}-${i}`),
    );
  }
  const ids = paced.timings.filter((t) => t.ok).map((t) => bareWorkflowId(system, t.dialogId!));
  return {
    paced: phaseFigures(paced, BASELINE_TASK_QUEUE),
    ...(saturated ? { saturated: phaseFigures(saturated, BASELINE_TASK_QUEUE) } : {}),
    history: (await historyFigures(stack.temporal, ids)).figures,
  };
}

/**
 * The web app's figures on the main run's stack, after everything else: one dialog is left waiting
 * (unanswered) so the inbox has a row to show, then an operator opens the inbox cold in Chromium.
 * A failure is reported in the figures rather than losing the run.
 */
async function webRun(
  stack: Stack,
  lineflow: LineflowDriver,
  runId: string,
  log: (line: string) => void,
): Promise<WebFigures | { error: string }> {
  log('web app: the inbox opened cold in Chromium, and the widget');
  await lineflow.open();
  try {
    const waiting = await lineflow.openDialog(`web-${runId}`, { accept: false });
    if (!waiting.ok) throw new Error(`a dialog for the inbox to list: ${waiting.error}`);
    return await measureWeb(stack.url, WEB_OPERATOR, stack.demoPassword);
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  } finally {
    lineflow.close();
  }
}

async function mainRun(options: BenchOptions, log: (line: string) => void) {
  return withStack(options, 'main', {}, async (stack) => {
    const lineflow = new LineflowDriver(stack.url, DEMO_WEBHOOK_CHANNEL_ID, stack.secret, stack.operators);
    await lineflow.open();
    const runId = Date.now().toString(36);
    const phase = { concurrency: options.concurrency, quiet: options.quiet };
    // A few dialogs first, so both systems are measured warm (bundles loaded, connections open, JIT).
    await runPhase(stack, 'lineflow warm-up', 5, { ...phase, rate: 0 }, (i) =>
      lineflow.runDialog(`warm-${runId}-${i}`),
    );
    log(
      `lineflow: ${options.dialogs} dialogs at ${options.rate}/s, ${options.escalations} left for escalation`,
    );
    const paced = await runPhase(
      stack,
      'lineflow paced',
      options.dialogs,
      { ...phase, rate: options.rate },
      (i) => lineflow.runDialog(`paced-${runId}-${i}`),
      Array.from(
        { length: options.escalations },
        (_, i) => () => lineflow.runDialog(`escalate-${runId}-${i}`, { escalate: true }),
      ),
    );
    let saturated: PhaseRun | undefined;
    if (options.saturate > 0) {
      log(`lineflow: ${options.saturate} dialogs unpaced, ${options.concurrency} at a time`);
      saturated = await runPhase(stack, 'lineflow saturate', options.saturate, { ...phase, rate: 0 }, (i) =>
        lineflow.runDialog(`sat-${runId}-${i}`),
      );
    }
    lineflow.close();

    const okIds = paced.timings.filter((t) => t.ok).map((t) => dialogWorkflowId(t.dialogId!));
    const lineflowHistories = await historyFigures(stack.temporal, okIds);
    const shape = commonShape(lineflowHistories.histories.map((h) => shapeOf(h)));

    // The escalation timer: how late the queue's 1-minute step fired (Temporal), was acted on (worker),
    // and was seen by the next operator (SSE), against when it was due.
    const escalated = paced.extra.filter((t) => t.ok && t.escalation);
    const lateness = { server: [] as number[], worker: [] as number[], seen: [] as number[] };
    for (const t of escalated) {
      const history = await fetchHistory(stack.temporal, dialogWorkflowId(t.dialogId!));
      const fired = firedTimers(history, QUEUE_STEP_MS).sort((a, b) => a.dueAt - b.dueAt)[0];
      if (!fired) continue;
      lateness.server.push(fired.serverLateMs);
      lateness.worker.push(fired.workerLateMs);
      lateness.seen.push(t.escalation!.secondOfferHeardAt - fired.dueAt);
    }

    let baseline: BaselineFigures | undefined;
    if (options.baseline) {
      await http('POST', `${stack.baselineUrl}/baseline/shape`, { json: { shape } });
      baseline = { shape, ...(await bareRun(stack, 'baseline', options, runId, log)) };
    }
    const floor = options.floor ? await bareRun(stack, 'floor', options, runId, log) : undefined;
    const web = options.web ? await webRun(stack, lineflow, runId, log) : undefined;
    return {
      lineflow: {
        paced: phaseFigures(paced, LINEFLOW_TASK_QUEUE),
        ...(saturated ? { saturated: phaseFigures(saturated, LINEFLOW_TASK_QUEUE) } : {}),
        history: lineflowHistories.figures,
        escalation: {
          dialogs: paced.extra.length,
          completed: paced.extra.filter((t) => t.ok).length,
          errorSamples: [...new Set(paced.extra.filter((t) => !t.ok).map((t) => t.error))].slice(0, 5),
          stepMs: QUEUE_STEP_MS,
          timerFiredLateMs: summarize(lateness.server),
          workerActedLateMs: summarize(lateness.worker),
          nextOfferSeenLateMs: summarize(lateness.seen),
        },
      },
      baseline,
      floor,
      web,
      defaultMaxCachedWorkflows: stack.maxCachedWorkflows,
    };
  });
}

async function scaleRun(options: BenchOptions, size: number, log: (line: string) => void) {
  const cache = options.scaleCache ?? Math.max(2, Math.floor(size / 2));
  return withStack(options, `scale${size}`, { maxCachedWorkflows: cache }, async (stack) => {
    // No KPI clocks: dialogs held open for minutes would otherwise all breach and alert at once.
    const line = (await http('GET', `${stack.url}/api/lines/${DEMO_LINE_ID}`, { token: stack.adminToken }))
      .body;
    const { kpi: _kpi, ...settings } = line.settings as Record<string, unknown>;
    const patched = await http('PATCH', `${stack.url}/api/lines/${DEMO_LINE_ID}`, {
      token: stack.adminToken,
      json: { settings },
    });
    if (patched.status !== 200)
      throw new Error(`PATCH line: ${patched.status} ${JSON.stringify(patched.body)}`);
    const driver = new LineflowDriver(stack.url, DEMO_WEBHOOK_CHANNEL_ID, stack.secret, stack.operators);
    await driver.open();
    const runId = Date.now().toString(36);
    const phase = { rate: 0, concurrency: options.concurrency, quiet: options.quiet };
    log(`scale ${size}: opening ${size} dialogs, worker cache ${cache}`);
    const opened = await runPhase(stack, `scale ${size}: open`, size, phase, (i) =>
      driver.openDialog(`s${runId}-${i}`),
    );
    const open = opened.timings.filter((t) => t.ok);
    const byKey = new Map(open.map((t) => [t.key, t.dialogId!]));
    // Every open dialog is written to again, oldest first: with a cache smaller than the dialogs, each
    // one has been evicted by then and is replayed from its history.
    log(`scale ${size}: writing to each open dialog again`);
    const keys = [...byKey.keys()];
    const touched = await runPhase(stack, `scale ${size}: touch`, keys.length, phase, (i) =>
      driver.touch(keys[i]!, byKey.get(keys[i]!)!, 1),
    );
    driver.close();
    const history = await historyFigures(
      stack.temporal,
      open.map((t) => dialogWorkflowId(t.dialogId!)),
    );
    const idle = opened.before.stats[0]!;
    const afterOpen = opened.after.stats[0]!;
    const afterTouch = touched.after.stats[0]!;
    const queue = (labels: Record<string, string>) =>
      labels.task_queue === undefined || labels.task_queue === LINEFLOW_TASK_QUEUE;
    const core = (run: PhaseRun, name: string) => delta(run.before, run.after, 'core', name, queue);
    const mb = (bytes: number) => round(bytes / 2 ** 20);
    const perCached = (a: number, b: number, cached: number) =>
      round((b - a) / 2 ** 20 / Math.max(1, cached), 3);
    const replayCount = core(touched, 'temporal_workflow_task_replay_latency_count');
    const meanOf = (run: PhaseRun, histogram: string) =>
      round(core(run, `${histogram}_sum`) / Math.max(1, core(run, `${histogram}_count`)), 2);
    return {
      openDialogs: size,
      maxCachedWorkflows: cache,
      opened: open.length,
      openErrors: opened.timings.length - open.length,
      touched: touched.timings.filter((t) => t.ok).length,
      touchErrors: touched.timings.filter((t) => !t.ok).length,
      errorSamples: [
        ...new Set([...opened.timings, ...touched.timings].filter((t) => !t.ok).map((t) => t.error)),
      ].slice(0, 5),
      workflowTaskFailures:
        core(opened, 'temporal_workflow_task_execution_failed') +
        core(touched, 'temporal_workflow_task_execution_failed'),
      openThroughput: throughput(opened.timings),
      openLatencyMs: latencies(open, (t) => t.e2eMs),
      touchLatencyMs: latencies(
        touched.timings.filter((t) => t.ok),
        (t) => t.e2eMs,
      ),
      cache: {
        forcedEvictions:
          core(opened, 'temporal_sticky_cache_total_forced_eviction') +
          core(touched, 'temporal_sticky_cache_total_forced_eviction'),
        missesWhileTouching: core(touched, 'temporal_sticky_cache_miss'),
        hitsWhileTouching: core(touched, 'temporal_sticky_cache_hit'),
        cachedAfterOpen: afterOpen.cachedWorkflows,
        cachedAfterTouch: afterTouch.cachedWorkflows,
      },
      replay: {
        /** the SDK core's count of replaying workflow tasks, and its own (Rust-side) time for them */
        replays: replayCount,
        meanMs: round(
          core(touched, 'temporal_workflow_task_replay_latency_sum') / Math.max(1, replayCount),
          2,
        ),
        /** a workflow task's whole execution in the worker while touching (each a replay from history)… */
        touchWorkflowTaskMeanMs: meanOf(touched, 'temporal_workflow_task_execution_latency'),
        /** …against while opening (the dialogs were in the cache then) */
        openWorkflowTaskMeanMs: meanOf(opened, 'temporal_workflow_task_execution_latency'),
      },
      history: history.figures,
      memory: {
        rssIdleMb: mb(idle.memory.rss),
        rssAfterOpenMb: mb(afterOpen.memory.rss),
        rssAfterTouchMb: mb(afterTouch.memory.rss),
        heapUsedIdleMb: mb(idle.memory.heapUsed),
        heapUsedAfterOpenMb: mb(afterOpen.memory.heapUsed),
        rssPerCachedDialogMb: perCached(idle.memory.rss, afterOpen.memory.rss, afterOpen.cachedWorkflows),
        heapPerCachedDialogMb: perCached(
          idle.memory.heapUsed,
          afterOpen.memory.heapUsed,
          afterOpen.cachedWorkflows,
        ),
      },
    };
  });
}

export type BenchReport = Awaited<ReturnType<typeof runBench>>;

/**
 * The whole benchmark: the main run (Lineflow, then the baseline and the floor, then the web app's
 * figures, same stack) and the scale runs.
 */
export async function runBench(
  options: BenchOptions,
  log: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
) {
  const machine = describeMachine();
  // what the web figures load is built first (npm start would build it too), outside the run's time
  const webBuild = options.web
    ? await prepareWebBuilds(log).then(
        () => undefined,
        (error: Error) => ({ error: `building the web app or the widget: ${error.message}` }),
      )
    : undefined;
  const started = Date.now();
  const main = await mainRun(webBuild ? { ...options, web: false } : options, log);
  const scale = [];
  for (const size of options.scale) scale.push(await scaleRun(options, size, log));
  const lf = main.lineflow;
  const bl = main.baseline;
  const fl = main.floor;
  const temporalPragmas = options.temporalPragmas ?? { ...DEFAULT_TEMPORAL_SQLITE_PRAGMAS };
  const ratio = (a: number | null | undefined, b: number | null | undefined) =>
    a != null && b != null && b > 0 ? round(a / b, 2) : null;
  const report = {
    machine,
    durationSeconds: Math.round((Date.now() - started) / 1000),
    options: { ...options, out: undefined, markdown: undefined, workflowBundlePath: undefined },
    pragmas: {
      temporal: {
        passed: temporalPragmas,
        journalModeInFile: main.temporalJournalMode,
        note:
          Object.keys(temporalPragmas).length === 0
            ? 'none passed: the dev server opens its SQLite file with one connection and SQLite defaults (rollback journal "delete", synchronous FULL)'
            : `passed as --sqlite-pragma to temporal server start-dev${options.temporalPragmas ? '' : " (Lineflow's embedded default)"}; one connection (the dev server sets no pool size)`,
      },
      lineflow:
        options.db === 'sqlite'
          ? 'journal_mode=WAL, busy_timeout=5000, foreign_keys=ON (db/data-source.ts)'
          : 'MariaDB/MySQL server defaults',
    },
    lineflow: lf,
    baseline: bl,
    floor: fl,
    ratio: {
      /** Lineflow / baseline sustained dialogs per second (the figure that holds across machines) */
      throughput: ratio(lf.saturated?.throughput.sustained, bl?.saturated?.throughput.sustained),
      /** baseline / Lineflow: 1 = as fast as bare Temporal */
      inboundToOfferedP50: ratio(
        bl?.paced.latencyMs.inboundToOffered.p50,
        lf.paced.latencyMs.inboundToOffered.p50,
      ),
      endToEndP50: ratio(bl?.paced.latencyMs.endToEnd.p50, lf.paced.latencyMs.endToEnd.p50),
      /** Lineflow / floor sustained dialogs per second: how near the least a dialog can cost (issue 15) */
      floorThroughput: ratio(lf.saturated?.throughput.sustained, fl?.saturated?.throughput.sustained),
      /** floor / Lineflow, end to end at p50 */
      floorEndToEndP50: ratio(fl?.paced.latencyMs.endToEnd.p50, lf.paced.latencyMs.endToEnd.p50),
    },
    web: webBuild ?? main.web,
    defaultMaxCachedWorkflows: main.defaultMaxCachedWorkflows,
    scale,
  };
  fs.mkdirSync(path.dirname(options.out), { recursive: true });
  fs.writeFileSync(options.out, `${JSON.stringify(report, null, 2)}\n`);
  if (options.markdown) {
    const previous = fs.existsSync(options.markdown) ? fs.readFileSync(options.markdown, 'utf8') : '';
    fs.writeFileSync(options.markdown, renderMarkdown(report, previous));
  }
  return report;
}
