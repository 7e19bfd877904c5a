import { DIALOG_STATUSES } from '../../db/entities';
import { decodeCursor, encodeCursor } from '../../api/dialogs/list-cursor';
import {
  dialogStats,
  firstAnswerer,
  laterAnswerTimes,
  percentile,
  type StatsDialog,
  type StatsMessage,
} from '../../api/stats/dialog-stats';
import { csvCell, csvDocument, statsCsv, STATS_CSV_HEADER } from '../../api/stats/stats-csv';
import { statsPeriod } from '../../api/stats/stats-period';
import { check } from '../../schemas/ajv';
import dialogListQuerySchema from '../../schemas/dialog-list-query.schema.json';

describe('percentile (nearest rank)', () => {
  it('is null without values', () => {
    expect(percentile([], 50)).toBeNull();
  });

  it('picks an observed value: the smallest with at least p% at or below it', () => {
    expect(percentile([30, 10, 20], 50)).toBe(20);
    expect(percentile([10, 20], 50)).toBe(10);
    expect(percentile([10, 20], 90)).toBe(20);
    const hundred = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1, unsorted on purpose
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 90)).toBe(90);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile([7], 90)).toBe(7);
    // 90% of 6 is 5.4 values: the rank rounds up to the 6th, never down to the 5th
    expect(percentile([1, 2, 3, 4, 5, 6], 90)).toBe(6);
    expect(percentile([1, 2, 3, 4, 5, 6], 50)).toBe(3);
  });

  it('does not reorder the caller’s array', () => {
    const values = [3, 1, 2];
    percentile(values, 50);
    expect(values).toEqual([3, 1, 2]);
  });
});

const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, seconds));
const msg = (
  author: StatsMessage['author'],
  second: number,
  authorId: string | null = null,
  hidden = false,
): StatsMessage => ({ dialogId: 'd1', author, authorId, hidden, createdAt: at(second) });

describe('answer clocks read from the messages', () => {
  const messages = [
    msg('client', 0),
    msg('operator', 5, 'op-a', true), // a hidden note is no answer
    msg('operator', 10, 'op-a'), // first answer (dialogs.firstAnswerMs)
    msg('client', 20),
    msg('client', 25), // the wait started at 20 already
    msg('bot', 27, null), // a bot neither starts nor ends a wait
    msg('operator', 30, 'op-b', true),
    msg('operator', 32, 'op-b'), // 12 s after 20
    msg('operator', 40, 'op-a'), // nothing was waiting
    msg('client', 50),
    msg('operator', 53, 'op-a'), // 3 s
    msg('client', 60), // still waiting: no time yet
  ];

  it('finds who gave the first visible answer', () => {
    expect(firstAnswerer(messages)).toBe('op-a');
    expect(firstAnswerer([msg('client', 0), msg('operator', 1, 'op-x', true)])).toBeNull();
  });

  it('times each later client wait until the next visible answer, to its author', () => {
    expect(laterAnswerTimes(messages)).toEqual([
      { operatorId: 'op-b', ms: 12_000 },
      { operatorId: 'op-a', ms: 3_000 },
    ]);
  });

  it('counts nothing before the first answer (that is the first-answer clock)', () => {
    expect(laterAnswerTimes([msg('client', 0), msg('client', 5), msg('operator', 9, 'op-a')])).toEqual([]);
  });
});

