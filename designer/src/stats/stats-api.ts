import { http } from '../api';
import type { StatsFigures, StatsReport } from '../../../schemas/generated/responses/stats-report';

/** GET /api/stats: the server's generated response types, under the names this screen uses. */
export type Figures = StatsFigures;
export type StatsResponse = StatsReport;
export type LineFigures = StatsReport['lines'][number];
export type OperatorFigures = LineFigures['operators'][number];

export interface StatsRange {
  /** ISO instants: [from, to) */
  from: string;
  to: string;
  lineId?: string;
}

export const statsApi = {
  stats: (range: StatsRange, signal?: AbortSignal) =>
    http.get<StatsResponse>('/api/stats', { from: range.from, to: range.to, lineId: range.lineId }, signal),
  /** The CSV export, read with the bearer token like every call (a plain link could not send it). */
  csv: (range: StatsRange) =>
    http.request<string>('GET', '/api/stats', {
      query: { from: range.from, to: range.to, lineId: range.lineId, format: 'csv' },
    }),
};
