import { http } from '../api';

/**
 * GET /api/stats as the statistics screen reads it (api/stats/dialog-stats.ts on the server). Declared
 * here beside the only screen that reads it; api/responses.ts does not declare it yet.
 */
export interface Figures {
  dialogs: number;
  firstAnswer: { answered: number; p50Ms: number | null; p90Ms: number | null };
  answer: { answers: number; averageMs: number | null; p50Ms: number | null };
  kpiBreaches: number;
  ratings: { like: number; dislike: number; scored: number; averageScore: number | null };
  spam: number;
  transfers: number;
}

export interface OperatorFigures extends Figures {
  /** null: what no operator was responsible for */
  operatorId: string | null;
  operatorName: string | null;
}

export interface LineFigures {
  lineId: string;
  lineName: string;
  totals: Figures;
  operators: OperatorFigures[];
}

export interface StatsResponse {
  from: string;
  to: string;
  lines: LineFigures[];
}

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
