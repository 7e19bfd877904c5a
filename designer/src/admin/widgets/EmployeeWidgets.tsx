import type { ErrorSchema, FieldProps, WidgetProps } from '@rjsf/utils';
import { useId, useState } from 'react';
import { LANGUAGES } from '../../i18n';
import type { AdminFormContext } from '../forms/SchemaForm';

/** An employee's lines (ids), as checkboxes of the lines by name. */
export function LinesField({
  formData,
  onChange,
  fieldPathId,
  registry,
  disabled,
  readonly,
}: FieldProps<string[]>) {
  const { t, lines = [] } = registry.formContext as AdminFormContext;
  const labelId = useId();
  const chosen = formData ?? [];
  const known = new Set(lines.map((l) => l.id));
  const toggle = (id: string, on: boolean) =>
    onChange(on ? [...chosen, id] : chosen.filter((c) => c !== id), fieldPathId.path);
  return (
    <div role="group" aria-labelledby={labelId}>
      <span id={labelId} className="field__label">
        {t('admin.employees.fields.lines')}
      </span>
      <div className="check-list">
        {[
          ...lines.map((l) => [l.id, l.name] as const),
          ...chosen.filter((c) => !known.has(c)).map((c) => [c, c] as const),
        ].map(([id, name]) => (
          <label key={id} className="check">
            <input
              type="checkbox"
              checked={chosen.includes(id)}
              disabled={disabled || readonly}
              onChange={(e) => toggle(id, e.target.checked)}
            />
            {name}
          </label>
        ))}
        {lines.length === 0 && <span className="form-field__help">{t('admin.lines.none')}</span>}
      </div>
    </div>
  );
}

/** A limit of simultaneous dialogs, or none (null: the line's own limit applies). */
export function LimitWidget({ id, value, onChange, disabled, readonly, rawErrors, registry }: WidgetProps) {
  const { t } = registry.formContext as AdminFormContext;
  return (
    <input
      id={id}
      type="number"
      min={1}
      className="field__input field__input--compact"
      placeholder={t('admin.employees.noLimit')}
      value={value ?? ''}
      disabled={disabled || readonly}
      aria-invalid={rawErrors?.length ? true : undefined}
      aria-describedby={`${id}__error ${id}__description`}
      onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}
    />
  );
}

type Vacation = { from: string; to: string };

/** Vacations: inclusive date ranges, added and removed. */
export function VacationsField({
  formData,
  onChange,
  fieldPathId,
  registry,
  errorSchema,
  disabled,
  readonly,
}: FieldProps<Vacation[]>) {
  const { t } = registry.formContext as AdminFormContext;
  const labelId = useId();
  const list = formData ?? [];
  const [draft, setDraft] = useState<Vacation>({ from: '', to: '' });
  const locked = disabled || readonly;
  const set = (next: Vacation[]) => onChange(next, fieldPathId.path);
  const problems = (i: number) => {
    const node = (
      errorSchema as Record<number, ErrorSchema & { from?: ErrorSchema; to?: ErrorSchema }> | undefined
    )?.[i];
    return [...(node?.__errors ?? []), ...(node?.from?.__errors ?? []), ...(node?.to?.__errors ?? [])];
  };
  return (
    <div role="group" aria-labelledby={labelId} className="vacations-field">
      <span id={labelId} className="field__label">
        {t('admin.employees.fields.vacations')}
      </span>
      {list.length === 0 ? (
        <p className="form-field__help">{t('admin.employees.noVacations')}</p>
      ) : (
        <ul className="vacation-list">
          {list.map((v, i) => (
            <li key={`${v.from}-${v.to}-${i}`} className={problems(i).length ? 'has-error' : ''}>
              <span>{t('admin.employees.vacationRange', { from: v.from, to: v.to })}</span>
              <button
                type="button"
                className="button button--small button--ghost"
                disabled={locked}
                aria-label={t('admin.employees.removeVacation', { from: v.from, to: v.to })}
                onClick={() => set(list.filter((_, j) => j !== i))}
              >
                {t('admin.form.remove')}
              </button>
              {problems(i).length > 0 && <span className="form-field__errors">{problems(i).join(' ')}</span>}
            </li>
          ))}
        </ul>
      )}
      <div className="inline-add">
        <input
          type="date"
          className="field__input field__input--compact"
          aria-label={t('admin.employees.vacationFrom')}
          value={draft.from}
          disabled={locked}
          onChange={(e) => setDraft((d) => ({ from: e.target.value, to: d.to || e.target.value }))}
        />
        <span aria-hidden="true">–</span>
        <input
          type="date"
          className="field__input field__input--compact"
          aria-label={t('admin.employees.vacationTo')}
          value={draft.to}
          min={draft.from || undefined}
          disabled={locked}
          onChange={(e) => setDraft((d) => ({ ...d, to: e.target.value }))}
        />
        <button
          type="button"
          className="button button--small button--soft"
          disabled={locked || !draft.from || !draft.to}
          onClick={() => {
            set([...list, draft].sort((a, b) => a.from.localeCompare(b.from)));
            setDraft({ from: '', to: '' });
          }}
        >
          {t('admin.employees.addVacation')}
        </button>
      </div>
    </div>
  );
}

/** 16 characters from an unambiguous alphabet, from the browser's cryptographic random source. */
export function generatePassword(length = 16): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

/** A password typed or generated (then shown, to be handed to the person). */
export function PasswordWidget({
  id,
  value,
  onChange,
  disabled,
  readonly,
  rawErrors,
  registry,
}: WidgetProps) {
  const { t } = registry.formContext as AdminFormContext;
  const [shown, setShown] = useState(false);
  return (
    <div className="password-input">
      <input
        id={id}
        className="field__input"
        type={shown ? 'text' : 'password'}
        autoComplete="new-password"
        value={value ?? ''}
        disabled={disabled || readonly}
        aria-invalid={rawErrors?.length ? true : undefined}
        aria-describedby={`${id}__error ${id}__description`}
        onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
      />
      <button
        type="button"
        className="button button--small button--ghost"
        aria-pressed={shown}
        onClick={() => setShown((s) => !s)}
      >
        {t('admin.employees.showPassword')}
      </button>
      <button
        type="button"
        className="button button--small button--soft"
        disabled={disabled || readonly}
        onClick={() => {
          onChange(generatePassword());
          setShown(true);
        }}
      >
        {t('admin.employees.generatePassword')}
      </button>
    </div>
  );
}

/** A line's language: the app's languages (and whatever the line has now). */
export function LanguageWidget({ id, value, onChange, disabled, readonly }: WidgetProps) {
  const codes: string[] = LANGUAGES.map((l) => l.code);
  return (
    <select
      id={id}
      className="select select--field"
      value={value ?? 'en'}
      disabled={disabled || readonly}
      aria-describedby={`${id}__error ${id}__description`}
      onChange={(e) => onChange(e.target.value)}
    >
      {LANGUAGES.map((l) => (
        <option key={l.code} value={l.code} lang={l.code}>
          {l.name}
        </option>
      ))}
      {value && !codes.includes(value) && <option value={value}>{value}</option>}
    </select>
  );
}
