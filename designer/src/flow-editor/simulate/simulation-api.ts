import { http } from '../../api';
import type { Flow } from '../../../../schemas/generated/flow';
import type { FlowScenario } from '../../../../schemas/generated/flow-scenario';
import type { FlowSimulationScript } from '../../../../schemas/generated/flow-simulation-script';
import type { FlowSimulation } from '../../../../schemas/generated/responses/flow-simulation';
import type { OperatorList } from '../../../../schemas/generated/responses/operator-list';
import type { DialogWorkflow } from '../../../../schemas/generated/responses/dialog-workflow';

/** The "Try it" calls (docs/flows.md §8), typed by the server's generated request and response types. */
export type SimulationScript = FlowSimulationScript;
export type ScriptEvent = SimulationScript['events'][number];
export type Simulation = FlowSimulation;
export type RoutingEntry = Simulation['routing'][number];
export type SkipReason = NonNullable<RoutingEntry['skipped']>[number]['reason'];
export type SimulationStep = Simulation['steps'][number];
export type SavedScenario = FlowScenario;

const linePath = (lineId: string) => `/api/lines/${encodeURIComponent(lineId)}/flow`;

export const simulationApi = {
  run: (lineId: string, flow: Flow, script: SimulationScript) =>
    http.post<Simulation>(`${linePath(lineId)}/simulate`, { flow, script }),
  scenarios: (lineId: string) => http.get<{ items: SavedScenario[] }>(`${linePath(lineId)}/scenarios`),
  saveScenarios: (lineId: string, items: SavedScenario[]) =>
    http.request<{ items: SavedScenario[] }>('PUT', `${linePath(lineId)}/scenarios`, { body: { items } }),
  /** the employees (admins see everyone); the panel keeps those of the line */
  operators: () => http.get<OperatorList>('/api/operators'),
  dialogWorkflow: (dialogId: string) =>
    http.get<DialogWorkflow>(`/api/dialogs/${encodeURIComponent(dialogId)}/workflow`),
};
