/**
 * Durations in flows are strings like "90s", "5m", "12h", "2d" (and "0" for none): readable in the
 * JSON an admin edits, exact in milliseconds. Pure: used by the validator and inside workflows.
 */
export const DURATION_PATTERN = '^(0|[1-9][0-9]{0,6}(ms|s|m|h|d))$';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Milliseconds of a duration string; throws on anything the pattern does not allow. */
export function durationMs(text: string): number {
  if (text === '0') return 0;
  const match = /^([1-9][0-9]{0,6})(ms|s|m|h|d)$/.exec(text);
  if (!match) throw new Error(`"${text}" is not a duration (e.g. 30s, 5m, 12h, 2d)`);
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}
