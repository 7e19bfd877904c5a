/* Generated from schemas/responses/stats-report.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * Statistics of the dialogs created in [from, to), per line and per operator (with format=csv: the same figures as text/csv).
 */
export interface StatsReport {
  from: string;
  to: string;
  lines: {
    lineId: string;
    lineName: string;
    totals: StatsFigures;
    operators: (StatsFigures & {
      /**
       * null: what no operator was responsible for
       */
      operatorId: string | null;
      operatorName: string | null;
    })[];
  }[];
}
export interface StatsFigures {
  dialogs: number;
  firstAnswer: {
    answered: number;
    p50Ms: number | null;
    p90Ms: number | null;
  };
  answer: {
    answers: number;
    averageMs: number | null;
    p50Ms: number | null;
  };
  kpiBreaches: number;
  ratings: {
    like: number;
    dislike: number;
    scored: number;
    averageScore: number | null;
  };
  spam: number;
  transfers: number;
}
