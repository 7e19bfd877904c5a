import { UsageError } from '../bench/options';
import { CHAOS_USAGE, parseChaosArgs } from './options';
import { runChaos } from './run-chaos';

/** `lineflow chaos [options]`: runs the reliability harness; exits 1 when a promise was broken. */
export async function chaosCommand(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(CHAOS_USAGE);
    return;
  }
  let options;
  try {
    options = parseChaosArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(error.message);
    process.exitCode = 2;
    return;
  }
  const report = await runChaos(options);
  for (const run of report.runs)
    console.log(
      `${run.engine}: ${run.completed}/${run.dialogs} dialogs completed, ${run.faults.length} faults, ` +
        `${run.violations} invariant violations`,
    );
  console.log(`report: ${options.out}${options.markdown ? ` and ${options.markdown}` : ''}`);
  if (report.violations > 0) process.exitCode = 1;
}
