import { http } from '../api';
import type { Flow } from '../../../schemas/generated/flow';
import type { Catalog } from '../../../schemas/generated/responses/catalog';
import type { OperatorList } from '../../../schemas/generated/responses/operator-list';
import type { DialogDetail } from '../api/responses';
import type { FlowDraftView } from '../../../schemas/generated/responses/flow-draft-view';
import type { FlowPublished } from '../../../schemas/generated/responses/flow-published';
import type { FlowVersionList } from '../../../schemas/generated/responses/flow-version-list';
import type { FlowVersionView } from '../../../schemas/generated/responses/flow-version-view';

/**
 * The flow routes as the editor calls them (docs/flows.md §6): GET falls back to the newest version
 * and answers the draft's revision; PUT sends it as If-Match and gets 409 `stale_draft` when someone
 * else saved meanwhile. The answers' types are the server's response schemas'.
 */
export type FlowDraft = FlowDraftView;
export type FlowVersionItem = FlowVersionList['items'][number];
export type FlowVersionDetail = FlowVersionView;

const base = (lineId: string) => `/api/lines/${encodeURIComponent(lineId)}/flow`;
const quoted = (revision: number) => `"${revision}"`;

export const flowApi = {
  catalog: () => http.get<Catalog>('/api/catalog'),
  operators: () => http.get<OperatorList>('/api/operators'),
  dialog: (id: string) => http.get<DialogDetail>(`/api/dialogs/${encodeURIComponent(id)}`),
  draft: (lineId: string) => http.get<FlowDraft>(base(lineId)),
  save: (lineId: string, document: Flow, revision: number | null) =>
    http.request<FlowDraft>('PUT', base(lineId), {
      body: document,
      ...(revision !== null ? { headers: { 'if-match': quoted(revision) } } : {}),
    }),
  publish: (lineId: string, body: { note?: string; revision?: number }) =>
    http.post<FlowPublished>(`${base(lineId)}/publish`, body),
  versions: (lineId: string) => http.get<FlowVersionList>(`${base(lineId)}/versions`),
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