describe('dialogStats', () => {
  const dialog = (id: string, patch: Partial<StatsDialog>): StatsDialog => ({
    id,
    lineId: 'l1',
    status: 'closed',
    responsibleOperatorId: 'op-a',
    firstAnswerMs: null,
    kpiBreaches: 0,
    rating: null,
    ...patch,
  });
  const stats = dialogStats({
    lines: [
      { id: 'l1', name: 'Support' },
      { id: 'l2', name: 'Empty' },
    ],
    operatorNames: new Map([
      ['op-a', 'Ann'],
      ['op-b', 'Bob'],
    ]),
    dialogs: [
      dialog('d1', { firstAnswerMs: 1000, rating: 'like', kpiBreaches: 2 }),
      dialog('d2', { firstAnswerMs: 3000, rating: 4, responsibleOperatorId: 'op-b' }),
      dialog('d3', { firstAnswerMs: 2000, rating: 5, responsibleOperatorId: 'op-b' }),
      dialog('d4', { status: 'spam', responsibleOperatorId: null, rating: 'dislike' }),
      dialog('other-line', { lineId: 'l9', firstAnswerMs: 99 }),
    ],
    messages: [
      { ...msg('operator', 1, 'op-a'), dialogId: 'd2' }, // op-a answered d2 first, op-b took it later
      { ...msg('operator', 3, 'op-b'), dialogId: 'd3' },
    ],
    transfers: [
      { dialogId: 'd2', operatorId: 'op-a' },
      { dialogId: 'd2', operatorId: null },
      { dialogId: 'other-line', operatorId: 'op-a' },
    ],
  });

  it('reports every asked line, even one without dialogs, and only those', () => {
    expect(stats.map((l) => l.lineId)).toEqual(['l1', 'l2']);
    expect(stats[1]!.totals.dialogs).toBe(0);
    expect(stats[1]!.operators).toEqual([]);
    expect(stats[1]!.totals.firstAnswer).toEqual({ answered: 0, p50Ms: null, p90Ms: null });
  });

  it('totals the line over all its values', () => {
    expect(stats[0]!.totals).toEqual({
      dialogs: 4,
      firstAnswer: { answered: 3, p50Ms: 2000, p90Ms: 3000 },
      answer: { answers: 0, averageMs: null, p50Ms: null },
      kpiBreaches: 2,
      ratings: { like: 1, dislike: 1, scored: 2, averageScore: 4.5 },
      spam: 1,
      transfers: 2,
    });
  });

  it('gives each figure to whom it is about, the "no operator" row last', () => {
    const rows = stats[0]!.operators.map((o) => ({
      id: o.operatorId,
      name: o.operatorName,
      dialogs: o.dialogs,
      firstAnswers: o.firstAnswer.answered,
      p50: o.firstAnswer.p50Ms,
      transfers: o.transfers,
      spam: o.spam,
    }));
    expect(rows).toEqual([
      // d1 (responsible, answer without a message row: falls back to the responsible) and d2's first answer
      { id: 'op-a', name: 'Ann', dialogs: 1, firstAnswers: 2, p50: 1000, transfers: 1, spam: 0 },
      { id: 'op-b', name: 'Bob', dialogs: 2, firstAnswers: 1, p50: 2000, transfers: 0, spam: 0 },
      { id: null, name: null, dialogs: 1, firstAnswers: 0, p50: null, transfers: 1, spam: 1 },
    ]);
  });
});

describe('CSV', () => {
  it('quotes commas, quotes and line breaks, doubling quotes', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\rhere')).toBe('"cr\rhere"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(12.5)).toBe('12.5');
  });

  it('defuses text a spreadsheet would run as a formula, and then quotes it if needed', () => {
    for (const lead of ['=', '+', '-', '@']) expect(csvCell(`${lead}SUM(A1)`)).toBe(`'${lead}SUM(A1)`);
    expect(csvCell('=HYPERLINK("x","y")')).toBe(`"'=HYPERLINK(""x"",""y"")"`);
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell(-3)).toBe('-3'); // a number is data
  });

  it('joins rows with CRLF and ends with one', () => {
    expect(
      csvDocument([
        ['a', 1],
        [null, 'b,c'],
      ]),
    ).toBe('a,1\r\n,"b,c"\r\n');
  });

  it('writes a header, the operators of each line, then the line total', () => {
    const lines = dialogStats({
      lines: [{ id: 'l1', name: '=Sales, "EU"' }],
      operatorNames: new Map([['op-a', '@Ann']]),
      dialogs: [
        {
          id: 'd1',
          lineId: 'l1',
          status: 'closed',
          responsibleOperatorId: 'op-a',
          firstAnswerMs: 1500,
          kpiBreaches: 1,
          rating: 3,
        },
      ],
      messages: [],
      transfers: [],
    });
    const rows = statsCsv(lines).split('\r\n');
    expect(rows[0]).toBe(STATS_CSV_HEADER.join(','));
    expect(rows[1]).toBe(`operator,l1,"'=Sales, ""EU""",op-a,'@Ann,1,1,1500,1500,0,,,1,0,0,1,3,0,0`);
    expect(rows[2]).toBe(`total,l1,"'=Sales, ""EU""",,,1,1,1500,1500,0,,,1,0,0,1,3,0,0`);
    expect(rows.slice(3)).toEqual(['']);
  });
});

