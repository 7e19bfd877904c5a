import { http } from '../api';
import type { Flow } from '../../../schemas/generated/flow';
import type { Catalog } from '../../../schemas/generated/responses/catalog';
import type { OperatorList } from '../../../schemas/generated/responses/operator-list';
import type { DialogDetail } from '../api/responses';
import type { FlowProblem } from '../../../workflows/engine/validate-flow';

/**
 * The flow routes as the editor calls them (docs/flows.md §6). Written for the API's draft contract:
 * GET falls back to the newest version and answers the draft's revision; PUT sends it as If-Match and
 * gets 409 `stale_draft` when someone else saved meanwhile. Answers of an API without revisions are
 * taken as they are (no revision, no If-Match).
 */
export interface FlowDraft {
  document: Flow;
  updatedAt?: string;
  updatedBy?: string | null;
  revision?: string | number | null;
  basedOnVersion?: number | null;
  problems?: FlowProblem[];
  warnings?: FlowProblem[];
}

export interface FlowVersionItem {
  version: number;
  name: string;
  publishedAt: string;
  publishedBy: string | null;
  publishedByName?: string | null;
  note?: string | null;
}

export interface FlowVersionDetail extends FlowVersionItem {
  document: Flow;
}

const base = (lineId: string) => `/api/lines/${encodeURIComponent(lineId)}/flow`;
const quoted = (revision: string | number) => `"${String(revision).replace(/"/g, '')}"`;

export const flowApi = {
  catalog: () => http.get<Catalog>('/api/catalog'),
  operators: () => http.get<OperatorList>('/api/operators'),
  dialog: (id: string) => http.get<DialogDetail>(`/api/dialogs/${encodeURIComponent(id)}`),
  draft: (lineId: string) => http.get<FlowDraft>(base(lineId)),
  save: (lineId: string, document: Flow, revision: string | number | null | undefined) =>
    http.request<FlowDraft>('PUT', base(lineId), {
      body: document,
      ...(revision !== null && revision !== undefined ? { headers: { 'if-match': quoted(revision) } } : {}),
    }),
  publish: (lineId: string, body: { note?: string; revision?: string | number }) =>
    http.post<{ version: number; warnings?: FlowProblem[] }>(`${base(lineId)}/publish`, body),
  versions: (lineId: string) => http.get<{ items: FlowVersionItem[] }>(`${base(lineId)}/versions`),
  version: (lineId: string, version: number) =>
    http.get<FlowVersionDetail>(`${base(lineId)}/versions/${version}`),
  restore: (lineId: string, version: number) => http.post<FlowDraft>(`${base(lineId)}/restore`, { version }),
};

/** A flow to start from when a line has neither a draft nor a version the API can give. */
export function emptyFlow(name: string): Flow {
  return {
    schemaVersion: 1,
    name,
    nodes: [
      { id: 'started', type: 'trigger', params: { event: 'dialog.started' }, position: { x: 0, y: 0 } },
    ],
    edges: [],
  };
}
