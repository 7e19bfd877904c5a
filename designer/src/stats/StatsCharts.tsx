import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

export const COLORS = {
  dialogs: '#4f46e5',
  breaches: '#dc2626',
  p50: '#0e7490',
  p90: '#9333ea',
  like: '#15803d',
  dislike: '#b42318',
  scored: '#b45309',
};

/** A chart with its title; the figure is described by the table below it for screen readers. */
export function ChartFigure({
  title,
  children,
  note,
}: {
  title: string;
  children: ReactNode;
  note?: string;
}) {
  return (
    <figure className="chart">
      <figcaption className="chart__title">{title}</figcaption>
      <div className="chart__body">{children}</div>
      {note && <p className="chart__note">{note}</p>}
    </figure>
  );
}

/** Times are drawn in seconds while they are short, in minutes otherwise (one decimal). */
function timeScale(data: readonly TimePoint[]): { div: number; unitKey: string } {
  const max = Math.max(0, ...data.flatMap((d) => [d.p50 ?? 0, d.p90 ?? 0]));
  return max < 120_000
    ? { div: 1000, unitKey: 'stats.secondsShort' }
    : { div: 60_000, unitKey: 'stats.minutesShort' };
}
const scaled = (ms: number | null, div: number) => (ms === null ? null : Math.round((ms / div) * 10) / 10);

export interface CountPoint {
  label: string;
  dialogs: number;
  breaches: number;
}

export function CountsChart({ data, height = 240 }: { data: CountPoint[]; height?: number }) {
  const { t } = useTranslation();
  return (
    <ResponsiveContainer width="100%" height={height}>
      <ComposedChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: -12 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e3e6eb" vertical={false} />
        <XAxis dataKey="label" tick={{ fontSize: 12, fill: '#4b5565' }} tickLine={false} />
        <YAxis
          allowDecimals={false}
          tick={{ fontSize: 12, fill: '#4b5565' }}
          tickLine={false}
          axisLine={false}
        />
        <Tooltip />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Bar
          isAnimationActive={false}
          dataKey="dialogs"
          name={t('stats.series.dialogs')}
          fill={COLORS.dialogs}
          radius={[3, 3, 0, 0]}
          maxBarSize={28}
        />
        <Line
          isAnimationActive={false}
          dataKey="breaches"
          name={t('stats.series.breaches')}
          stroke={COLORS.breaches}
          strokeWidth={2}
          dot={{ r: 2 }}
          type="linear"
        />
      </ComposedChart>
    </ResponsiveContainer>
  );
}

export interface TimePoint {
  label: string;
  /** milliseconds */
  p50: number | null;
  p90: number | null;
}

export function FirstAnswerChart({
  data,
  height = 240,
  bars = false,
}: {
  data: TimePoint[];
  height?: number;
  bars?: boolean;
}) {
  const { t } = useTranslation();
  const { div, unitKey } = timeScale(data);
  const unit = t(unitKey);
  const format = (value: unknown) => (typeof value === 'number' ? `${value} ${unit}` : '—');
  const points = data.map((d) => ({ label: d.label, p50: scaled(d.p50, div), p90: scaled(d.p90, div) }));
  if (bars)
    return (
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={points} margin={{ top: 8, right: 12, bottom: 0, left: -12 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e3e6eb" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 12, fill: '#4b5565' }} tickLine={false} interval={0} />
          <YAxis
            tick={{ fontSize: 12, fill: '#4b5565' }}
            tickLine={false}
            axisLine={false}
            unit={` ${unit}`}
          />
          <Tooltip formatter={format} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar
            isAnimationActive={false}
            dataKey="p50"
            name={t('stats.series.p50')}
            fill={COLORS.p50}
            radius={[3, 3, 0, 0]}
            maxBarSize={28}
          />
          <Bar
            isAnimationActive={false}
            dataKey="p90"
            name={t('stats.series.p90')}
            fill={COLORS.p90}
            radius={[3, 3, 0, 0]}
            maxBarSize={28}
          />
        </BarChart>
      </ResponsiveContainer>
    );
  return (
    <ResponsiveContainer width="100%" height={height}>
      <ComposedChart data={points} margin={{ top: 8, right: 12, bottom: 0, left: -12 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e3e6eb" vertical={false} />
        <XAxis dataKey="label" tick={{ fontSize: 12, fill: '#4b5565' }} tickLine={false} />
        <YAxis tick={{ fontSize: 12, fill: '#4b5565' }} tickLine={false} axisLine={false} unit={` ${unit}`} />
        <Tooltip formatter={format} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Line
          isAnimationActive={false}
          dataKey="p50"
          name={t('stats.series.p50')}
          stroke={COLORS.p50}
          strokeWidth={2}
          dot={{ r: 3 }}
          connectNulls
        />
        <Line
          isAnimationActive={false}
          dataKey="p90"
          name={t('stats.series.p90')}
          stroke={COLORS.p90}
          strokeWidth={2}
          dot={{ r: 3 }}
          connectNulls
        />
      </ComposedChart>
    </ResponsiveContainer>
  );
}

export interface OperatorPoint {
  label: string;
  dialogs: number;
  breaches: number;
  like: number;
  dislike: number;
  /** 1–5 scores given */
  scored: number;
}

/** One bar series of a per-operator chart; bars with the same `stack` are stacked. */
interface OperatorSeries {
  key: keyof Omit<OperatorPoint, 'label'>;
  name: string;
  color: string;
  stack?: string;
}

/** Horizontal bars, one row per operator: the shape both per-operator charts share. */
function OperatorBars({ data, series }: { data: OperatorPoint[]; series: OperatorSeries[] }) {
  const stacked = series.some((s) => s.stack);
  return (
    <ResponsiveContainer width="100%" height={Math.max(140, 40 + data.length * 38)}>
      <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 0, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e3e6eb" horizontal={false} />
        <XAxis
          type="number"
          allowDecimals={false}
          tick={{ fontSize: 12, fill: '#4b5565' }}
          tickLine={false}
        />
        <YAxis
          type="category"
          dataKey="label"
          width={120}
          tick={{ fontSize: 12, fill: '#1c2330' }}
          tickLine={false}
        />
        <Tooltip />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {series.map((s) => (
          <Bar
            key={s.key}
            isAnimationActive={false}
            dataKey={s.key}
            name={s.name}
            fill={s.color}
            {...(s.stack ? { stackId: s.stack } : {})}
            barSize={stacked ? 14 : 12}
            {...(stacked ? {} : { radius: [0, 3, 3, 0] as [number, number, number, number] })}
          />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}

export function OperatorCountsChart({ data }: { data: OperatorPoint[] }) {
  const { t } = useTranslation();
  return (
    <OperatorBars
      data={data}
      series={[
        { key: 'dialogs', name: t('stats.series.dialogs'), color: COLORS.dialogs },
        { key: 'breaches', name: t('stats.series.breaches'), color: COLORS.breaches },
      ]}
    />
  );
}

export function RatingsChart({ data }: { data: OperatorPoint[] }) {
  const { t } = useTranslation();
  return (
    <OperatorBars
      data={data}
      series={[
        { key: 'like', name: t('stats.series.like'), color: COLORS.like, stack: 'r' },
        { key: 'dislike', name: t('stats.series.dislike'), color: COLORS.dislike, stack: 'r' },
        { key: 'scored', name: t('stats.series.scored'), color: COLORS.scored, stack: 'r' },
      ]}
    />
  );
}
