import type { DataSource } from 'typeorm';
import type { Catalog } from '../../activities/registry';
import type { Flow } from '../../schemas/generated/flow';
import type { FlowScenariosRequest } from '../../schemas/generated/flow-scenarios-request';
import type { FlowSimulationRequest } from '../../schemas/generated/flow-simulation-request';
import {
  currentFlowOf,
  savedScenarios,
  saveScenarios,
  simulateOnLine,
} from '../flow-simulation/simulate-on-line';
import type { ApiRoutes } from '../api-routes';
import { lineOrNotFound } from '../auth/line-access';
import { HttpError, notFound } from '../errors';
import { flowErrors } from '../../workflows/engine/validate-flow';
import { SimulationTooLong } from '../../workflows/simulate/dry-run';

/**
 * The flow designer's "Try it" (docs/flows.md §8): a dry run of a flow on a line's real settings and
 * operators on the virtual clock, and the scenarios an admin saves with the line's flow.
 */
export function flowSimulationRoutes(
  routes: ApiRoutes,
  { db, catalog }: { db: DataSource; catalog: Catalog },
): void {
  const tag = 'Flows';
  const admin = ['admin'] as const;

  const lineOrFail = (lineId: string) => lineOrNotFound(db, lineId);

  routes.add(
    {
      method: 'post',
      path: '/api/lines/:lineId/flow/simulate',
      tag,
      summary:
        "Dry-run a flow (the body's, else the line's draft, else its newest version) on the line's settings and operators: nothing is sent or stored; 422 with the validator's problems when the flow cannot run",
      audience: admin,
      body: 'flowSimulationRequest',
      success: { status: 200, description: 'what the run did', schema: 'flowSimulation' },
      errors: [404, 422],
    },
    async (req, res) => {
      const line = await lineOrFail(String(req.params.lineId));
      const body = req.body as FlowSimulationRequest;
      const flow: Flow | undefined = body.flow ?? (await currentFlowOf(db, line.id));
      if (!flow) throw notFound(`Line ${line.id} has no flow`);
      const problems = flowErrors(flow, catalog);
      if (problems.length)
        throw new HttpError(422, 'invalid_flow', `The flow has ${problems.length} problem(s)`, problems);
      try {
        res.json(await simulateOnLine(db, line.id, flow, body.script));
      } catch (error) {
        if (error instanceof SimulationTooLong)
          throw new HttpError(422, 'simulation_too_long', error.message, [
            { pointer: '/script/runFor', message: error.message },
          ]);
        throw error;
      }
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/api/lines/:lineId/flow/scenarios',
      tag,
      summary: "The scenarios saved with the line's flow, in order",
      audience: admin,
      success: { status: 200, description: 'the saved scenarios', schema: 'flowScenarioList' },
      errors: [404],
    },
    async (req, res) => {
      const line = await lineOrFail(String(req.params.lineId));
      res.json({ items: await savedScenarios(db, line.id) });
    },
  );

  routes.add(
    {
      method: 'put',
      path: '/api/lines/:lineId/flow/scenarios',
      tag,
      summary:
        "Replace the scenarios saved with the line's flow (names unique); publishing plays those with an expectation and warns of each one that fails",
      audience: admin,
      body: 'flowScenariosRequest',
      success: { status: 200, description: 'the saved scenarios', schema: 'flowScenarioList' },
      errors: [404],
    },
    async (req, res) => {
      const line = await lineOrFail(String(req.params.lineId));
      const { items } = req.body as FlowScenariosRequest;
      await saveScenarios(db, line.id, items, req.user!.id);
      res.json({ items: await savedScenarios(db, line.id) });
    },
  );
}
