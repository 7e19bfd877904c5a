/**
 * The periods the statistics screen asks for, in a line's time zone: whole days from local midnight,
 * split into buckets (days, or weeks for long periods) so figures can be drawn over time. The API
 * reports one period per call, so each bucket is one call.
 */

export type Preset = '7d' | '30d' | '90d' | 'custom';

export interface Bucket {
  /** YYYY-MM-DD of the bucket's first day, in the time zone */
  day: string;
  from: string;
  to: string;
}

const DAY = 86_400_000;

/** The offset of `timeZone` from UTC at an instant, in milliseconds (east positive). */
export function zoneOffset(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant a calendar day (YYYY-MM-DD) begins in `timeZone`. */
export function startOfDay(day: string, timeZone: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d);
  let instant = wall - zoneOffset(wall, timeZone);
  // the offset can differ at the instant itself (a DST change that night): settle on it
  instant = wall - zoneOffset(instant, timeZone);
  return instant;
}

/** The calendar day (YYYY-MM-DD) of an instant in `timeZone`. */
export function dayOf(instant: number, timeZone: string): string {
  return new Date(instant).toLocaleDateString('en-CA', { timeZone });
}

/** YYYY-MM-DD plus n days (calendar arithmetic, no time zone involved). */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) + n * DAY).toISOString().slice(0, 10);
}

/** First and last day (inclusive) of a preset ending today. */
export function presetDays(
  preset: Exclude<Preset, 'custom'>,
  today: string,
): { first: string; last: string } {
  const days = preset === '7d' ? 7 : preset === '30d' ? 30 : 90;
  return { first: addDays(today, -(days - 1)), last: today };
}

/** Days (first..last inclusive) as buckets of 1 day, or 7 when there are more than 31 days. */
export function buckets(first: string, last: string, timeZone: string): Bucket[] {
  const result: Bucket[] = [];
  let count = 0;
  for (let d = first; d <= last; d = addDays(d, 1)) count += 1;
  const size = count > 31 ? 7 : 1;
  for (let day = first; day <= last; day = addDays(day, size)) {
    const end = addDays(day, size) > addDays(last, 1) ? addDays(last, 1) : addDays(day, size);
    result.push({
      day,
      from: new Date(startOfDay(day, timeZone)).toISOString(),
      to: new Date(startOfDay(end, timeZone)).toISOString(),
    });
  }
  return result;
}

/** The whole period [first 00:00, the day after last 00:00) as ISO instants. */
export function periodRange(first: string, last: string, timeZone: string): { from: string; to: string } {
  return {
    from: new Date(startOfDay(first, timeZone)).toISOString(),
    to: new Date(startOfDay(addDays(last, 1), timeZone)).toISOString(),
  };
}
