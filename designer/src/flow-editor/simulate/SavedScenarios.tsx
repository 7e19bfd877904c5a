import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../app/error-text';
import { fromScript, type ScriptDraft } from './script';
import { simulationApi, type SavedScenario, type SimulationScript } from './simulation-api';

export const scenariosKey = (lineId: string) => ['flow-scenarios', lineId] as const;

interface Props {
  lineId: string;
  /** the script in the editor now */
  current(): SimulationScript;
  canSave: boolean;
  onRun(draft: ScriptDraft, script: SimulationScript): void;
}

/** The scripts saved with the line's flow: run one, save the current one under a name, delete one. */
export function SavedScenarios({ lineId, current, canSave, onRun }: Props) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const saved = useQuery({ queryKey: scenariosKey(lineId), queryFn: () => simulationApi.scenarios(lineId) });
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const items = saved.data?.items ?? [];

  const store = async (next: SavedScenario[], done: string) => {
    setBusy(true);
    setProblem(null);
    setNotice(null);
    try {
      const answer = await simulationApi.saveScenarios(lineId, next);
      client.setQueryData(scenariosKey(lineId), answer);
      setNotice(done);
      return true;
    } catch (error) {
      setProblem(t('flowSimulation.saved.refused', { reason: errorText(t, error) }));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const save = async () => {
    const title = name.trim();
    if (!title) return;
    const before = items.find((s) => s.name === title);
    const entry: SavedScenario = {
      name: title,
      script: current(),
      ...(before?.expect ? { expect: before.expect } : {}),
    };
    const next = before ? items.map((s) => (s.name === title ? entry : s)) : [...items, entry];
    if (await store(next, t('flowSimulation.saved.done', { name: title }))) setName('');
  };

  return (
    <section className="tryit-saved" aria-labelledby="tryit-saved-title">
      <h3 id="tryit-saved-title" className="tryit-subtitle">
        {t('flowSimulation.saved.title')}
      </h3>
      {saved.isError && (
        <p role="alert" className="tryit-problem">
          {t('flowSimulation.saved.loadError', { reason: errorText(t, saved.error) })}
        </p>
      )}
      {saved.isSuccess && items.length === 0 && (
        <p className="tryit-muted">{t('flowSimulation.saved.none')}</p>
      )}
      {items.length > 0 && (
        <ul className="tryit-saved__list">
          {items.map((s) => (
            <li key={s.name} className="tryit-saved__item">
              <span className="tryit-saved__name">{s.name}</span>
              <button
                type="button"
                className="button button--small"
                aria-label={t('flowSimulation.saved.run', { name: s.name })}
                onClick={() => onRun(fromScript(s.script), s.script)}
              >
                {t('flowSimulation.run')}
              </button>
              <button
                type="button"
                className="button button--ghost button--small"
                aria-label={t('flowSimulation.saved.delete', { name: s.name })}
                disabled={busy}
                onClick={() =>
                  void store(
                    items.filter((x) => x.name !== s.name),
                    t('flowSimulation.saved.deleted', { name: s.name }),
                  )
                }
              >
                {t('flowSimulation.saved.deleteShort')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        className="tryit-saved__form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <input
          className="tryit-input tryit-input--text"
          aria-label={t('flowSimulation.saved.name')}
          placeholder={t('flowSimulation.saved.namePlaceholder')}
          maxLength={100}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit" className="button button--small" disabled={busy || !canSave || !name.trim()}>
          {t('flowSimulation.saved.save')}
        </button>
      </form>
      {problem && (
        <p role="alert" className="tryit-problem">
          {problem}
        </p>
      )}
      {notice && (
        <p role="status" className="tryit-muted">
          {notice}
        </p>
      )}
    </section>
  );
}
