import path from 'node:path';

/**
 * What `lineflow bench` and `lineflow chaos` parse alike: whole-number flags, and the flags of where
 * a run writes its report and how much it says. Each command keeps its own switch for the rest.
 */
export interface RunReportOptions {
  /** the JSON report */
  out: string;
  /** the Markdown report; null: none */
  markdown: string | null;
  /** keep data directories and process logs */
  keepData: boolean;
  /** no progress output */
  quiet: boolean;
}

/** Reads a whole number ≥ min for a flag, or records the problem (and answers min) in `problems`. */
export function wholeNumberReader(problems: string[]) {
  return (flag: string, value: string | undefined, min: number): number => {
    const n = Number(value);
    if (value === undefined || !Number.isInteger(n) || n < min) {
      problems.push(`${flag} needs a whole number ≥ ${min}`);
      return min;
    }
    return n;
  };
}

/** Applies one of the report flags; false when `flag` is none of them. */
export function applyReportFlag(
  options: RunReportOptions,
  flag: string,
  value: () => string | undefined,
  cwd: string,
): boolean {
  switch (flag) {
    case '--out':
      options.out = path.resolve(cwd, value() ?? '');
      return true;
    case '--markdown':
      options.markdown = path.resolve(cwd, value() ?? '');
      return true;
    case '--no-markdown':
      options.markdown = null;
      return true;
    case '--keep-data':
      options.keepData = true;
      return true;
    case '--quiet':
      options.quiet = true;
      return true;
    default:
      return false;
  }
}
