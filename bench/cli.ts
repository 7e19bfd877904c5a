import { kilobytes } from '../runtime/bundle-size';
import { BENCH_USAGE, parseBenchArgs, UsageError } from './options';
import { runBench } from './run-bench';

/** `lineflow bench [options]`: runs the benchmark and prints where the reports went. */
export async function benchCommand(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(BENCH_USAGE);
    return;
  }
  let options;
  try {
    options = parseBenchArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(error.message);
    process.exitCode = 2;
    return;
  }
  const report = await runBench(options);
  const lf = report.lineflow;
  console.log(
    [
      `Lineflow: ${lf.saturated?.throughput.sustained ?? '–'} dialogs/s sustained; ` +
        `inbound → offered p99 ${lf.paced.latencyMs.inboundToOffered.p99} ms at ${options.rate}/s`,
      `Lineflow / baseline: ${report.ratio.throughput ?? '–'}; Lineflow / floor: ${report.ratio.floorThroughput ?? '–'}`,
      ...(report.web
        ? [
            'error' in report.web
              ? `web app: not measured (${report.web.error.split('\n')[0]})`
              : `web app: inbox first load ${kilobytes(report.web.inbox.total.gzipBytes)} gzip, first list ` +
                `${report.web.inbox.timeToFirstListMs.p50} ms (p50); widget ${kilobytes(report.web.widget.gzipBytes)} gzip`,
          ]
        : []),
      `report: ${options.out}${options.markdown ? ` and ${options.markdown}` : ''}`,
    ].join('\n'),
  );
}
