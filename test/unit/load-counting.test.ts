import { countsTowardLoad, type LoadExclusion } from '../../workflows/engine/routing-rules';
import type { DialogStatus } from '../../workflows/engine/dialog-status';

/**
 * docs/product.md §3.3: which of an operator's open dialogs count toward their limit, under each
 * exclusion a line may set. `closed` is what an open dialog reads between its operator's close and the
 * end of the flow's reaction (the rating request): it counts exactly as an awaiting-rating dialog.
 */
describe('countsTowardLoad', () => {
  const counts = (status: DialogStatus, answered: boolean, exclude: LoadExclusion[]) =>
    countsTowardLoad({ status, answered }, exclude);

  it('counts every open dialog when the line excludes nothing', () => {
    for (const status of ['in_progress', 'waiting_client', 'closed_awaiting_rating', 'closed'] as const)
      expect(counts(status, true, [])).toBe(true);
  });

  it.each<[DialogStatus, boolean, LoadExclusion[], boolean]>([
    ['in_progress', false, ['answered'], true],
    ['in_progress', true, ['answered'], false],
    ['waiting_client', false, ['waiting_client'], false],
    ['in_progress', false, ['waiting_client'], true],
    ['closed_awaiting_rating', false, ['closed'], false],
    ['closed', false, ['closed'], false],
    ['closed', false, ['answered'], false],
    ['closed', false, ['waiting_client'], false],
    ['in_progress', true, ['closed'], true],
  ])('%s (answered: %s) excluding %j counts: %s', (status, answered, exclude, expected) => {
    expect(counts(status, answered, exclude)).toBe(expected);
  });
});
