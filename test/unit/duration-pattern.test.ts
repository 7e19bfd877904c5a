import { durationPattern, integerRange } from '../../schemas/duration-pattern';
import { ALL_SCHEMAS } from '../../schemas/ajv';
import { durationMs } from '../../schemas/durations';

describe('durationPattern: lineflowDuration said as a plain JSON Schema pattern', () => {
  it.each<[number, number]>([
    [1, 1],
    [0, 9],
    [3, 47],
    [10, 86_400],
    [17, 999],
    [1234, 98_765],
    [1, 200_000],
  ])('integerRange(%i, %i) matches exactly those integers, without leading zeros', (low, high) => {
    const range = new RegExp(`^(?:${integerRange(low, high)})$`);
    for (let n = 0; n <= high * 2 + 20; n++)
      if (range.test(String(n)) !== (n >= low && n <= high)) throw new Error(`${n}`);
    expect(range.test(`0${low}`)).toBe(false);
  });

  it.each([
    ['10s', '24h'],
    ['1m', '12h'],
    ['1s', '30d'],
    ['10s', '1h'],
    ['0', '1d'],
  ])('from %s to %s: a string matches exactly when it is a duration in that range', (min, max) => {
    const pattern = new RegExp(durationPattern(min, max));
    const [low, high] = [durationMs(min), durationMs(max)];
    for (const unit of ['ms', 's', 'm', 'h', 'd'])
      for (let n = 1; n < 2_000_000; n += n < 3000 ? 1 : 997) {
        const text = `${n}${unit}`;
        const ms = durationMs(text);
        if (pattern.test(text) !== (ms >= low && ms <= high)) throw new Error(`${text} in ${min}..${max}`);
      }
    for (const text of ['0', '05m', '1w', '', ' 1m', '9999999ms', '10000000ms', '1.5h'])
      expect([text, pattern.test(text)]).toEqual([
        text,
        (() => {
          try {
            const ms = durationMs(text);
            return ms >= low && ms <= high;
          } catch {
            return false;
          }
        })(),
      ]);
  });

  it('is the pattern of every lineflowDuration in our schemas (ajv refuses to start otherwise)', () => {
    const found: string[] = [];
    const walk = (node: unknown): void => {
      if (!node || typeof node !== 'object') return;
      const { lineflowDuration: range, pattern } = node as {
        lineflowDuration?: { min: string; max: string };
        pattern?: string;
      };
      if (range) {
        expect(pattern).toBe(durationPattern(range.min, range.max));
        found.push(`${range.min}-${range.max}`);
      }
      Object.values(node).forEach(walk);
    };
    ALL_SCHEMAS.forEach(walk);
    expect(found.length).toBeGreaterThanOrEqual(6);
  });
});
