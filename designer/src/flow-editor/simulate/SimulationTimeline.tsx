import { useTranslation } from 'react-i18next';
import type { Flow } from '../../../../schemas/generated/flow';
import { formatClock } from './script';
import type { Simulation } from './simulation-api';
import { nodeTitle, routingText, skippedText, stepText, timelineRows, type NameOf } from './timeline-text';

interface Props {
  flow: Flow;
  result: Simulation;
  /** how many node steps the playback shows lit */
  shown: number;
  nameOf: NameOf;
  onPick(stepIndex: number, nodeId: string): void;
}

/** What the run did, row by row in time order; node steps up to the playback's position are lit. */
export function SimulationTimeline({ flow, result, shown, nameOf, onPick }: Props) {
  const { t } = useTranslation();
  const rows = timelineRows(result);
  return (
    <ol className="tryit-timeline" aria-label={t('flowSimulation.result.timeline')}>
      {rows.map((row, i) => {
        const time = (
          <time className="tryit-time" dateTime={`PT${Math.floor(row.at / 1000)}S`}>
            {formatClock(row.at)}
          </time>
        );
        if (row.kind === 'step') {
          const { step, index } = row;
          const state = index < shown ? (index === shown - 1 ? 'current' : 'done') : 'ahead';
          return (
            <li key={i} className={`tryit-event tryit-event--step tryit-event--${state}`}>
              {time}
              <button
                type="button"
                className={`tryit-step${step.error !== undefined ? ' tryit-step--failed' : ''}`}
                aria-current={state === 'current' ? 'step' : undefined}
                onClick={() => onPick(index, step.nodeId)}
              >
                <span className="tryit-step__title">{nodeTitle(flow, step.nodeId)}</span>
                <span className="tryit-step__what">{stepText(t, step)}</span>
              </button>
            </li>
          );
        }
        if (row.kind === 'kpi')
          return (
            <li key={i} className="tryit-event tryit-event--kpi">
              {time}
              <span>{t(`flowSimulation.kpi.${row.kpi}`)}</span>
            </li>
          );
        const skipped = skippedText(t, row.entry, nameOf);
        return (
          <li key={i} className={`tryit-event tryit-event--routing tryit-event--${row.entry.event}`}>
            {time}
            <span>
              <span className="tryit-routing">{routingText(t, row.entry, nameOf)}</span>
              {skipped && <span className="tryit-skipped">{skipped}</span>}
            </span>
          </li>
        );
      })}
      <li className="tryit-event tryit-event--status">
        <span className="tryit-time" />
        <span>{t('flowSimulation.result.status', { status: t(`inbox.status.${result.status}`) })}</span>
      </li>
    </ol>
  );
}
