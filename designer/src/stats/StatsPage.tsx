import { useId, useMemo, useState, type ReactNode } from 'react';
import { useQueries, useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useSession } from '../api/session';
import { errorText } from '../app/error-text';
import { formatDuration } from '../app/format';
import { useLines } from '../app/use-lines';
import { canSupervise } from '../app/use-me';
import { ChartFigure, CountsChart, FirstAnswerChart, OperatorCountsChart, RatingsChart } from './StatsCharts';
import { statsApi, type Figures, type LineFigures } from './stats-api';
import {
  buckets as makeBuckets,
  dayOf,
  periodRange,
  presetDays,
  type Bucket,
  type Preset,
} from './stats-period';
import { lineSeries, operatorRows } from './stats-series';
import './stats.css';

/** /stats — per line and per operator: dialogs, first answer, KPI breaches, ratings; CSV export. */
export function StatsPage() {
  const { t } = useTranslation();
  const role = useSession((s) => s.user?.role);
  if (!canSupervise(role))
    return (
      <main id="main" className="page-message">
        <h1>{t('stats.title')}</h1>
        <p>{t('stats.forbidden')}</p>
      </main>
    );
  return <Statistics />;
}

function Statistics() {
  const { t, i18n } = useTranslation();
  const lines = useLines();
  const [preset, setPreset] = useState<Preset>('30d');
  const [chosenLine, setChosenLine] = useState<string>('');
  const lineId = chosenLine || lines.lines[0]?.id || '';
  const line = lines.byId.get(lineId);
  const timeZone = line?.settings.timeZone ?? 'UTC';
  const today = dayOf(Date.now(), timeZone);
  const [custom, setCustom] = useState(() => presetDays('30d', today));
  const days = preset === 'custom' ? custom : presetDays(preset, today);
  const validDays = days.first <= days.last;
  const range = periodRange(days.first, validDays ? days.last : days.first, timeZone);
  const bucketList = useMemo(
    () => (validDays ? makeBuckets(days.first, days.last, timeZone) : []),
    [days.first, days.last, timeZone, validDays],
  );

  // the whole period, every line (the line comparison and each line's operators)
  const whole = useQuery({
    queryKey: ['stats', range.from, range.to],
    queryFn: ({ signal }) => statsApi.stats(range, signal),
    enabled: validDays,
  });
  // one call per day (or week) of the chosen line, for the figures over time
  const perBucket = useQueries({
    queries: bucketList.map((b) => ({
      queryKey: ['stats', b.from, b.to, lineId],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        statsApi.stats({ from: b.from, to: b.to, lineId }, signal),
      enabled: !!lineId,
      staleTime: 60_000,
    })),
  });
  const bucketAnswers = perBucket.map((q) => q.data);
  const bucketsLoading = perBucket.some((q) => q.isPending);
  const bucketError = perBucket.find((q) => q.isError)?.error;

  const dayLabel = (bucket: Bucket) => {
    const [y, m, d] = bucket.day.split('-').map(Number) as [number, number, number];
    return new Intl.DateTimeFormat(i18n.language, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
      new Date(Date.UTC(y, m - 1, d)),
    );
  };
  const series = lineSeries(lineId, bucketList, bucketAnswers, dayLabel);
  const weekly = isWeekly(bucketList);
  const current = whole.data?.lines.find((l) => l.lineId === lineId);
  const rows = current ? operatorRows(current, t('stats.nobody')) : [];

  return (
    <main id="main" className="stats">
      <div className="stats__head">
        <h1 className="stats__title">{t('stats.title')}</h1>
        <CsvButton range={range} disabled={!validDays} />
      </div>

      <form className="stats__controls" onSubmit={(e) => e.preventDefault()} aria-label={t('stats.controls')}>
        <Select label={t('stats.line')} value={lineId} onChange={setChosenLine}>
          {lines.lines.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
        </Select>
        <Select label={t('stats.period')} value={preset} onChange={(v) => setPreset(v as Preset)}>
          <option value="7d">{t('stats.presets.7d')}</option>
          <option value="30d">{t('stats.presets.30d')}</option>
          <option value="90d">{t('stats.presets.90d')}</option>
          <option value="custom">{t('stats.presets.custom')}</option>
        </Select>
        {preset === 'custom' && (
          <>
            <DateField
              label={t('stats.from')}
              value={custom.first}
              max={today}
              onChange={(first) => setCustom((c) => ({ ...c, first }))}
            />
            <DateField
              label={t('stats.to')}
              value={custom.last}
              max={today}
              onChange={(last) => setCustom((c) => ({ ...c, last }))}
            />
          </>
        )}
        <p className="stats__zone">
          {t('stats.range', { first: days.first, last: days.last, zone: timeZone })}
        </p>
      </form>

      {!validDays && (
        <p role="alert" className="stats__error">
          {t('stats.badRange')}
        </p>
      )}
      {whole.isError && (
        <p role="alert" className="stats__error">
          {t('stats.loadError', { reason: errorText(t, whole.error) })}
        </p>
      )}
      {lines.lines.length === 0 && !lines.isPending && <p className="stats__empty">{t('stats.noLines')}</p>}

      {current && <Tiles figures={current.totals} />}

      <section className="stats__section" aria-labelledby="stats-time">
        <h2 id="stats-time" className="stats__section-title">
          {t('stats.overTime', { line: line?.name ?? lineId })}
          <span className="stats__section-note">{weekly ? t('stats.byWeek') : t('stats.byDay')}</span>
        </h2>
        {bucketError ? (
          <p role="alert" className="stats__error">
            {t('stats.loadError', { reason: errorText(t, bucketError) })}
          </p>
        ) : bucketsLoading ? (
          <p className="stats__loading">{t('app.loading')}</p>
        ) : (
          <div className="stats__grid">
            <ChartFigure title={t('stats.charts.dialogsOverTime')}>
              <CountsChart data={series.counts} />
            </ChartFigure>
            <ChartFigure
              title={t('stats.charts.firstAnswerOverTime')}
              note={t('stats.charts.firstAnswerNote')}
            >
              <FirstAnswerChart data={series.times} bars />
            </ChartFigure>
          </div>
        )}
      </section>

      <section className="stats__section" aria-labelledby="stats-operators">
        <h2 id="stats-operators" className="stats__section-title">
          {t('stats.perOperator')}
        </h2>
        {whole.isPending ? (
          <p className="stats__loading">{t('app.loading')}</p>
        ) : rows.length === 0 ? (
          <p className="stats__empty">{t('stats.noDialogs')}</p>
        ) : (
          <>
            <div className="stats__grid stats__grid--3">
              <ChartFigure title={t('stats.charts.operatorDialogs')}>
                <OperatorCountsChart data={rows} />
              </ChartFigure>
              <ChartFigure
                title={t('stats.charts.operatorFirstAnswer')}
                note={t('stats.charts.firstAnswerNote')}
              >
                <FirstAnswerChart data={rows} bars height={Math.max(200, 60 + rows.length * 20)} />
              </ChartFigure>
              <ChartFigure title={t('stats.charts.ratings')}>
                <RatingsChart data={rows} />
              </ChartFigure>
            </div>
            <FiguresTable
              caption={t('stats.tableCaption', { line: line?.name ?? lineId })}
              rows={[
                ...rows.map((r) => ({
                  key: r.figures.operatorId ?? '-',
                  name: r.label,
                  figures: r.figures as Figures,
                })),
                { key: 'total', name: t('stats.total'), figures: current!.totals, total: true },
              ]}
            />
          </>
        )}
      </section>

      {whole.data && whole.data.lines.length > 1 && <LinesCompared lines={whole.data.lines} />}
    </main>
  );
}

/** Whether the buckets are weeks (more than one day apart). */
function isWeekly(list: readonly Bucket[]): boolean {
  return list.length > 1 && Date.parse(list[1]!.day) - Date.parse(list[0]!.day) > 86_400_000;
}

function Select({
  label,
  value,
  onChange,
  children,
}: {
  label: string;
  value: string;
  onChange(value: string): void;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <div className="stats__field">
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      <select id={id} className="select" value={value} onChange={(e) => onChange(e.target.value)}>
        {children}
      </select>
    </div>
  );
}

function DateField({
  label,
  value,
  max,
  onChange,
}: {
  label: string;
  value: string;
  max: string;
  onChange(v: string): void;
}) {
  const id = useId();
  return (
    <div className="stats__field">
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      <input
        id={id}
        type="date"
        className="select"
        value={value}
        max={max}
        onChange={(e) => e.target.value && onChange(e.target.value)}
      />
    </div>
  );
}

const duration = (t: TFunction, ms: number | null) => (ms === null ? '—' : formatDuration(t, ms));

const likes = (f: Figures) => `${f.ratings.like} / ${f.ratings.dislike}`;

function averageScore(t: TFunction, f: Figures): string {
  return f.ratings.scored && f.ratings.averageScore !== null
    ? t('stats.averageScore', { score: f.ratings.averageScore.toFixed(1), count: f.ratings.scored })
    : '—';
}

function Tiles({ figures }: { figures: Figures }) {
  const { t } = useTranslation();
  const scored = figures.ratings.scored > 0 && figures.ratings.averageScore !== null;
  const tiles: Array<[string, string, boolean?, string?]> = [
    [t('stats.tiles.dialogs'), String(figures.dialogs)],
    [t('stats.tiles.p50'), duration(t, figures.firstAnswer.p50Ms)],
    [t('stats.tiles.p90'), duration(t, figures.firstAnswer.p90Ms)],
    [t('stats.tiles.breaches'), String(figures.kpiBreaches), figures.kpiBreaches > 0],
    [t('stats.tiles.likes'), likes(figures)],
    [
      t('stats.tiles.score'),
      scored ? figures.ratings.averageScore!.toFixed(1) : '—',
      false,
      scored ? t('stats.scores', { count: figures.ratings.scored }) : undefined,
    ],
    [t('stats.tiles.spamTransfers'), `${figures.spam} / ${figures.transfers}`],
  ];
  return (
    <dl className="tiles">
      {tiles.map(([label, value, bad, note]) => (
        <div key={label} className={`tile${bad ? ' tile--bad' : ''}`}>
          <dt className="tile__label">{label}</dt>
          <dd className="tile__value">
            {value}
            {note && <span className="tile__note">{note}</span>}
          </dd>
        </div>
      ))}
    </dl>
  );
}

interface TableRow {
  key: string;
  name: string;
  figures: Figures;
  total?: boolean;
}

function FiguresTable({
  caption,
  rows,
  byLine = false,
}: {
  caption: string;
  rows: TableRow[];
  byLine?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap">
      <table className="figures">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{byLine ? t('stats.columns.line') : t('stats.columns.name')}</th>
            <th scope="col">{t('stats.columns.dialogs')}</th>
            <th scope="col">{t('stats.columns.p50')}</th>
            <th scope="col">{t('stats.columns.p90')}</th>
            <th scope="col">{t('stats.columns.answerP50')}</th>
            <th scope="col">{t('stats.columns.breaches')}</th>
            <th scope="col">{t('stats.columns.likes')}</th>
            <th scope="col">{t('stats.columns.score')}</th>
            <th scope="col">{t('stats.columns.spam')}</th>
            <th scope="col">{t('stats.columns.transfers')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} className={row.total ? 'is-total' : undefined}>
              <th scope="row">{row.name}</th>
              <td>{row.figures.dialogs}</td>
              <td>{duration(t, row.figures.firstAnswer.p50Ms)}</td>
              <td>{duration(t, row.figures.firstAnswer.p90Ms)}</td>
              <td>{duration(t, row.figures.answer.p50Ms)}</td>
              <td className={row.figures.kpiBreaches ? 'is-bad' : undefined}>{row.figures.kpiBreaches}</td>
              <td>{likes(row.figures)}</td>
              <td>{averageScore(t, row.figures)}</td>
              <td>{row.figures.spam}</td>
              <td>{row.figures.transfers}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function LinesCompared({ lines }: { lines: LineFigures[] }) {
  const { t } = useTranslation();
  const data = lines.map((l) => ({
    label: l.lineName,
    dialogs: l.totals.dialogs,
    breaches: l.totals.kpiBreaches,
    like: l.totals.ratings.like,
    dislike: l.totals.ratings.dislike,
    scored: l.totals.ratings.scored,
    p50: l.totals.firstAnswer.p50Ms,
    p90: l.totals.firstAnswer.p90Ms,
  }));
  return (
    <section className="stats__section" aria-labelledby="stats-lines">
      <h2 id="stats-lines" className="stats__section-title">
        {t('stats.linesCompared')}
      </h2>
      <div className="stats__grid">
        <ChartFigure title={t('stats.charts.lineDialogs')}>
          <OperatorCountsChart data={data} />
        </ChartFigure>
        <ChartFigure title={t('stats.charts.lineFirstAnswer')} note={t('stats.charts.firstAnswerNote')}>
          <FirstAnswerChart data={data} bars />
        </ChartFigure>
      </div>
      <FiguresTable
        caption={t('stats.linesCaption')}
        byLine
        rows={lines.map((l) => ({ key: l.lineId, name: l.lineName, figures: l.totals }))}
      />
    </section>
  );
}

/** Downloads GET /api/stats?format=csv: fetched with the token, handed to the browser as a file. */
function CsvButton({ range, disabled }: { range: { from: string; to: string }; disabled: boolean }) {
  const { t } = useTranslation();
  const [state, setState] = useState<'idle' | 'busy' | { error: string }>('idle');
  const download = async () => {
    setState('busy');
    try {
      const text = await statsApi.csv(range);
      const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `lineflow-stats-${range.from.slice(0, 10)}-${range.to.slice(0, 10)}.csv`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setState('idle');
    } catch (error) {
      setState({ error: errorText(t, error) });
    }
  };
  return (
    <div className="csv">
      <button
        type="button"
        className="button"
        disabled={disabled || state === 'busy'}
        onClick={() => void download()}
      >
        {t('stats.downloadCsv')}
      </button>
      {typeof state === 'object' && (
        <p role="alert" className="stats__error">
          {state.error}
        </p>
      )}
    </div>
  );
}
