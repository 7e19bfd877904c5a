import { UsageError } from '../../bench/options';
import { DEFAULT_CHAOS_OPTIONS, FAULT_KINDS, parseChaosArgs } from '../../chaos/options';
import { recoveryOf } from '../../chaos/run-chaos';

/** The reliability harness's own arithmetic and flags (its live run is test/integration/chaos-small). */
describe('the reliability harness', () => {
  it('runs every fault on both engines by default, and reads its flags', () => {
    expect(parseChaosArgs([])).toMatchObject({
      dialogs: 200,
      engines: ['mariadb', 'sqlite'],
      faults: [...FAULT_KINDS],
      workerKills: 10,
      mariadbOutageSeconds: 30,
      temporalOutageSeconds: 10,
    });
    expect(
      parseChaosArgs([
        '--db',
        'mariadb',
        '--dialogs',
        '20',
        '--faults',
        'worker-kill,mariadb-stop',
        '--no-markdown',
      ]),
    ).toMatchObject({
      engines: ['mariadb'],
      dialogs: 20,
      faults: ['worker-kill', 'mariadb-stop'],
      markdown: null,
    });
    expect(DEFAULT_CHAOS_OPTIONS.markdown).toMatch(/RELIABILITY\.md$/);
  });

  it('lists every bad flag at once', () => {
    expect(() => parseChaosArgs(['--db', 'oracle', '--faults', 'meteor', '--dialogs', '0'])).toThrow(
      UsageError,
    );
    try {
      parseChaosArgs(['--db', 'oracle', '--faults', 'meteor', '--dialogs', '0']);
    } catch (error) {
      expect((error as Error).message).toMatch(/--db[\s\S]*unknown meteor[\s\S]*--dialogs/);
    }
  });

  it('measures recovery from the fault, from its restore, and the longest stall until the next fault', () => {
    const fault = { kind: 'mariadb-stop' as const, label: 'x', startedAt: 1_000, restoredAt: 31_000 };
    // served at 500 (before), 31_200 and 31_400 (after the restore), then 40_000 and 100_000
    const served = [500, 31_400, 31_200, 40_000, 100_000];
    expect(recoveryOf(fault, served)).toMatchObject({
      firstServedAfterFaultMs: 30_200,
      firstServedAfterRestoreMs: 200,
      longestStallMs: 30_200,
    });
    // nothing served after the fault at all
    expect(recoveryOf(fault, [500])).toMatchObject({ firstServedAfterFaultMs: null, longestStallMs: null });
    // the stall after 40_000 belongs to the next fault, not to this one
    expect(
      recoveryOf({ ...fault, startedAt: 35_000, restoredAt: 36_000 }, served, 50_000).longestStallMs,
    ).toBe(5_000);
  });
});
