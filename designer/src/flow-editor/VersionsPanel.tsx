import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';

import { flowApi, type FlowVersionItem } from './flow-api';
import { useFlowEditor } from './flow-store';

/** A version's date and time in the browser's zone, in the page's language. */
const formatDateTime = (iso: string, language: string) =>
  new Date(iso).toLocaleString(language, { dateStyle: 'medium', timeStyle: 'short' });

export const versionsKey = (lineId: string) => ['flowEditor', 'versions', lineId] as const;

/**
 * The line's published versions (who, when, note): open one read-only, compare two on the canvas,
 * restore one as the draft. While comparing, the changed nodes are listed with their changed params.
 */
export function VersionsPanel({
  lineId,
  onOpen,
  onCompare,
  onRestore,
}: {
  lineId: string;
  onOpen(version: number): void;
  onCompare(from: number, to: number): void;
  onRestore(version: number): Promise<void>;
}) {
  const { t, i18n } = useTranslation();
  const versions = useQuery({ queryKey: versionsKey(lineId), queryFn: () => flowApi.versions(lineId) });
  const view = useFlowEditor((s) => s.view);
  const items: FlowVersionItem[] = versions.data?.items ?? [];
  const [from, setFrom] = useState<number | ''>('');
  const [to, setTo] = useState<number | ''>('');
  const [restoreError, setRestoreError] = useState<string | null>(null);
  const newest = items[0]?.version;
  const fromValue = from === '' ? (items[1]?.version ?? '') : from;
  const toValue = to === '' ? (newest ?? '') : to;

  return (
    <div className="flow-versions">
      {versions.isError && (
        <p role="alert" className="field-error">
          {(versions.error as Error).message}
        </p>
      )}
      {view.kind === 'compare' && <CompareList />}
      {items.length >= 2 && (
        <form
          className="flow-versions__compare"
          onSubmit={(e) => {
            e.preventDefault();
            if (fromValue !== '' && toValue !== '') onCompare(Number(fromValue), Number(toValue));
          }}
        >
          <h3>{t('flowEditor.versions.compareTitle')}</h3>
          <label>
            <span>{t('flowEditor.versions.from')}</span>
            <select className="select" value={fromValue} onChange={(e) => setFrom(Number(e.target.value))}>
              {items.map((v) => (
                <option key={v.version} value={v.version}>
                  {t('flowEditor.versions.version', { version: v.version })}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{t('flowEditor.versions.to')}</span>
            <select className="select" value={toValue} onChange={(e) => setTo(Number(e.target.value))}>
              {items.map((v) => (
                <option key={v.version} value={v.version}>
                  {t('flowEditor.versions.version', { version: v.version })}
                </option>
              ))}
            </select>
          </label>
          <button
            type="submit"
            className="button button--soft button--small"
            disabled={fromValue === toValue}
          >
            {t('flowEditor.versions.compare')}
          </button>
        </form>
      )}
      {restoreError && (
        <p role="alert" className="field-error">
          {restoreError}
        </p>
      )}
      <ol className="flow-versions__list" aria-label={t('flowEditor.versions.label')}>
        {items.map((v) => {
          const current = (view.kind === 'version' || view.kind === 'dialog') && view.version === v.version;
          return (
            <li key={v.version} className={current ? 'is-current' : undefined}>
              <div className="flow-versions__title">
                <strong>{t('flowEditor.versions.version', { version: v.version })}</strong>
                <span>{v.name}</span>
              </div>
              <div className="flow-muted">
                {t('flowEditor.versions.by', {
                  who: v.publishedByName ?? (v.publishedBy ? v.publishedBy : t('flowEditor.versions.system')),
                  when: formatDateTime(v.publishedAt, i18n.language),
                })}
              </div>
              {v.note && <p className="flow-versions__note">{v.note}</p>}
              <div className="flow-versions__actions">
                <button
                  type="button"
                  className="button button--ghost button--small"
                  aria-label={t('flowEditor.versions.openNamed', { version: v.version })}
                  onClick={() => onOpen(v.version)}
                >
                  {t('flowEditor.versions.open')}
                </button>
                <button
                  type="button"
                  className="button button--ghost button--small"
                  aria-label={t('flowEditor.versions.restoreNamed', { version: v.version })}
                  onClick={() => {
                    setRestoreError(null);
                    onRestore(v.version).catch((error: Error) => setRestoreError(error.message));
                  }}
                >
                  {t('flowEditor.versions.restore')}
                </button>
              </div>
            </li>
          );
        })}
      </ol>
      {versions.isSuccess && items.length === 0 && (
        <p className="flow-muted">{t('flowEditor.versions.none')}</p>
      )}
    </div>
  );
}

function CompareList() {
  const { t } = useTranslation();
  const view = useFlowEditor((s) => s.view);
  const requestFocus = useFlowEditor((s) => s.requestFocus);
  if (view.kind !== 'compare') return null;
  const marks = [...view.diff.nodes];
  const edgeMarks = [...view.diff.edges];
  return (
    <section className="flow-compare" aria-label={t('flowEditor.compare.title', view)}>
      <h3>{t('flowEditor.compare.title', view)}</h3>
      {marks.length === 0 && edgeMarks.length === 0 && (
        <p className="flow-muted">{t('flowEditor.compare.same')}</p>
      )}
      <ul>
        {marks.map(([id, mark]) => (
          <li key={id} className={`flow-compare__item is-${mark}`}>
            <button type="button" className="flow-problem__node" onClick={() => requestFocus(id, '')}>
              {id}
            </button>{' '}
            <span className="chip">{t(`flowEditor.compare.${mark}`)}</span>
            {mark === 'changed' && (
              <ul className="flow-compare__params">
                {(view.diff.changedParams.get(id) ?? []).map((p) => (
                  <li key={p}>
                    <code>{p}</code>
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
      {edgeMarks.length > 0 && (
        <p className="flow-muted">
          {t('flowEditor.compare.edges', {
            added: edgeMarks.filter(([, m]) => m === 'added').length,
            removed: edgeMarks.filter(([, m]) => m === 'removed').length,
          })}
        </p>
      )}
    </section>
  );
}
