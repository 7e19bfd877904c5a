import path from 'node:path';
import { PROJECT_ROOT } from '../runtime/temporal-binaries';
import { applyReportFlag, wholeNumberReader, type RunReportOptions } from './run-flags';

export interface BenchOptions extends RunReportOptions {
  /** dialogs of the paced phase (latencies are read here) */
  dialogs: number;
  /** arrivals a second in the paced phase */
  rate: number;
  /** most dialogs in flight at once (both phases) */
  concurrency: number;
  /** dialogs of the saturation phase (no pacing: sustained throughput); 0 skips it */
  saturate: number;
  /** dialogs nobody accepts at first, started with the paced phase, for the escalation timer */
  escalations: number;
  db: 'sqlite' | 'mysql';
  /** the MySQL/MariaDB server: a fresh database is created on it and dropped after */
  mysqlUrl: string;
  /** Lineflow (and baseline/floor) workers: one in the API's process, the others in processes of their own */
  workers: number;
  /** open dialogs held by one worker in the scale runs; empty skips them */
  scale: number[];
  /** the worker's maxCachedWorkflows in the scale runs; unset = half of each size */
  scaleCache?: number;
  baseline: boolean;
  /** the floor (bench/baseline/floor.workflow.ts): the least a dialog asks of Temporal, same run */
  floor: boolean;
  /** the web app's own figures: the inbox's first load in Chromium, the widget's size */
  web: boolean;
  /** `--sqlite-pragma` values for the Temporal dev server; undefined = Lineflow's embedded default */
  temporalPragmas?: Record<string, string>;
  /** a prebuilt bundle of workflows/ (the tests pass theirs) */
  workflowBundlePath?: string;
  /** a folder for V8 CPU profiles of the server processes */
  cpuProfDir?: string;
}

export const DEFAULT_OPTIONS: BenchOptions = {
  dialogs: 300,
  rate: 10,
  concurrency: 50,
  saturate: 300,
  escalations: 10,
  db: 'sqlite',
  mysqlUrl: 'mysql://root@127.0.0.1:3306',
  workers: 1,
  scale: [100, 1000],
  baseline: true,
  floor: true,
  web: true,
  out: path.join(PROJECT_ROOT, 'bench', 'results', 'latest.json'),
  markdown: path.join(PROJECT_ROOT, 'BENCHMARKS.md'),
  keepData: false,
  quiet: false,
};

export const BENCH_USAGE = `Usage: lineflow bench [options]     (npm run bench -- [options])
  --dialogs N          dialogs in the paced phase (default ${DEFAULT_OPTIONS.dialogs})
  --rate R             arrivals per second in the paced phase (default ${DEFAULT_OPTIONS.rate})
  --concurrency C      most dialogs in flight at once (default ${DEFAULT_OPTIONS.concurrency})
  --saturate N         dialogs in the unpaced saturation phase, 0 = skip (default: as --dialogs)
  --escalations N      dialogs left unaccepted for one queue step, 0 = skip (default ${DEFAULT_OPTIONS.escalations})
  --db sqlite|mysql    Lineflow's database (default sqlite; mysql creates a fresh database)
  --mysql-url URL      MySQL/MariaDB server for --db mysql (default ${DEFAULT_OPTIONS.mysqlUrl})
  --workers N          Lineflow and baseline/floor workers (default 1)
  --scale LIST         open dialogs per scale run, comma-separated, none = skip (default 100,1000)
  --scale-cache N      worker cache size in the scale runs (default: half of each size)
  --cpu-prof DIR       write a V8 CPU profile of each server process into DIR
  --no-baseline        skip the bare-Temporal baseline
  --no-floor           skip the floor (a start with the message, 3 updates, a signal, one timer, no activities)
  --no-web             skip the web app's figures (inbox first load in Chromium, widget size)
  --temporal-sqlite-pragma NAME=VALUE   the dev server's SQLite pragmas instead of Lineflow's default
                       (journal_mode=wal, synchronous=normal); repeatable
  --temporal-sqlite-defaults   no pragmas at all: SQLite's defaults, as a bare \`temporal server start-dev\`
  --out FILE           JSON report (default bench/results/latest.json)
  --markdown FILE      markdown report (default BENCHMARKS.md); --no-markdown for none
  --keep-data          keep the data directories and server logs
  --quiet              no progress bar`;

export class UsageError extends Error {}

/** Parses `lineflow bench` flags; every problem is reported at once. */
export function parseBenchArgs(argv: string[], cwd = process.cwd()): BenchOptions {
  const options: BenchOptions = { ...DEFAULT_OPTIONS };
  let saturateGiven = false;
  const problems: string[] = [];
  const int = wholeNumberReader(problems);
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = () => argv[++i];
    switch (flag) {
      case '--dialogs':
        options.dialogs = int(flag, value(), 1);
        break;
      case '--rate': {
        const v = value();
        options.rate = Number(v);
        if (!(options.rate > 0)) problems.push('--rate needs a number > 0');
        break;
      }
      case '--concurrency':
        options.concurrency = int(flag, value(), 1);
        break;
      case '--saturate':
        options.saturate = int(flag, value(), 0);
        saturateGiven = true;
        break;
      case '--escalations':
        options.escalations = int(flag, value(), 0);
        break;
      case '--db': {
        const v = value();
        if (v !== 'sqlite' && v !== 'mysql') problems.push('--db is sqlite or mysql');
        else options.db = v;
        break;
      }
      case '--mysql-url':
        options.mysqlUrl = value() ?? '';
        break;
      case '--workers':
        options.workers = int(flag, value(), 1);
        break;
      case '--scale': {
        const v = value() ?? '';
        options.scale = v === 'none' || v === '' ? [] : v.split(',').map((s) => int('--scale', s.trim(), 1));
        break;
      }
      case '--scale-cache':
        options.scaleCache = int(flag, value(), 2);
        break;
      case '--no-baseline':
        options.baseline = false;
        break;
      case '--no-floor':
        options.floor = false;
        break;
      case '--no-web':
        options.web = false;
        break;
      case '--temporal-sqlite-pragma': {
        const [name, ...rest] = (value() ?? '').split('=');
        if (!name || rest.length === 0) problems.push('--temporal-sqlite-pragma needs NAME=VALUE');
        else options.temporalPragmas = { ...options.temporalPragmas, [name]: rest.join('=') };
        break;
      }
      case '--temporal-sqlite-defaults':
        options.temporalPragmas = {};
        break;
      case '--cpu-prof':
        options.cpuProfDir = path.resolve(cwd, value() ?? '');
        break;
      default:
        if (!applyReportFlag(options, flag, value, cwd)) problems.push(`unknown option ${flag}`);
    }
  }
  if (!saturateGiven) options.saturate = options.dialogs;
  if (options.scaleCache !== undefined)
    for (const size of options.scale)
      if (options.scaleCache >= size)
        problems.push(`--scale-cache ${options.scaleCache} must be smaller than the scale size ${size}`);
  if (problems.length) throw new UsageError(`${problems.join('\n')}\n\n${BENCH_USAGE}`);
  return options;
}
