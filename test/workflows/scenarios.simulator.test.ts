import { loadCatalog } from '../../activities/registry';
import { validateFlow } from '../../workflows/engine/validate-flow';
import { simulate } from '../../workflows/simulate/scenario';
import { scenarios } from '../support/scenarios';

describe.each(scenarios)('scenario %s on the simulator', (_file, scenario) => {
  it('is a valid flow', () => {
    const result = validateFlow(scenario.flow, loadCatalog());
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it(scenario.name, async () => {
    expect(await simulate(scenario)).toEqual(scenario.expect);
  });
});
