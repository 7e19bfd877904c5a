import { durationMs } from './durations';

/**
 * The exact `pattern` of the durations from `min` to `max` ("10s" to "24h"): what `lineflowDuration`
 * checks, said in plain JSON Schema, so that the OpenAPI document, the browser's forms and any other
 * validator refuse the same strings as the server (a custom keyword is only an annotation to them).
 * A schema with `lineflowDuration` must carry this pattern; schemas/ajv.ts refuses to start otherwise.
 */
export function durationPattern(min: string, max: string): string {
  const [from, to] = [durationMs(min), durationMs(max)];
  const units: Array<[string, number]> = [
    ['ms', 1],
    ['s', 1000],
    ['m', 60_000],
    ['h', 3_600_000],
    ['d', 86_400_000],
  ];
  const alternatives = from === 0 ? ['0'] : [];
  for (const [unit, ms] of units) {
    // the pattern of every duration: 1 to 7 digits, no leading zero
    const low = Math.max(1, Math.ceil(from / ms));
    const high = Math.min(9_999_999, Math.floor(to / ms));
    if (low <= high) alternatives.push(`${group(integerRange(low, high))}${unit}`);
  }
  return `^(${alternatives.join('|')})$`;
}

const group = (source: string) => (source.includes('|') ? `(?:${source})` : source);
const digitClass = (a: number, b: number) => (a === b ? `${a}` : a === 0 && b === 9 ? '\\d' : `[${a}-${b}]`);
const repeat = (n: number) => (n === 1 ? '' : `{${n}}`);
/** the digits a..b, then `rest` digits of any value */
function leading(a: number, b: number, rest: number): string {
  if (a === 0 && b === 9) return `\\d${repeat(rest + 1)}`;
  return `${digitClass(a, b)}${rest ? `\\d${repeat(rest)}` : ''}`;
}

/** A regular expression source matching exactly the decimal integers low..high (no leading zeros). */
export function integerRange(low: number, high: number): string {
  const parts: string[] = [];
  let whole: [number, number] | undefined; // a run of lengths where every number is in: [1-9]\d{m,n}
  const flush = () => {
    if (!whole) return;
    const [m, n] = whole.map((d) => d - 1) as [number, number];
    parts.push(n === 0 ? '[1-9]' : `[1-9]\\d${m === n ? repeat(n) : `{${m},${n}}`}`);
    whole = undefined;
  };
  for (let digits = String(low).length; digits <= String(high).length; digits++) {
    const first = digits === 1 ? 0 : 10 ** (digits - 1);
    const [a, b] = [Math.max(low, first), Math.min(high, 10 ** digits - 1)];
    if (a > b) continue;
    if (digits > 1 && a === first && b === 10 ** digits - 1) {
      whole = whole ? [whole[0], digits] : [digits, digits];
      continue;
    }
    flush();
    parts.push(sameLength(String(a), String(b)));
  }
  flush();
  return parts.join('|');
}

/** low..high written with the same number of digits. */
function sameLength(a: string, b: string): string {
  if (a === b) return a;
  const rest = a.length - 1;
  const [restA, restB] = [a.slice(1), b.slice(1)];
  let [a0, b0] = [Number(a[0]), Number(b[0])];
  if (a0 === b0) return `${a0}${group(sameLength(restA, restB))}`;
  const parts: string[] = [];
  if (!/^0*$/.test(restA)) parts.push(`${a0++}${group(sameLength(restA, '9'.repeat(rest)))}`);
  const tail = /^9*$/.test(restB) ? undefined : `${b0--}${group(sameLength('0'.repeat(rest), restB))}`;
  if (a0 <= b0) parts.push(leading(a0, b0, rest));
  if (tail) parts.push(tail);
  return parts.join('|');
}
