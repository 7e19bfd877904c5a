import {
  addWorkingTime,
  instantOf,
  isWithinWorkingHours,
  localTime,
  type Schedule,
} from '../../workflows/engine/working-hours';

const H = 3_600_000;
const utc = (iso: string) => Date.parse(iso);
const weekdays = (from: string, to: string) =>
  Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ from, to }]]));

describe('working hours', () => {
  const berlin: Schedule = {
    timeZone: 'Europe/Berlin',
    week: {
      ...weekdays('09:00', '13:00'),
      mon: [
        { from: '09:00', to: '13:00' },
        { from: '14:00', to: '18:00' },
      ],
    },
    holidays: ['2026-12-25'],
  };

  it('reads local time in the zone, across DST', () => {
    expect(localTime(utc('2026-03-28T12:00:00Z'), 'Europe/Berlin')).toMatchObject({
      minutes: 13 * 60,
      weekday: 'sat',
    });
    expect(localTime(utc('2026-03-30T12:00:00Z'), 'Europe/Berlin')).toMatchObject({
      minutes: 14 * 60,
      weekday: 'mon',
    });
  });

  it('maps local times to instants on DST nights (a skipped time moves past the jump; a repeated one takes the first)', () => {
    // Berlin 2026-03-29: 02:00 CET jumps to 03:00 CEST
    expect(instantOf(2026, 3, 29, 1 * 60 + 30, 'Europe/Berlin')).toBe(utc('2026-03-29T00:30:00Z'));
    expect(instantOf(2026, 3, 29, 2 * 60 + 30, 'Europe/Berlin')).toBe(utc('2026-03-29T01:30:00Z')); // shows 03:30
    expect(instantOf(2026, 3, 29, 3 * 60 + 30, 'Europe/Berlin')).toBe(utc('2026-03-29T01:30:00Z'));
    // Berlin 2026-10-25: 03:00 CEST falls back to 02:00 CET, so 02:30 happens twice
    expect(instantOf(2026, 10, 25, 2 * 60 + 30, 'Europe/Berlin')).toBe(utc('2026-10-25T00:30:00Z'));
    expect(instantOf(2026, 10, 25, 4 * 60, 'Europe/Berlin')).toBe(utc('2026-10-25T03:00:00Z'));
    // New York 2026-11-01: 02:00 EDT falls back to 01:00 EST
    expect(instantOf(2026, 11, 1, 1 * 60 + 30, 'America/New_York')).toBe(utc('2026-11-01T05:30:00Z'));
  });

  it('knows the working intervals, weekends and holidays', () => {
    expect(isWithinWorkingHours(berlin, utc('2026-03-30T07:30:00Z'))).toBe(true); // Mon 09:30 CEST
    expect(isWithinWorkingHours(berlin, utc('2026-03-30T11:30:00Z'))).toBe(false); // Mon 13:30, lunch
    expect(isWithinWorkingHours(berlin, utc('2026-03-30T12:00:00Z'))).toBe(true); // Mon 14:00
    expect(isWithinWorkingHours(berlin, utc('2026-03-30T16:00:00Z'))).toBe(false); // Mon 18:00: the end is out
    expect(isWithinWorkingHours(berlin, utc('2026-03-28T09:00:00Z'))).toBe(false); // Saturday
    expect(isWithinWorkingHours(berlin, utc('2026-12-25T09:00:00Z'))).toBe(false); // a Friday, but a holiday
    expect(isWithinWorkingHours(berlin, utc('2026-12-24T09:00:00Z'))).toBe(true);
    // the same UTC hour is inside in winter and outside in summer: 08:30Z is 09:30 CET / 10:30 CEST…
    const earlyOnly: Schedule = { timeZone: 'Europe/Berlin', week: weekdays('09:00', '10:00') };
    expect(isWithinWorkingHours(earlyOnly, utc('2026-03-27T08:30:00Z'))).toBe(true); // Fri, CET
    expect(isWithinWorkingHours(earlyOnly, utc('2026-03-30T08:30:00Z'))).toBe(false); // Mon, CEST: 10:30
  });

  it('counts working time only, over lunch, weekends and holidays', () => {
    // Fri 12:00 CET + 2 h of work: 1 h on Friday, then Monday 09:00 + 1 h
    expect(addWorkingTime(berlin, utc('2026-03-27T11:00:00Z'), 2 * H)).toBe(utc('2026-03-30T08:00:00Z'));
    // Mon 12:30 CEST + 1 h: 30 min before lunch, then 14:00 + 30 min
    expect(addWorkingTime(berlin, utc('2026-03-30T10:30:00Z'), H)).toBe(utc('2026-03-30T12:30:00Z'));
    // from outside hours, the count starts when work does
    expect(addWorkingTime(berlin, utc('2026-03-30T05:00:00Z'), H)).toBe(utc('2026-03-30T08:00:00Z'));
    // Thu 24 Dec 12:30 + 1 h: Friday is a holiday, the weekend follows: Monday 28 Dec 09:30 CET
    expect(addWorkingTime(berlin, utc('2026-12-24T11:30:00Z'), H)).toBe(utc('2026-12-28T08:30:00Z'));
  });

  it('counts a DST night as the wall clock does', () => {
    const nights: Schedule = {
      timeZone: 'Europe/Berlin',
      week: { sat: [{ from: '22:00', to: '24:00' }], sun: [{ from: '00:00', to: '06:00' }] },
    };
    // Saturday 28 Mar 22:00 CET → Sunday 06:00 CEST is 8 h on the wall but 7 h of real time
    const start = utc('2026-03-28T21:00:00Z');
    expect(addWorkingTime(nights, start, 7 * H)).toBe(utc('2026-03-29T04:00:00Z')); // Sun 06:00 CEST
    expect(isWithinWorkingHours(nights, utc('2026-03-29T03:59:00Z'))).toBe(true);
    // Saturday 24 Oct 22:00 CEST → Sunday 06:00 CET holds 9 h of real time
    expect(addWorkingTime(nights, utc('2026-10-24T20:00:00Z'), 9 * H)).toBe(utc('2026-10-25T05:00:00Z'));
  });

  it('refuses to wait for working time that never comes', () => {
    expect(() => addWorkingTime({ timeZone: 'UTC', week: {} }, 0, H)).toThrow(/no working time/);
  });
});
