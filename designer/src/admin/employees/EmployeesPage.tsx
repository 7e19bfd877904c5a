import type { ErrorSchema } from '@rjsf/utils';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import { errorText } from '../../app/error-text';
import { formatTime } from '../../app/format';
import { useLines } from '../../app/use-lines';
import {
  ADMIN_KEYS,
  adminApi,
  type Employee,
  type OperatorCreateRequest,
  type OperatorRequest,
} from '../admin-api';
import { ConfirmDialog } from '../channels/ChannelsPage';
import { SchemaForm } from '../forms/SchemaForm';
import { serverErrorSchema } from '../forms/server-errors';
import { initials } from '../people';
import { RequireAdmin } from '../RequireAdmin';
import { employeeUiSchema } from './employee-form';
import '../admin.css';

/** /admin/employees — everyone who signs in: create, change roles, lines, limits and vacations, fire. */
export function EmployeesPage() {
  const { t } = useTranslation();
  return (
    <RequireAdmin title={t('admin.employees.title')}>
      <Employees />
    </RequireAdmin>
  );
}

type Editing = { kind: 'new' } | { kind: 'edit'; employee: Employee } | null;

function Employees() {
  const { t, i18n } = useTranslation();
  const employees = useQuery({ queryKey: ADMIN_KEYS.employees, queryFn: () => adminApi.employees() });
  const lines = useLines();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Editing>(null);
  const [firing, setFiring] = useState<Employee | null>(null);
  const fire = useMutation({
    mutationFn: ({ id, fired }: { id: string; fired: boolean }) => adminApi.updateEmployee(id, { fired }),
    onSuccess: async () => {
      setFiring(null);
      await queryClient.invalidateQueries({ queryKey: ADMIN_KEYS.employees });
    },
  });
  const lineNames = (ids: string[]) => ids.map((id) => lines.byId.get(id)?.name ?? id).join(', ');

  return (
    <main id="main" className="admin-page">
      <div className="admin-head">
        <div>
          <h1 className="admin-head__title">{t('admin.employees.title')}</h1>
          <p className="admin-head__lead">{t('admin.employees.lead')}</p>
        </div>
        <div className="admin-head__actions">
          <button
            type="button"
            className="button button--primary"
            onClick={() => setEditing({ kind: 'new' })}
          >
            {t('admin.employees.new')}
          </button>
        </div>
      </div>
      {(employees.isError || fire.isError) && (
        <p role="alert" className="notice notice--error">
          {errorText(t, employees.error ?? fire.error)}
        </p>
      )}
      <div className={`admin-split${editing ? ' is-editing' : ''}`}>
        <div className="admin-card">
          <table className="admin-table">
            <caption className="visually-hidden">{t('admin.employees.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.employees.fields.name')}</th>
                <th scope="col">{t('admin.employees.fields.role')}</th>
                <th scope="col">{t('admin.employees.fields.lines')}</th>
                <th scope="col">{t('admin.employees.limit')}</th>
                <th scope="col">{t('admin.employees.presence')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('admin.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {employees.data?.items.map((e) => (
                <tr
                  key={e.id}
                  className={e.fired ? 'is-fired' : ''}
                  aria-current={editing?.kind === 'edit' && editing.employee.id === e.id ? 'true' : undefined}
                >
                  <th scope="row">
                    <span className="person">
                      <span className="avatar" aria-hidden="true">
                        {initials(e.name)}
                      </span>
                      <span>
                        <span className="admin-table__name">{e.name}</span>
                        <span className="admin-table__sub">{e.email}</span>
                      </span>
                    </span>
                  </th>
                  <td>
                    <span className={`pill pill--role-${e.role}`}>{t(`admin.roles.${e.role}`)}</span>
                  </td>
                  <td>{e.lines.length ? lineNames(e.lines) : <span className="muted">—</span>}</td>
                  <td>
                    {e.maxOpenDialogs ?? <span className="muted">{t('admin.employees.lineLimit')}</span>}
                  </td>
                  <td>
                    {e.fired ? (
                      <span className="pill pill--danger">{t('admin.employees.firedBadge')}</span>
                    ) : (
                      <span className={`person-status person-status--${e.online ? 'online' : 'offline'}`}>
                        {e.online ? t('header.presence.online') : t('header.presence.offline')}
                        {e.vacations.some((v) => onVacation(v)) && ` · ${t('admin.employees.onVacation')}`}
                        {!e.online && e.lastSeenAt && (
                          <span className="admin-table__sub">
                            {t('admin.employees.lastSeen', { time: formatTime(e.lastSeenAt, i18n.language) })}
                          </span>
                        )}
                      </span>
                    )}
                  </td>
                  <td className="admin-table__actions">
                    <button
                      type="button"
                      className="button button--small button--ghost"
                      onClick={() => setEditing({ kind: 'edit', employee: e })}
                    >
                      {t('admin.edit')}
                    </button>
                    {e.fired ? (
                      <button
                        type="button"
                        className="button button--small button--ghost"
                        onClick={() => fire.mutate({ id: e.id, fired: false })}
                      >
                        {t('admin.employees.unfire')}
                      </button>
                    ) : (
                      <button
                        type="button"
                        className="button button--small button--ghost button--danger-text"
                        onClick={() => setFiring(e)}
                      >
                        {t('admin.employees.fire')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {editing && (
          <EmployeeEditor
            key={editing.kind === 'edit' ? editing.employee.id : 'new'}
            employee={editing.kind === 'edit' ? editing.employee : undefined}
            onClose={() => setEditing(null)}
          />
        )}
      </div>
      {firing && (
        <ConfirmDialog
          title={t('admin.employees.fireTitle', { name: firing.name })}
          body={t('admin.employees.fireBody')}
          confirm={t('admin.employees.fire')}
          busy={fire.isPending}
          onConfirm={() => fire.mutate({ id: firing.id, fired: true })}
          onCancel={() => setFiring(null)}
        />
      )}
    </main>
  );
}

const today = () => new Date().toISOString().slice(0, 10);
const onVacation = (v: { from: string; to: string }) => v.from <= today() && today() <= v.to;

type EmployeeForm = OperatorRequest;

function EmployeeEditor({ employee, onClose }: { employee?: Employee; onClose(): void }) {
  const { t } = useTranslation();
  const lines = useLines();
  const queryClient = useQueryClient();
  const creating = !employee;
  const initial: EmployeeForm = employee
    ? {
        name: employee.name,
        email: employee.email,
        role: employee.role,
        lines: employee.lines,
        maxOpenDialogs: employee.maxOpenDialogs,
        vacations: employee.vacations,
      }
    : { role: 'operator', lines: [], vacations: [] };
  const [data, setData] = useState<EmployeeForm>(initial);
  const [serverErrors, setServerErrors] = useState<ErrorSchema | undefined>();
  const [saved, setSaved] = useState(false);
  const uiSchema = useMemo(() => employeeUiSchema(t, creating), [t, creating]);
  const save = useMutation({
    mutationFn: (body: EmployeeForm) =>
      employee
        ? adminApi.updateEmployee(employee.id, body)
        : adminApi.createEmployee(body as OperatorCreateRequest),
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: ADMIN_KEYS.employees });
      setServerErrors(undefined);
      setSaved(true);
      if (creating) onClose();
      else setData((d) => ({ ...d, password: undefined, vacations: result.vacations, lines: result.lines }));
    },
    onError: (error) => {
      setSaved(false);
      setServerErrors(serverErrorSchema(error instanceof ApiError ? error.details : []).errorSchema);
    },
  });
  const title = employee ? t('admin.employees.editTitle', { name: employee.name }) : t('admin.employees.new');
  return (
    <section className="admin-card admin-editor" aria-label={title}>
      <div className="admin-editor__head">
        <h2 className="form-card__title">{title}</h2>
        <button type="button" className="button button--small button--ghost" onClick={onClose}>
          {t('admin.close')}
        </button>
      </div>
      <SchemaForm<EmployeeForm>
        name={creating ? 'employeeCreate' : 'employeeEdit'}
        formData={data}
        uiSchema={uiSchema}
        extraErrors={serverErrors}
        context={{ lines: lines.lines }}
        disabled={save.isPending}
        onChange={(next) => {
          setData(next);
          setSaved(false);
          setServerErrors(undefined);
        }}
        onSubmit={(body) => {
          // an empty "new password" is no change
          const { password, ...rest } = body;
          save.mutate(password ? { ...rest, password } : rest);
        }}
      >
        <div className="admin-inline-form__actions">
          <button type="submit" className="button button--primary" disabled={save.isPending}>
            {creating ? t('admin.employees.create') : t('admin.save')}
          </button>
          <span role="status" className="save-status save-status--saved">
            {saved ? t('admin.saved') : ''}
          </span>
        </div>
      </SchemaForm>
      {save.isError && (
        <p role="alert" className="notice notice--error">
          {t('admin.notSavedBecause', { reason: errorText(t, save.error) })}
        </p>
      )}
    </section>
  );
}
