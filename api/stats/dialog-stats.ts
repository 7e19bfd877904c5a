import type { DialogStatus, MessageAuthor } from '../../db/entities';
import type { Rating } from '../../schemas/generated/rating';

/**
 * docs/product.md §3.11 statistics, computed in TypeScript over the rows of one period: the percentiles need the
 * values sorted, which SQLite and MariaDB cannot do alike in SQL; one pass over the period's dialogs is
 * fine at our sizes (a later version can pre-aggregate per day if periods grow large).
 */

/** The dialog columns the figures read. */
export interface StatsDialog {
  id: string;
  lineId: string;
  status: DialogStatus;
  responsibleOperatorId: string | null;
  firstAnswerMs: number | null;
  kpiBreaches: number;
  rating: Rating | null;
}

/** The message columns the answer times read. */
export interface StatsMessage {
  dialogId: string;
  author: MessageAuthor;
  authorId: string | null;
  hidden: boolean;
  createdAt: Date;
}

/** A `dialog.transferred` timeline event: who pressed "transfer" (null: the flow's transfer node). */
export interface StatsTransfer {
  dialogId: string;
  operatorId: string | null;
}

export interface Figures {
  dialogs: number;
  /** time from the dialog's start to its first answer the client saw (dialogs.firstAnswerMs) */
  firstAnswer: { answered: number; p50Ms: number | null; p90Ms: number | null };
  /** time from a later client message to the operator's next answer (from the messages) */
  answer: { answers: number; averageMs: number | null; p50Ms: number | null };
  kpiBreaches: number;
  /** the clients' ratings: like/dislike counts, and the 1–5 scores' count and average */
  ratings: { like: number; dislike: number; scored: number; averageScore: number | null };
  spam: number;
  transfers: number;
}

export interface OperatorFigures extends Figures {
  /** null: what no operator was responsible for (unanswered, spam before anyone took it, …) */
  operatorId: string | null;
  operatorName: string | null;
}

export interface LineFigures {
  lineId: string;
  lineName: string;
  totals: Figures;
  operators: OperatorFigures[];
}

/**
 * The nearest-rank percentile (the smallest value with at least p% of the values at or below it): always
 * a time that really happened, never an interpolation. null for no values.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

const average = (values: readonly number[]) =>
  values.length ? values.reduce((sum, v) => sum + v, 0) / values.length : null;

const isAnswer = (m: StatsMessage) => m.author === 'operator' && !m.hidden;

/** Who gave the dialog's first answer the client saw (its messages in order); null: nobody yet. */
export function firstAnswerer(messages: readonly StatsMessage[]): string | null {
  return messages.find(isAnswer)?.authorId ?? null;
}

/**
 * docs/product.md §3.9's second clock, read from one dialog's messages in order: after the first answer, the
 * client's first message that nobody has answered yet starts a wait; the next answer the client sees
 * (not a hidden note) ends it. Bot and system messages neither start nor end a wait.
 */
export function laterAnswerTimes(
  messages: readonly StatsMessage[],
): Array<{ operatorId: string | null; ms: number }> {
  const times: Array<{ operatorId: string | null; ms: number }> = [];
  let answeredOnce = false;
  let waitingSince: number | null = null;
  for (const message of messages) {
    if (message.author === 'client') {
      if (answeredOnce && waitingSince === null) waitingSince = message.createdAt.getTime();
    } else if (isAnswer(message)) {
      if (waitingSince !== null)
        times.push({ operatorId: message.authorId, ms: message.createdAt.getTime() - waitingSince });
      answeredOnce = true;
      waitingSince = null;
    }
  }
  return times;
}

/** The raw values of one row of figures while the rows are read. */
interface Tally {
  dialogs: number;
  firstAnswers: number[];
  answers: number[];
  kpiBreaches: number;
  like: number;
  dislike: number;
  scores: number[];
  spam: number;
  transfers: number;
}

const emptyTally = (): Tally => ({
  dialogs: 0,
  firstAnswers: [],
  answers: [],
  kpiBreaches: 0,
  like: 0,
  dislike: 0,
  scores: [],
  spam: 0,
  transfers: 0,
});

