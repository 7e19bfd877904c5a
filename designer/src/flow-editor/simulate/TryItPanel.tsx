import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Flow } from '../../../../schemas/generated/flow';
import { ApiError } from '../../api';
import { errorText } from '../../app/error-text';
import type { TrailStep } from '../trail';
import { SavedScenarios } from './SavedScenarios';
import { isEventTime, isRunFor, preset, PRESETS, toScript, type PresetId, type ScriptDraft } from './script';
import { ScriptEditor, type PanelOperator } from './ScriptEditor';
import { simulationApi, type Simulation, type SimulationScript } from './simulation-api';
import { SimulationTimeline } from './SimulationTimeline';
import './tryit.css';

export interface TryItPanelProps {
  lineId: string;
  flow: Flow;
  /** the path to light on the canvas: the steps up to the playback's position; null: none */
  onTrail(trail: TrailStep[] | null): void;
  onSelectNode?(nodeId: string): void;
}

/** How long the playback stays on each step. */
export const PLAY_STEP_MS = 700;

export const operatorsKey = ['operators'] as const;

/**
 * The flow designer's "Try it" (docs/flows.md §8): a script of what happens in a dialog, run on the
 * server's simulator against the line's settings and operators, then told row by row and played back
 * on the canvas step by step. Nothing is sent to anyone; scripts can be saved with the line.
 */
