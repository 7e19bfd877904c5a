import type { Figures, LineFigures } from './dialog-stats';

export type CsvValue = string | number | null;

/**
 * One CSV cell (RFC 4180). Text that a spreadsheet would run as a formula (starting with = + - @) gets a
 * leading `'` (OWASP "CSV injection"): names come from admins and clients, the file is opened by others.
 * Numbers are written as they are (a negative number is data, not a formula). A cell with a comma,
 * quote or line break is quoted, its quotes doubled. null is an empty cell.
 */
export function csvCell(value: CsvValue): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows to a CSV document: CRLF line ends, as RFC 4180 and spreadsheets expect. */
export const csvDocument = (rows: readonly CsvValue[][]): string =>
  rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';

export const STATS_CSV_HEADER = [
  'row',
  'lineId',
  'lineName',
  'operatorId',
  'operatorName',
  'dialogs',
  'firstAnswers',
  'firstAnswerP50Ms',
  'firstAnswerP90Ms',
  'answers',
  'answerAverageMs',
  'answerP50Ms',
  'kpiBreaches',
  'ratingLike',
  'ratingDislike',
  'ratingScored',
  'ratingAverageScore',
  'spam',
  'transfers',
];

/** Milliseconds and averages as whole numbers or at most two decimals, so the file reads cleanly. */
const rounded = (value: number | null) => (value === null ? null : Math.round(value * 100) / 100);

const figureCells = (f: Figures): CsvValue[] => [
  f.dialogs,
  f.firstAnswer.answered,
  f.firstAnswer.p50Ms,
  f.firstAnswer.p90Ms,
  f.answer.answers,
  rounded(f.answer.averageMs),
  f.answer.p50Ms,
  f.kpiBreaches,
  f.ratings.like,
  f.ratings.dislike,
  f.ratings.scored,
  rounded(f.ratings.averageScore),
  f.spam,
  f.transfers,
];

/**
 * The export of GET /api/stats?format=csv: a header, then per line its operators' rows (`row` =
 * `operator`; the "no operator" row has empty operator cells) followed by the line's `total` row.
 */
export function statsCsv(lines: readonly LineFigures[]): string {
  const rows: CsvValue[][] = [STATS_CSV_HEADER];
  for (const line of lines) {
    for (const operator of line.operators) {
      rows.push([
        'operator',
        line.lineId,
        line.lineName,
        operator.operatorId,
        operator.operatorName,
        ...figureCells(operator),
      ]);
    }
    rows.push(['total', line.lineId, line.lineName, null, null, ...figureCells(line.totals)]);
  }
  return csvDocument(rows);
}