function figuresOf(t: Tally): Figures {
  return {
    dialogs: t.dialogs,
    firstAnswer: {
      answered: t.firstAnswers.length,
      p50Ms: percentile(t.firstAnswers, 50),
      p90Ms: percentile(t.firstAnswers, 90),
    },
    answer: { answers: t.answers.length, averageMs: average(t.answers), p50Ms: percentile(t.answers, 50) },
    kpiBreaches: t.kpiBreaches,
    ratings: { like: t.like, dislike: t.dislike, scored: t.scores.length, averageScore: average(t.scores) },
    spam: t.spam,
    transfers: t.transfers,
  };
}

export interface StatsRows {
  /** the lines to report, each even without dialogs */
  lines: ReadonlyArray<{ id: string; name: string }>;
  /** names of the operators the rows mention */
  operatorNames: ReadonlyMap<string, string>;
  dialogs: readonly StatsDialog[];
  /** the dialogs' messages, in order (createdAt, id) */
  messages: readonly StatsMessage[];
  transfers: readonly StatsTransfer[];
}

/**
 * Figures per line (the line a dialog is on now) and per operator. Each figure goes to whom it is about:
 * a dialog, its KPI breaches, rating and spam mark to its responsible operator; a first or later answer
 * to whoever wrote it; a transfer to whoever pressed it. Line totals are computed over all of the
 * line's values (a percentile of the line, not an average of its operators' percentiles).
 */
export function dialogStats(rows: StatsRows): LineFigures[] {
  const lineTotals = new Map(rows.lines.map((l) => [l.id, emptyTally()]));
  const operatorTallies = new Map(rows.lines.map((l) => [l.id, new Map<string | null, Tally>()]));
  const dialogById = new Map(rows.dialogs.map((d) => [d.id, d]));
  /** Adds to the line's total and to one operator's row of it. */
  const count = (lineId: string, operatorId: string | null, add: (tally: Tally) => void) => {
    const total = lineTotals.get(lineId);
    const byOperator = operatorTallies.get(lineId);
    if (!total || !byOperator) return; // a line not being reported
    add(total);
    const tally = byOperator.get(operatorId) ?? emptyTally();
    byOperator.set(operatorId, tally);
    add(tally);
  };

  const messagesOf = new Map<string, StatsMessage[]>();
  for (const message of rows.messages) {
    const list = messagesOf.get(message.dialogId) ?? [];
    list.push(message);
    messagesOf.set(message.dialogId, list);
  }

  for (const dialog of rows.dialogs) {
    const responsible = dialog.responsibleOperatorId;
    count(dialog.lineId, responsible, (t) => {
      t.dialogs += 1;
      t.kpiBreaches += dialog.kpiBreaches;
      if (dialog.status === 'spam') t.spam += 1;
      if (dialog.rating === 'like') t.like += 1;
      else if (dialog.rating === 'dislike') t.dislike += 1;
      else if (typeof dialog.rating === 'number') t.scores.push(dialog.rating);
    });
    const messages = messagesOf.get(dialog.id) ?? [];
    if (dialog.firstAnswerMs !== null) {
      const ms = dialog.firstAnswerMs;
      count(dialog.lineId, firstAnswerer(messages) ?? responsible, (t) => t.firstAnswers.push(ms));
    }
    for (const { operatorId, ms } of laterAnswerTimes(messages)) {
      count(dialog.lineId, operatorId, (t) => t.answers.push(ms));
    }
  }
  for (const transfer of rows.transfers) {
    const dialog = dialogById.get(transfer.dialogId);
    if (dialog) count(dialog.lineId, transfer.operatorId, (t) => (t.transfers += 1));
  }

  const nameOf = (id: string | null) => (id === null ? null : (rows.operatorNames.get(id) ?? null));
  return rows.lines.map((line) => ({
    lineId: line.id,
    lineName: line.name,
    totals: figuresOf(lineTotals.get(line.id)!),
    operators: [...operatorTallies.get(line.id)!.entries()]
      .map(([operatorId, tally]) => ({
        operatorId,
        operatorName: nameOf(operatorId),
        ...figuresOf(tally),
      }))
      // by name; the "no operator" row last
      .sort((a, b) =>
        a.operatorId === null
          ? 1
          : b.operatorId === null
            ? -1
            : (a.operatorName ?? a.operatorId).localeCompare(b.operatorName ?? b.operatorId) ||
              a.operatorId.localeCompare(b.operatorId),
      ),
  }));
}
