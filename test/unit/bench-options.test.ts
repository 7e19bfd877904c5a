import { BENCH_USAGE, DEFAULT_OPTIONS, parseBenchArgs, UsageError } from '../../bench/options';

/** bench/options.ts: the flags that pick what one benchmark run measures. */
describe('lineflow bench flags', () => {
  it('runs the baseline, the floor and the web figures unless told not to', () => {
    expect(parseBenchArgs([])).toMatchObject({ baseline: true, floor: true, web: true });
    expect(DEFAULT_OPTIONS).toMatchObject({ baseline: true, floor: true, web: true });
  });

  it('--no-floor and --no-web skip each on its own, as --no-baseline does', () => {
    expect(parseBenchArgs(['--no-floor'])).toMatchObject({ baseline: true, floor: false, web: true });
    expect(parseBenchArgs(['--no-web'])).toMatchObject({ baseline: true, floor: true, web: false });
    expect(parseBenchArgs(['--no-baseline', '--no-floor', '--no-web'])).toMatchObject({
      baseline: false,
      floor: false,
      web: false,
    });
  });

  it('lists every flag in its usage text', () => {
    for (const flag of ['--no-baseline', '--no-floor', '--no-web']) expect(BENCH_USAGE).toContain(flag);
  });

  it('still reports every problem at once', () => {
    expect(() => parseBenchArgs(['--no-flor', '--dialogs', '0'])).toThrow(UsageError);
    try {
      parseBenchArgs(['--no-flor', '--dialogs', '0']);
    } catch (error) {
      expect((error as Error).message).toMatch(/unknown option --no-flor[\s\S]*--dialogs needs/);
    }
  });
});
