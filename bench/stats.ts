/** Small statistics for the benchmark: percentiles and Prometheus text parsing. */

export interface Summary {
  count: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of already sorted values. */
function rank(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

const round = (n: number, digits = 1) => (Number.isFinite(n) ? Number(n.toFixed(digits)) : n);

export function summarize(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / (sorted.length || 1);
  return {
    count: sorted.length,
    mean: round(mean),
    p50: round(rank(sorted, 50)),
    p95: round(rank(sorted, 95)),
    p99: round(rank(sorted, 99)),
    max: round(sorted.at(-1) ?? NaN),
  };
}

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses the Prometheus text format (what prom-client and the Temporal SDK core serve). */
export function parsePrometheus(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const l of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/** Sum of a metric's samples (over all label sets that `where` accepts), across several scrapes. */
export function total(
  scrapes: Sample[][],
  name: string,
  where: (labels: Record<string, string>) => boolean = () => true,
): number {
  let sum = 0;
  for (const samples of scrapes)
    for (const s of samples)
      if (s.name === name && where(s.labels) && Number.isFinite(s.value)) sum += s.value;
  return sum;
}

/** Sums by one label's value. */
export function totalsBy(scrapes: Sample[][], name: string, label: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const samples of scrapes)
    for (const s of samples)
      if (s.name === name && s.labels[label] !== undefined)
        out[s.labels[label]!] = (out[s.labels[label]!] ?? 0) + s.value;
  return out;
}
