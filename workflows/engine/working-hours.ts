/**
 * Working hours (docs/product.md §3.5) as pure functions of an instant: a weekly schedule of local-time intervals
 * in the line's time zone, with holidays. Time zones and DST come from Intl (the same ICU data in the
 * workflow sandbox and in Node), so the answers are deterministic for a given instant.
 */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface Schedule {
  timeZone: string;
  /** local "HH:MM" intervals per weekday, `from` before `to` ("24:00" ends the day); none: a day off */
  week: Partial<Record<Weekday, Array<{ from: string; to: string }>>>;
  /** days off, "YYYY-MM-DD" in the schedule's time zone */
  holidays?: string[];
}

interface LocalTime {
  year: number;
  month: number;
  day: number;
  /** minutes since local midnight */
  minutes: number;
  weekday: Weekday;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock date and time of an instant in a time zone. */
export function localTime(at: number, timeZone: string): LocalTime & { seconds: number } {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(at)) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
    seconds: Number(parts.second),
    weekday: parts.weekday!.toLowerCase().slice(0, 3) as Weekday,
  };
}

/** How far ahead of UTC the zone's wall clock is at this instant, in ms. */
function offsetAt(at: number, timeZone: string): number {
  const l = localTime(at, timeZone);
  const wall = Date.UTC(l.year, l.month - 1, l.day, 0, l.minutes, l.seconds);
  return wall - Math.floor(at / 1000) * 1000;
}

/**
 * The instant at which the zone's clock shows this local date and time. A time skipped by a DST
 * change (02:30 on a spring-forward night) maps to the same distance past the jump; an hour that
 * happens twice (autumn) maps to its first occurrence.
 */
export function instantOf(
  year: number,
  month: number,
  day: number,
  minutes: number,
  timeZone: string,
): number {
  const wall = Date.UTC(year, month - 1, day, 0, minutes);
  // The zone's offsets a day either side: the only two a DST change can put in between.
  const before = wall - offsetAt(wall - 86_400_000, timeZone);
  const after = wall - offsetAt(wall + 86_400_000, timeZone);
  const shows = (t: number) => {
    const l = localTime(t, timeZone);
    return l.year === year && l.month === month && l.day === day && l.minutes === minutes;
  };
  const showing = [before, after].filter(shows).sort((x, y) => x - y);
  return showing[0] ?? before;
}

const toMinutes = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
};
const isoDate = (l: Pick<LocalTime, 'year' | 'month' | 'day'>): string =>
  `${l.year}-${String(l.month).padStart(2, '0')}-${String(l.day).padStart(2, '0')}`;

function intervalsOn(schedule: Schedule, l: LocalTime): Array<{ from: number; to: number }> {
  if (schedule.holidays?.includes(isoDate(l))) return [];
  return (schedule.week[l.weekday] ?? []).map((i) => ({ from: toMinutes(i.from), to: toMinutes(i.to) }));
}

/** Is the line working at this instant? */
export function isWithinWorkingHours(schedule: Schedule, at: number): boolean {
  const l = localTime(at, schedule.timeZone);
  return intervalsOn(schedule, l).some((i) => i.from <= l.minutes && l.minutes < i.to);
}

/** How many days ahead to look for working time before deciding the schedule has none. */
const HORIZON_DAYS = 400;

/**
 * The instant by which `durationMs` of working time has passed since `from` (a delay that counts
 * working hours only). Intervals are taken day by day in local time, so a DST night is an hour
 * shorter or longer in instants, as the clock on the wall says. Throws when the schedule has no
 * working time at all within a year.
 */
export function addWorkingTime(schedule: Schedule, from: number, durationMs: number): number {
  let left = durationMs;
  const start = localTime(from, schedule.timeZone);
  // Walk local calendar days (noon UTC of the local date keeps the date arithmetic clear of DST).
  let cursor = Date.UTC(start.year, start.month - 1, start.day, 12);
  for (let d = 0; d < HORIZON_DAYS; d++, cursor += 86_400_000) {
    const date = new Date(cursor);
    const [year, month, day] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
    const weekday = WEEKDAYS[(date.getUTCDay() + 6) % 7]!;
    for (const i of intervalsOn(schedule, { year, month, day, minutes: 0, weekday })) {
      const begins = Math.max(instantOf(year, month, day, i.from, schedule.timeZone), from);
      const ends = instantOf(year, month, day, i.to, schedule.timeZone);
      if (ends <= begins) continue;
      if (left <= ends - begins) return begins + left;
      left -= ends - begins;
    }
  }
  throw new Error(`the schedule has no working time within ${HORIZON_DAYS} days`);
}
