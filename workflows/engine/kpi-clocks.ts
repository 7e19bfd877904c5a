import type { EngineHost, KpiName } from './engine-host';

/**
 * docs/product.md §3.9's two clocks, as plain data kept in the engine's snapshot (so they run on across
 * continue-as-new) and watchers that wait on the host: the first answer, counted from the dialog's
 * start; and each later answer, counted from the client's message that followed an answer.
 */
export interface KpiClocks {
  startedAt: number;
  firstAnswerAt: number | null;
  /** the client wrote after an answer and waits for the next one since then; null: nobody waits */
  waitingSince: number | null;
  firstAnswerExceeded: boolean;
  /** the `waitingSince` whose answer clock already fired */
  answerExceededFor: number | null;
}

export const startClocks = (startedAt: number): KpiClocks => ({
  startedAt,
  firstAnswerAt: null,
  waitingSince: null,
  firstAnswerExceeded: false,
  answerExceededFor: null,
});

/** A client message: after an answer, it starts the answer clock (unless it already runs). */
export function clientWrote(clocks: KpiClocks, now: number): void {
  if (clocks.firstAnswerAt !== null && clocks.waitingSince === null) clocks.waitingSince = now;
}

/** An answer the client sees: stops both clocks. */
export function answered(clocks: KpiClocks, now: number): void {
  clocks.firstAnswerAt ??= now;
  clocks.waitingSince = null;
}

interface Watch {
  host: EngineHost;
  closed(): boolean;
  /** counts the breach and starts the flow's paths for it */
  breach(kpi: KpiName, thresholdMs: number): Promise<void>;
}

/** First clock: fires once if no answer comes within the threshold of the dialog's start. */
export async function watchFirstAnswer(clocks: KpiClocks, thresholdMs: number, watch: Watch): Promise<void> {
  if (clocks.firstAnswerAt !== null || clocks.firstAnswerExceeded) return;
  const left = clocks.startedAt + thresholdMs - watch.host.now();
  const settled = () => clocks.firstAnswerAt !== null || watch.closed();
  if (await watch.host.waitUntil(settled, Math.max(1, left))) return;
  clocks.firstAnswerExceeded = true;
  await watch.breach('firstAnswer', thresholdMs);
}

/** Second clock: fires once for each client message left unanswered for the threshold. */
export async function watchAnswers(clocks: KpiClocks, thresholdMs: number, watch: Watch): Promise<void> {
  const { host } = watch;
  while (!watch.closed()) {
    const waiting = () => clocks.waitingSince !== null && clocks.waitingSince !== clocks.answerExceededFor;
    await host.waitUntil(() => waiting() || watch.closed());
    if (watch.closed()) return;
    const since = clocks.waitingSince!;
    const moved = () => clocks.waitingSince !== since || watch.closed();
    if (await host.waitUntil(moved, Math.max(1, since + thresholdMs - host.now()))) continue;
    clocks.answerExceededFor = since;
    await watch.breach('answer', thresholdMs);
  }
}