export function TryItPanel({ lineId, flow, onTrail, onSelectNode }: TryItPanelProps) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<ScriptDraft>(() => preset('nobodyAccepts', t('flowSimulation.hello')));
  const [result, setResult] = useState<Simulation | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [running, setRunning] = useState(false);
  const [shown, setShown] = useState(0);
  const [playing, setPlaying] = useState(false);
  const trail = useRef(onTrail);
  trail.current = onTrail;

  // The line's queue as the server's simulator sees it (its order, its members): a one-second run
  // with no events answers it, so the panel has no rule of its own for who is in the queue.
  const queue = useQuery({
    queryKey: ['flow-simulation-queue', lineId],
    queryFn: () => simulationApi.run(lineId, flow, { events: [], runFor: '1s' }).then((r) => r.operators),
    staleTime: 60_000,
    retry: false,
  });
  // a flow that cannot run yet: the line's people, to pick from
  const people = useQuery({
    queryKey: operatorsKey,
    queryFn: () => simulationApi.operators(),
    staleTime: 60_000,
    enabled: queue.isError,
  });
  const operators: PanelOperator[] = useMemo(() => {
    if (result) return result.operators; // the queue as the run saw it
    if (queue.data) return queue.data;
    return (people.data?.items ?? [])
      .filter((p) => p.role !== 'admin' && p.lines.includes(lineId))
      .map((p) => ({ id: p.id, name: p.name }));
  }, [result, queue.data, people.data, lineId]);
  const names = useMemo(() => new Map(operators.map((o) => [o.id, o.name])), [operators]);
  const nameOf = useCallback((id: string) => names.get(id) ?? id, [names]);

  // The canvas follows the playback; it is cleared when the panel goes away.
  useEffect(() => {
    if (result) trail.current(result.steps.slice(0, shown));
  }, [result, shown]);
  useEffect(() => () => trail.current(null), []);

  useEffect(() => {
    if (!playing || !result) return;
    if (shown >= result.steps.length) {
      setPlaying(false);
      return;
    }
    const timer = setTimeout(() => setShown((n) => n + 1), PLAY_STEP_MS);
    return () => clearTimeout(timer);
  }, [playing, shown, result]);

  const scriptProblem = draft.rows.some((r) => !isEventTime(r.at))
    ? t('flowSimulation.script.badTime')
    : !isRunFor(draft.runFor)
      ? t('flowSimulation.script.badRunFor')
      : null;

  const run = async (script: SimulationScript = toScript(draft)) => {
    setRunning(true);
    setError(null);
    setPlaying(false);
    try {
      const answer = await simulationApi.run(lineId, flow, script);
      setResult(answer);
      setShown(answer.steps.length);
    } catch (failure) {
      setError(failure);
      setResult(null);
      trail.current(null);
    } finally {
      setRunning(false);
    }
  };

  const choosePreset = (id: PresetId) => setDraft(preset(id, t('flowSimulation.hello')));
  const details = error instanceof ApiError ? error.details : [];

  return (
    <section className="tryit" aria-labelledby="tryit-title">
      <header className="tryit-head">
        <h2 id="tryit-title" className="tryit-title">
          {t('flowSimulation.title')}
        </h2>
        <p className="tryit-muted">{t('flowSimulation.intro')}</p>
      </header>

      <div className="tryit-presets" role="group" aria-label={t('flowSimulation.presets.label')}>
        {PRESETS.map((id) => (
          <button
            key={id}
            type="button"
            className="button button--soft button--small"
            onClick={() => choosePreset(id)}
          >
            {t(`flowSimulation.presets.${id}`)}
          </button>
        ))}
      </div>

      <ScriptEditor draft={draft} operators={operators} onChange={setDraft} />

      <div className="tryit-run">
        <button
          type="button"
          className="button button--primary"
          disabled={running || scriptProblem !== null}
          onClick={() => void run()}
        >
          {running ? t('flowSimulation.running') : t('flowSimulation.run')}
        </button>
        {scriptProblem && <span className="tryit-problem">{scriptProblem}</span>}
      </div>

      {error !== null && (
        <div className="tryit-error" role="alert">
          <p>{t('flowSimulation.failed', { reason: errorText(t, error) })}</p>
          {details.length > 0 && (
            <ul>
              {details.slice(0, 8).map((d, i) => (
                <li key={i}>
                  {d.nodeId ? `${d.nodeId}: ` : d.pointer ? `${d.pointer}: ` : ''}
                  {d.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}

      {result && (
        <section className="tryit-result" aria-labelledby="tryit-result-title">
          <div className="tryit-result__head">
            <h3 id="tryit-result-title" className="tryit-subtitle">
              {t('flowSimulation.result.title')}
            </h3>
            <div className="tryit-playback" role="group" aria-label={t('flowSimulation.playback.label')}>
              <button
                type="button"
                className="button button--small"
                onClick={() => {
                  setPlaying(false);
                  setShown(0);
                }}
                disabled={shown === 0 && !playing}
              >
                {t('flowSimulation.playback.reset')}
              </button>
              <button
                type="button"
                className="button button--small"
                onClick={() => {
                  setPlaying(false);
                  setShown((n) => Math.min(result.steps.length, n + 1));
                }}
                disabled={shown >= result.steps.length}
              >
                {t('flowSimulation.playback.step')}
              </button>
              <button
                type="button"
                className="button button--small"
                aria-pressed={playing}
                onClick={() => {
                  if (playing) return setPlaying(false);
                  if (shown >= result.steps.length) setShown(0);
                  setPlaying(true);
                }}
                disabled={result.steps.length === 0}
              >
                {playing ? t('flowSimulation.playback.pause') : t('flowSimulation.playback.play')}
              </button>
              <span className="tryit-muted" aria-live="polite">
                {t('flowSimulation.playback.position', { shown, total: result.steps.length })}
              </span>
            </div>
          </div>
          <SimulationTimeline
            flow={flow}
            result={result}
            shown={shown}
            nameOf={nameOf}
            onPick={(index, nodeId) => {
              setPlaying(false);
              setShown(index + 1);
              onSelectNode?.(nodeId);
            }}
          />
        </section>
      )}

      <SavedScenarios
        lineId={lineId}
        current={() => toScript(draft)}
        canSave={scriptProblem === null}
        onRun={(loaded, script) => {
          setDraft(loaded);
          void run(script);
        }}
      />
    </section>
  );
}
