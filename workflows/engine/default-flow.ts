import type { Flow } from '../../schemas/generated/flow';

/**
 * What a dialog runs when its line has no published flow yet: the dialog is recorded and stays open
 * for operators. The Open Lines default flow (queue, KPI, rating…) replaces it once lines publish one.
 */
export const FALLBACK_FLOW: Flow = {
  schemaVersion: 1,
  name: 'No published flow',
  nodes: [
    { id: 'started', type: 'trigger', params: { event: 'dialog.started' } },
    { id: 'end', type: 'end', params: {} },
  ],
  edges: [{ source: 'started', target: 'end' }],
};
