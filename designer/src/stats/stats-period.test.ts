import { addDays, buckets, dayOf, periodRange, presetDays, startOfDay, zoneOffset } from './stats-period';

describe('statistics periods in a line time zone', () => {
  it('finds local midnight, also across a DST change', () => {
    expect(new Date(startOfDay('2026-06-01', 'UTC')).toISOString()).toBe('2026-06-01T00:00:00.000Z');
    expect(new Date(startOfDay('2026-06-01', 'Europe/Moscow')).toISOString()).toBe(
      '2026-05-31T21:00:00.000Z',
    );
    // Berlin goes from +1 to +2 on 29 March 2026
    expect(new Date(startOfDay('2026-03-29', 'Europe/Berlin')).toISOString()).toBe(
      '2026-03-28T23:00:00.000Z',
    );
    expect(new Date(startOfDay('2026-03-30', 'Europe/Berlin')).toISOString()).toBe(
      '2026-03-29T22:00:00.000Z',
    );
    expect(zoneOffset(Date.UTC(2026, 0, 1), 'America/New_York')).toBe(-5 * 3_600_000);
    expect(dayOf(Date.parse('2026-05-31T22:00:00Z'), 'Europe/Moscow')).toBe('2026-06-01');
  });

  it('ends presets today and covers whole days', () => {
    expect(presetDays('7d', '2026-03-03')).toEqual({ first: '2026-02-25', last: '2026-03-03' });
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(periodRange('2026-03-01', '2026-03-02', 'UTC')).toEqual({
      from: '2026-03-01T00:00:00.000Z',
      to: '2026-03-03T00:00:00.000Z',
    });
  });

  it('splits up to 31 days into days and longer periods into weeks, the last one cut at the end', () => {
    const days = buckets('2026-03-01', '2026-03-07', 'UTC');
    expect(days).toHaveLength(7);
    expect(days[6]).toEqual({
      day: '2026-03-07',
      from: '2026-03-07T00:00:00.000Z',
      to: '2026-03-08T00:00:00.000Z',
    });
    const weeks = buckets('2026-01-01', '2026-03-01', 'UTC'); // 60 days
    expect(weeks).toHaveLength(9);
    expect(weeks[0]!.to).toBe('2026-01-08T00:00:00.000Z');
    expect(weeks.at(-1)).toEqual({
      day: '2026-02-26',
      from: '2026-02-26T00:00:00.000Z',
      to: '2026-03-02T00:00:00.000Z',
    });
  });
});