describe('list cursor', () => {
  it('round-trips the sort key and is URL-safe', () => {
    const position = { updatedAt: new Date('2026-03-01T10:00:00.123Z'), id: 'dialog-1' };
    const cursor = encodeCursor(position);
    expect(cursor).toMatch(/^[0-9]+\.[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual(position);
    expect(check('dialogListQuery', { cursor }).ok).toBe(true);
    expect(check('auditQuery', { cursor }).ok).toBe(true);
  });

  it('reads every cursor its schema allows as a position, so the document and the server agree', () => {
    for (const cursor of ['0.A', '999999999999999.x-_Y', '1772359200123.ZGlhbG9nLTE']) {
      expect(check('dialogListQuery', { cursor }).ok).toBe(true);
      expect(Number.isNaN(decodeCursor(cursor).updatedAt.getTime())).toBe(false);
    }
  });

  it.each([
    ['not a cursor', '0'],
    ['the old base64 JSON', Buffer.from('["2026-03-01T10:00:00.000Z","x"]').toString('base64url')],
    ['a time over 15 digits', '1234567890123456.eA'],
    ['a leading zero', '01.eA'],
    ['no id', '1.'],
  ])('refuses %s in the schema, and with 400 pointing at /cursor', (_, cursor) => {
    expect(check('dialogListQuery', { cursor }).ok).toBe(false);
    expect(() => decodeCursor(cursor)).toThrow(
      expect.objectContaining({ status: 400, details: [{ pointer: '/cursor', message: 'is malformed' }] }),
    );
  });
});

describe('list query schema', () => {
  it('accepts every dialog status in the status list, and only those', () => {
    // the schema's pattern spells the statuses out: it must keep up with the entity's list
    const pattern = dialogListQuerySchema.properties.status.pattern;
    const alternatives = /^\^\(([^)]*)\)/.exec(pattern)![1]!.split('|');
    expect([...alternatives].sort()).toEqual([...DIALOG_STATUSES].sort());
    expect(check('dialogListQuery', { status: DIALOG_STATUSES.join(',') }).ok).toBe(true);
    expect(check('dialogListQuery', { status: 'new,' }).ok).toBe(false);
    expect(check('dialogListQuery', { status: 'archived' }).ok).toBe(false);
  });

  it('takes limits 1 to 200 as strings', () => {
    for (const ok of ['1', '50', '199', '200']) expect(check('dialogListQuery', { limit: ok }).ok).toBe(true);
    for (const bad of ['0', '201', '050', '-1', '1.5', 'ten'])
      expect(check('dialogListQuery', { limit: bad }).ok).toBe(false);
    expect(check('dialogListQuery', { limit: 5 }).ok).toBe(false); // nothing is coerced
  });
});

describe('stats period', () => {
  const now = new Date('2026-05-31T12:00:00.000Z');

  it('defaults to the 30 days before now', () => {
    expect(statsPeriod({}, now)).toEqual({ from: new Date('2026-05-01T12:00:00.000Z'), to: now });
  });

  it('reads dates as UTC midnight and date-times with their offset', () => {
    expect(statsPeriod({ from: '2026-01-01', to: '2026-01-02T03:00+02:00' }, now)).toEqual({
      from: new Date('2026-01-01T00:00:00.000Z'),
      to: new Date('2026-01-02T01:00:00.000Z'),
    });
  });

  it.each([
    '2026-02-28',
    '2024-02-29',
    '2000-02-29',
    '0000-02-29',
    '2026-12-31T23:59:59.999Z',
    '2026-01-02T03:00+02:00',
  ])('takes %s in the query schema', (from) => {
    expect(check('statsQuery', { from }).ok).toBe(true);
    expect(Number.isNaN(statsPeriod({ from }, new Date('9999-01-01')).from.getTime())).toBe(false);
  });

  it.each([
    '2026-02-30',
    '2025-02-29',
    '1900-02-29',
    '0000-00-00',
    '2026-04-31',
    '2026-01-01T24:30Z',
    '2026-01-01T10:60Z',
    '2026-01-01T10:00:60Z',
    '2026-01-01T10:00',
    '2026-1-01',
    '',
  ])(
    'refuses %j in the query schema (the server checks the query with it before reading the period)',
    (from) => {
      expect(check('statsQuery', { from }).ok).toBe(false);
    },
  );

  it.each([
    [{ from: '2026-01-02', to: '2026-01-02' }, '/from'],
    [{ from: '2026-01-03', to: '2026-01-02' }, '/from'],
  ])('refuses %j with 400 at %s', (query, pointer) => {
    expect(() => statsPeriod(query, now)).toThrow(
      expect.objectContaining({ status: 400, details: [expect.objectContaining({ pointer })] }),
    );
  });
});
