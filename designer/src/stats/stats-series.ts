import type { Bucket } from './stats-period';
import type { CountPoint, OperatorPoint, TimePoint } from './StatsCharts';
import type { LineFigures, OperatorFigures, StatsResponse } from './stats-api';

/** One point per bucket: the line's dialogs, breaches and first-answer percentiles of that bucket. */
export function lineSeries(
  lineId: string,
  buckets: readonly Bucket[],
  answers: ReadonlyArray<StatsResponse | undefined>,
  label: (bucket: Bucket) => string,
): { counts: CountPoint[]; times: TimePoint[] } {
  const counts: CountPoint[] = [];
  const times: TimePoint[] = [];
  buckets.forEach((bucket, i) => {
    const totals = answers[i]?.lines.find((l) => l.lineId === lineId)?.totals;
    counts.push({ label: label(bucket), dialogs: totals?.dialogs ?? 0, breaches: totals?.kpiBreaches ?? 0 });
    times.push({
      label: label(bucket),
      p50: totals?.firstAnswer.p50Ms ?? null,
      p90: totals?.firstAnswer.p90Ms ?? null,
    });
  });
  return { counts, times };
}

/** Operators of a line as chart rows; the "no operator" row is named by `nobody`. */
export function operatorRows(
  line: LineFigures,
  nobody: string,
): Array<OperatorPoint & TimePoint & { figures: OperatorFigures }> {
  return line.operators.map((o) => ({
    label: o.operatorName ?? (o.operatorId === null ? nobody : o.operatorId),
    dialogs: o.dialogs,
    breaches: o.kpiBreaches,
    like: o.ratings.like,
    dislike: o.ratings.dislike,
    scored: o.ratings.scored,
    p50: o.firstAnswer.p50Ms,
    p90: o.firstAnswer.p90Ms,
    figures: o,
  }));
}
