import { useTranslation } from 'react-i18next';
import {
  CLIENT_ACTIONS,
  isEventTime,
  isRunFor,
  MAX_EVENTS,
  newRow,
  OPERATOR_ACTIONS,
  RATINGS,
  type Action,
  type ScriptDraft,
  type ScriptRow,
} from './script';

export interface PanelOperator {
  id: string;
  name: string;
}

interface Props {
  draft: ScriptDraft;
  operators: readonly PanelOperator[];
  onChange(draft: ScriptDraft): void;
}

/** The script: one row per event (when, who, what), the dialog's facts and the operators' state. */
export function ScriptEditor({ draft, operators, onChange }: Props) {
  const { t } = useTranslation();
  const setRow = (key: number, change: Partial<ScriptRow>) =>
    onChange({ ...draft, rows: draft.rows.map((r) => (r.key === key ? { ...r, ...change } : r)) });
  const removeRow = (key: number) => onChange({ ...draft, rows: draft.rows.filter((r) => r.key !== key) });
  const addRow = () => {
    const last = draft.rows.at(-1);
    onChange({ ...draft, rows: [...draft.rows, newRow({ at: last?.at ?? '0' })] });
  };
  const setOverride = (id: string, change: Partial<{ online: boolean; openDialogs: number }>) => {
    const current = draft.overrides[id] ?? { online: true, openDialogs: 0 };
    onChange({ ...draft, overrides: { ...draft.overrides, [id]: { ...current, ...change } } });
  };

  return (
    <div className="tryit-script">
      <fieldset className="tryit-fieldset">
        <legend className="tryit-legend">{t('flowSimulation.script.events')}</legend>
        {draft.rows.length === 0 && <p className="tryit-muted">{t('flowSimulation.script.noEvents')}</p>}
        <ol className="tryit-rows">
          {draft.rows.map((row, i) => {
            const n = i + 1;
            const actions: readonly Action[] = row.who === 'client' ? CLIENT_ACTIONS : OPERATOR_ACTIONS;
            const badTime = !isEventTime(row.at);
            return (
              <li key={row.key} className="tryit-row">
                <input
                  className={`tryit-input tryit-input--time${badTime ? ' tryit-input--bad' : ''}`}
                  aria-label={t('flowSimulation.script.at', { n })}
                  aria-invalid={badTime}
                  placeholder="2m"
                  value={row.at}
                  onChange={(e) => setRow(row.key, { at: e.target.value })}
                />
                <select
                  className="select"
                  aria-label={t('flowSimulation.script.who', { n })}
                  value={row.who === 'client' ? 'client' : `op:${row.operatorId}`}
                  onChange={(e) => {
                    const value = e.target.value;
                    if (value === 'client')
                      setRow(row.key, { who: 'client', operatorId: '', what: 'writes' });
                    else
                      setRow(row.key, {
                        who: 'operator',
                        operatorId: value.slice(3),
                        what: row.who === 'operator' ? row.what : 'accepts',
                      });
                  }}
                >
                  <option value="client">{t('flowSimulation.script.client')}</option>
                  <option value="op:">{t('flowSimulation.script.anyOperator')}</option>
                  {operators.map((o) => (
                    <option key={o.id} value={`op:${o.id}`}>
                      {o.name}
                    </option>
                  ))}
                </select>
                <select
                  className="select"
                  aria-label={t('flowSimulation.script.what', { n })}
                  value={row.what}
                  onChange={(e) => setRow(row.key, { what: e.target.value as Action })}
                >
                  {actions.map((a) => (
                    <option key={a} value={a}>
                      {t(`flowSimulation.action.${a}`)}
                    </option>
                  ))}
                </select>
                {(row.what === 'writes' || row.what === 'answers') && (
                  <input
                    className="tryit-input tryit-input--text"
                    aria-label={t('flowSimulation.script.text', { n })}
                    placeholder={t('flowSimulation.script.textPlaceholder')}
                    value={row.text}
                    onChange={(e) => setRow(row.key, { text: e.target.value })}
                  />
                )}
                {row.what === 'rates' && (
                  <select
                    className="select tryit-rating"
                    aria-label={t('flowSimulation.script.rating', { n })}
                    value={row.rating}
                    onChange={(e) => setRow(row.key, { rating: e.target.value as ScriptRow['rating'] })}
                  >
                    {RATINGS.map((r) => (
                      <option key={r} value={r}>
                        {t(`flowSimulation.rating.${r}`)}
                      </option>
                    ))}
                  </select>
                )}
                <button
                  type="button"
                  className="button button--ghost button--small tryit-remove"
                  aria-label={t('flowSimulation.script.remove', { n })}
                  onClick={() => removeRow(row.key)}
                >
                  ×
                </button>
              </li>
            );
          })}
        </ol>
        <button
          type="button"
          className="button button--small"
          onClick={addRow}
          disabled={draft.rows.length >= MAX_EVENTS}
        >
          {t('flowSimulation.script.add')}
        </button>
      </fieldset>

      <fieldset className="tryit-fieldset">
        <legend className="tryit-legend">{t('flowSimulation.script.dialog')}</legend>
        <label className="tryit-check">
          <input
            type="checkbox"
            checked={draft.outsideHours}
            onChange={(e) => onChange({ ...draft, outsideHours: e.target.checked })}
          />
          <span>{t('flowSimulation.script.outsideHours')}</span>
        </label>
        <label className="tryit-check">
          <input
            type="checkbox"
            checked={draft.returningClient}
            onChange={(e) => onChange({ ...draft, returningClient: e.target.checked })}
          />
          <span>{t('flowSimulation.script.returningClient')}</span>
        </label>
        <label className="tryit-inline">
          <span>{t('flowSimulation.script.runFor')}</span>
          <input
            className={`tryit-input tryit-input--time${isRunFor(draft.runFor) ? '' : ' tryit-input--bad'}`}
            aria-invalid={!isRunFor(draft.runFor)}
            value={draft.runFor}
            onChange={(e) => onChange({ ...draft, runFor: e.target.value })}
          />
        </label>
      </fieldset>

      {operators.length > 0 && (
        <fieldset className="tryit-fieldset">
          <legend className="tryit-legend">{t('flowSimulation.script.operators')}</legend>
          <ul className="tryit-operators">
            {operators.map((o) => {
              const state = draft.overrides[o.id] ?? { online: true, openDialogs: 0 };
              return (
                <li key={o.id} className="tryit-operator">
                  <span className="tryit-operator__name">{o.name}</span>
                  <label className="tryit-check">
                    <input
                      type="checkbox"
                      checked={state.online}
                      aria-label={t('flowSimulation.script.onlineOf', { name: o.name })}
                      onChange={(e) => setOverride(o.id, { online: e.target.checked })}
                    />
                    <span>{t('flowSimulation.script.online')}</span>
                  </label>
                  <input
                    type="number"
                    min={0}
                    max={1000}
                    className="tryit-input tryit-input--number"
                    aria-label={t('flowSimulation.script.load', { name: o.name })}
                    title={t('flowSimulation.script.load', { name: o.name })}
                    value={state.openDialogs}
                    onChange={(e) =>
                      setOverride(o.id, { openDialogs: Math.max(0, Math.floor(Number(e.target.value) || 0)) })
                    }
                  />
                </li>
              );
            })}
          </ul>
          <p className="tryit-muted">{t('flowSimulation.script.operatorsHint')}</p>
        </fieldset>
      )}
    </div>
  );
}
