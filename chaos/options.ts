import path from 'node:path';
import { UsageError } from '../bench/options';
import { PROJECT_ROOT } from '../runtime/temporal-binaries';
import { applyReportFlag, wholeNumberReader, type RunReportOptions } from '../bench/run-flags';

/** The faults of issue 14 §1, each injected on its own, then (`mixed`) several at once. */
export const FAULT_KINDS = [
  'worker-kill',
  'api-kill',
  'temporal-stop',
  'mariadb-stop',
  'small-cache',
  'webhook-failing',
  'mixed',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
export type ChaosEngine = 'mariadb' | 'sqlite';

export interface ChaosOptions extends RunReportOptions {
  /** dialogs of each engine's run, spread over its fault schedule */
  dialogs: number;
  engines: ChaosEngine[];
  faults: FaultKind[];
  workerKills: number;
  apiKills: number;
  temporalOutageSeconds: number;
  mariadbOutageSeconds: number;
  webhookOutageSeconds: number;
  /** seconds the workers run with a workflow cache of `smallCache` */
  smallCacheSeconds: number;
  smallCache: number;
  /** quiet seconds between two faults (the system recovers; the recovery time is measured) */
  gapSeconds: number;
  /** a prebuilt bundle of workflows/ (the tests pass theirs); otherwise bundled once at the start */
  workflowBundlePath?: string;
}

export const DEFAULT_CHAOS_OPTIONS: ChaosOptions = {
  dialogs: 200,
  engines: ['mariadb', 'sqlite'],
  faults: [...FAULT_KINDS],
  workerKills: 10,
  apiKills: 3,
  temporalOutageSeconds: 10,
  mariadbOutageSeconds: 30,
  webhookOutageSeconds: 20,
  smallCacheSeconds: 40,
  smallCache: 3,
  gapSeconds: 8,
  out: path.join(PROJECT_ROOT, 'chaos', 'results', 'latest.json'),
  markdown: path.join(PROJECT_ROOT, 'RELIABILITY.md'),
  keepData: false,
  quiet: false,
};

const D = DEFAULT_CHAOS_OPTIONS;
export const CHAOS_USAGE = `Usage: lineflow chaos [options]     (npm run chaos -- [options])
  --dialogs N              dialogs per engine, spread over the faults (default ${D.dialogs})
  --db mariadb|sqlite|both which stacks to run (default both): 2 APIs + 2 workers on a private
                           MariaDB server; 1 API + 1 worker on SQLite
  --faults LIST            comma-separated, in order (default ${D.faults.join(',')})
  --worker-kills N         kill -9 of a worker, N times (default ${D.workerKills})
  --api-kills N            kill -9 of an API process mid-request, N times (default ${D.apiKills})
  --temporal-outage S      seconds the Temporal dev server is down (default ${D.temporalOutageSeconds})
  --mariadb-outage S       seconds MariaDB is down (default ${D.mariadbOutageSeconds})
  --webhook-outage S       seconds the webhook receiver fails: half 500s, half timeouts (default ${D.webhookOutageSeconds})
  --small-cache-for S      seconds the workers run with a workflow cache of 3 (default ${D.smallCacheSeconds})
  --gap S                  quiet seconds between faults (default ${D.gapSeconds})
  --out FILE               JSON report (default chaos/results/latest.json)
  --markdown FILE          markdown report (default RELIABILITY.md); --no-markdown for none
  --keep-data              keep data directories and process logs
  --quiet                  no progress lines`;

/** Parses `lineflow chaos` flags; every problem is reported at once. */
export function parseChaosArgs(argv: string[], cwd = process.cwd()): ChaosOptions {
  const options: ChaosOptions = { ...DEFAULT_CHAOS_OPTIONS, faults: [...D.faults], engines: [...D.engines] };
  const problems: string[] = [];
  const int = wholeNumberReader(problems);
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = () => argv[++i];
    switch (flag) {
      case '--dialogs':
        options.dialogs = int(flag, value(), 1);
        break;
      case '--db': {
        const v = value();
        if (v === 'both') options.engines = ['mariadb', 'sqlite'];
        else if (v === 'mariadb' || v === 'sqlite') options.engines = [v];
        else problems.push('--db is mariadb, sqlite or both');
        break;
      }
      case '--faults': {
        const list = (value() ?? '').split(',').map((s) => s.trim());
        const unknown = list.filter((f) => !(FAULT_KINDS as readonly string[]).includes(f));
        if (unknown.length || !list.length)
          problems.push(`--faults: unknown ${unknown.join(', ')} (known: ${FAULT_KINDS.join(', ')})`);
        else options.faults = list as FaultKind[];
        break;
      }
      case '--worker-kills':
        options.workerKills = int(flag, value(), 0);
        break;
      case '--api-kills':
        options.apiKills = int(flag, value(), 0);
        break;
      case '--temporal-outage':
        options.temporalOutageSeconds = int(flag, value(), 1);
        break;
      case '--mariadb-outage':
        options.mariadbOutageSeconds = int(flag, value(), 1);
        break;
      case '--webhook-outage':
        options.webhookOutageSeconds = int(flag, value(), 2);
        break;
      case '--small-cache-for':
        options.smallCacheSeconds = int(flag, value(), 1);
        break;
      case '--gap':
        options.gapSeconds = int(flag, value(), 0);
        break;
      default:
        if (!applyReportFlag(options, flag, value, cwd)) problems.push(`unknown option ${flag}`);
    }
  }
  if (problems.length) throw new UsageError(`${problems.join('\n')}\n\n${CHAOS_USAGE}`);
  return options;
}
