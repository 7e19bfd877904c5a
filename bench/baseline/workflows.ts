/** The baseline worker's workflows: both bare dialogs run on its one task queue (baseline-server.ts). */
export { baselineDialog } from './baseline.workflow';
export { floorDialog } from './floor.workflow';
