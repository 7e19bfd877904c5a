import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { errorText } from '../../app/error-text';
import { LINES_KEY, useLines } from '../../app/use-lines';
import { ADMIN_KEYS, adminApi, type Employee } from '../admin-api';
import { RequireAdmin } from '../RequireAdmin';
import type { Line } from '../../api';
import '../admin.css';

/** /lines — every line with its channels, queue and published flow; a new line. */
export function LinesPage() {
  const { t } = useTranslation();
  return (
    <RequireAdmin title={t('admin.lines.title')}>
      <Lines />
    </RequireAdmin>
  );
}

/** How many people the queue offers dialogs to: its own list, or every operator of the line. */
export function queueSize(line: Line, employees: readonly Employee[]): { size: number; everyone: boolean } {
  const own = line.settings.queue?.operators ?? [];
  if (own.length) return { size: own.length, everyone: false };
  const everyone = employees.filter((e) => !e.fired && e.role !== 'admin' && e.lines.includes(line.id));
  return { size: everyone.length, everyone: true };
}

function Lines() {
  const { t } = useTranslation();
  const lines = useLines();
  const channels = useQuery({ queryKey: ADMIN_KEYS.channels, queryFn: () => adminApi.channels() });
  const employees = useQuery({ queryKey: ADMIN_KEYS.employees, queryFn: () => adminApi.employees() });
  const versions = useQueries({
    queries: lines.lines.map((line) => ({
      queryKey: ADMIN_KEYS.flowVersions(line.id),
      queryFn: () => adminApi.flowVersions(line.id),
    })),
  });
  const [creating, setCreating] = useState(false);

  return (
    <main id="main" className="admin-page">
      <div className="admin-head">
        <div>
          <h1 className="admin-head__title">{t('admin.lines.title')}</h1>
          <p className="admin-head__lead">{t('admin.lines.lead')}</p>
        </div>
        <div className="admin-head__actions">
          {!creating && (
            <button type="button" className="button button--primary" onClick={() => setCreating(true)}>
              {t('admin.lines.new')}
            </button>
          )}
        </div>
      </div>
      {creating && <NewLine onCancel={() => setCreating(false)} />}
      {lines.isError && (
        <p role="alert" className="notice notice--error">
          {errorText(t, lines.error)}
        </p>
      )}
      <div className="admin-card">
        <table className="admin-table">
          <caption className="visually-hidden">{t('admin.lines.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.lines.name')}</th>
              <th scope="col">{t('admin.lines.status')}</th>
              <th scope="col">{t('admin.lines.channels')}</th>
              <th scope="col">{t('admin.lines.queue')}</th>
              <th scope="col">{t('admin.lines.flowVersion')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('admin.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {lines.lines.map((line, i) => {
              const count = channels.data?.items.filter((c) => c.lineId === line.id).length;
              const queue = employees.data ? queueSize(line, employees.data.items) : undefined;
              const published = versions[i]?.data?.items[0]?.version;
              const to = `/lines/${encodeURIComponent(line.id)}`;
              return (
                <tr key={line.id}>
                  <th scope="row">
                    <Link to={`${to}/settings`} className="admin-table__name">
                      {line.name}
                    </Link>
                    <span className="admin-table__sub">{line.id}</span>
                  </th>
                  <td>
                    <span className={`pill ${line.active ? 'pill--ok' : 'pill--muted'}`}>
                      {line.active ? t('admin.lines.active') : t('admin.lines.inactive')}
                    </span>
                  </td>
                  <td>{count ?? '…'}</td>
                  <td>
                    {queue
                      ? queue.everyone
                        ? t('admin.lines.queueEveryone', { count: queue.size })
                        : t('admin.lines.queueOrdered', { count: queue.size })
                      : '…'}
                  </td>
                  <td>
                    {published
                      ? t('admin.lines.version', { version: published })
                      : versions[i]?.isError
                        ? '—'
                        : '…'}
                  </td>
                  <td className="admin-table__actions">
                    <Link className="button button--small button--ghost" to={`${to}/settings`}>
                      {t('admin.lines.settings')}
                    </Link>
                    <Link reloadDocument className="button button--small button--ghost" to={`${to}/flow`}>
                      {t('admin.lines.flow')}
                    </Link>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {lines.lines.length === 0 && !lines.isPending && (
          <p className="admin-empty">{t('admin.lines.none')}</p>
        )}
      </div>
    </main>
  );
}

function NewLine({ onCancel }: { onCancel(): void }) {
  const { t } = useTranslation();
  const nameId = useId();
  const [name, setName] = useState('');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: () => adminApi.createLine({ name: name.trim() }),
    onSuccess: async (line) => {
      await queryClient.invalidateQueries({ queryKey: LINES_KEY });
      void navigate(`/lines/${encodeURIComponent(line.id)}/settings`);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <form className="admin-card admin-inline-form" onSubmit={submit} aria-label={t('admin.lines.new')}>
      <div className="form-field">
        <label htmlFor={nameId} className="field__label">
          {t('admin.lines.newName')}
        </label>
        <input
          id={nameId}
          className="field__input"
          value={name}
          autoFocus
          onChange={(e) => setName(e.target.value)}
        />
      </div>
      <div className="admin-inline-form__actions">
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          {t('admin.lines.create')}
        </button>
        <button type="button" className="button button--ghost" onClick={onCancel}>
          {t('admin.cancel')}
        </button>
      </div>
      {create.isError && (
        <p role="alert" className="form-field__errors admin-inline-form__error">
          {t('admin.lines.createFailed', { reason: errorText(t, create.error) })}
        </p>
      )}
    </form>
  );
}
