import type { ErrorSchema } from '@rjsf/utils';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api';
import { errorText } from '../../app/error-text';
import { LINES_KEY, useLines } from '../../app/use-lines';
import { ADMIN_KEYS, adminApi } from '../admin-api';
import { SchemaForm } from '../forms/SchemaForm';
import { serverErrorSchema } from '../forms/server-errors';
import { RequireAdmin } from '../RequireAdmin';
import { lineSettingsSections, lineSettingsUiSchema, type LineForm } from './line-form';
import '../admin.css';

/** /lines/:lineId/settings — a line's name, language, active flag and settings, as a form made from their schemas. */
export function LineSettingsPage() {
  const { t } = useTranslation();
  return (
    <RequireAdmin title={t('admin.settings.title')}>
      <LineSettings />
    </RequireAdmin>
  );
}

type SaveState =
  | { kind: 'idle' }
  | { kind: 'saved' }
  | { kind: 'invalid' }
  | { kind: 'failed'; reason: string; unplaced: string[] };

function LineSettings() {
  const { t } = useTranslation();
  const lineId = useParams().lineId!;
  const queryClient = useQueryClient();
  const line = useQuery({ queryKey: ADMIN_KEYS.line(lineId), queryFn: () => adminApi.line(lineId) });
  const employees = useQuery({ queryKey: ADMIN_KEYS.employees, queryFn: () => adminApi.employees() });
  const lines = useLines();
  const [draft, setDraft] = useState<LineForm | null>(null);
  const [extraErrors, setExtraErrors] = useState<ErrorSchema | undefined>();
  const [state, setState] = useState<SaveState>({ kind: 'idle' });
  const uiSchema = useMemo(() => lineSettingsUiSchema(t), [t]);
  const sections = useMemo(() => lineSettingsSections(t), [t]);

  const loaded: LineForm | null = useMemo(
    () =>
      line.data
        ? {
            name: line.data.name,
            language: line.data.language,
            active: line.data.active,
            settings: line.data.settings,
          }
        : null,
    [line.data],
  );
  const formData = draft ?? loaded;
  const dirty = draft !== null && stableJson(draft) !== stableJson(loaded);

  const save = useMutation({
    mutationFn: (data: LineForm) => adminApi.updateLine(lineId, data),
    onSuccess: (saved) => {
      queryClient.setQueryData(ADMIN_KEYS.line(lineId), saved);
      void queryClient.invalidateQueries({ queryKey: LINES_KEY });
      setDraft(null);
      setExtraErrors(undefined);
      setState({ kind: 'saved' });
    },
    onError: (error) => {
      const { errorSchema, unplaced } = serverErrorSchema(error instanceof ApiError ? error.details : []);
      setExtraErrors(errorSchema);
      setState({ kind: 'failed', reason: errorText(t, error), unplaced });
    },
  });

  if (line.isError)
    return (
      <main id="main" className="page-message">
        <h1>{t('admin.settings.title')}</h1>
        <p role="alert">{errorText(t, line.error)}</p>
        <Link to="/lines">{t('admin.lines.back')}</Link>
      </main>
    );
  if (!formData || !employees.data)
    return (
      <main id="main" className="page-message">
        <p>{t('app.loading')}</p>
      </main>
    );

  return (
    <main id="main" className="admin-page admin-page--form">
      <div className="admin-head admin-head--sticky">
        <div>
          <nav aria-label={t('admin.breadcrumbs')} className="breadcrumbs">
            <Link to="/lines">{t('admin.lines.title')}</Link>
            <span aria-hidden="true">/</span>
            <span>{line.data?.name}</span>
          </nav>
          <h1 className="admin-head__title">{t('admin.settings.titleOf', { name: line.data?.name })}</h1>
        </div>
        <div className="admin-head__actions">
          <Link
            reloadDocument
            className="button button--ghost"
            to={`/lines/${encodeURIComponent(lineId)}/flow`}
          >
            {t('admin.lines.flow')}
          </Link>
          <SaveStatus state={state} dirty={dirty} />
          <button
            type="submit"
            form="line-settings"
            className="button button--primary"
            disabled={save.isPending}
          >
            {save.isPending ? t('admin.saving') : t('admin.save')}
          </button>
        </div>
      </div>
      <div className="settings-layout">
        <nav className="settings-nav" aria-label={t('admin.settings.sectionsNav')}>
          <ul>
            {[...sections.root, ...sections.settings].map((s) => (
              <li key={s.id}>
                <a href={`#${s.id}`}>{s.title}</a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="settings-form">
          {state.kind === 'failed' && (
            <div role="alert" className="notice notice--error">
              <strong>{t('admin.notSaved')}</strong> {state.reason}
              {state.unplaced.length > 0 && (
                <ul>
                  {state.unplaced.map((m, i) => (
                    <li key={i}>{m}</li>
                  ))}
                </ul>
              )}
            </div>
          )}
          <SchemaForm<LineForm>
            id="line-settings"
            name="line"
            formData={formData}
            uiSchema={uiSchema}
            extraErrors={extraErrors}
            context={{ employees: employees.data.items, lines: lines.lines, lineId }}
            disabled={save.isPending}
            onChange={(data) => {
              setDraft(data);
              setExtraErrors(undefined); // the server's reasons were about what was sent
              if (state.kind === 'saved') setState({ kind: 'idle' });
            }}
            onError={() => setState({ kind: 'invalid' })}
            onSubmit={(data) => {
              setState({ kind: 'idle' });
              save.mutate(data);
            }}
          />
        </div>
      </div>
    </main>
  );
}

function SaveStatus({ state, dirty }: { state: SaveState; dirty: boolean }) {
  const { t } = useTranslation();
  const text =
    state.kind === 'saved'
      ? t('admin.saved')
      : state.kind === 'invalid'
        ? t('admin.fixFields')
        : state.kind === 'failed'
          ? t('admin.notSaved')
          : dirty
            ? t('admin.unsaved')
            : '';
  return (
    <span role="status" className={`save-status save-status--${state.kind}${dirty ? ' is-dirty' : ''}`}>
      {text}
    </span>
  );
}

/** JSON with keys sorted: the form may hand back the same settings in another key order. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}
