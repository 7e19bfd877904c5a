import durationSchema from './duration.schema.json';

/**
 * Durations in flows and settings are strings like "90s", "5m", "12h", "2d" (and "0" for none):
 * readable in the JSON an admin edits, exact in milliseconds. Their format is duration.schema.json,
 * which every schema with a duration refers to; this reads the same pattern. Pure: used by the
 * validator and inside workflows.
 */
const DURATION = new RegExp(durationSchema.pattern);

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Milliseconds of a duration string; throws on anything the pattern does not allow. */
export function durationMs(text: string): number {
  if (!DURATION.test(text)) throw new Error(`"${text}" is not a duration (e.g. 30s, 5m, 12h, 2d)`);
  if (text === '0') return 0;
  const [, amount, unit] = /^(\d+)(ms|s|m|h|d)$/.exec(text)!;
  return Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
}
