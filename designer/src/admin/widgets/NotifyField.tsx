import type { FieldProps } from '@rjsf/utils';
import { useId } from 'react';
import type { AdminFormContext } from '../forms/SchemaForm';

/** Whom a KPI alert goes to (kpi.*.notify): the line's supervisors, and chosen employees. */
export function NotifyField({
  formData,
  onChange,
  fieldPathId,
  registry,
  disabled,
  readonly,
  schema,
}: FieldProps<string[]>) {
  const { t, employees = [], lineId } = registry.formContext as AdminFormContext;
  const labelId = useId();
  const chosen = formData ?? (schema.default as string[] | undefined) ?? [];
  const people = employees.filter(
    (e) => (!e.fired && (!lineId || e.lines.includes(lineId))) || chosen.includes(e.id),
  );
  const known = new Set(['supervisors', ...people.map((p) => p.id)]);
  const toggle = (id: string, on: boolean) =>
    onChange(on ? [...chosen, id] : chosen.filter((c) => c !== id), fieldPathId.path);
  const option = (id: string, label: string) => (
    <label key={id} className="check">
      <input
        type="checkbox"
        checked={chosen.includes(id)}
        disabled={disabled || readonly}
        onChange={(e) => toggle(id, e.target.checked)}
      />
      {label}
    </label>
  );
  return (
    <div role="group" aria-labelledby={labelId} className="notify-field">
      <span id={labelId} className="field__label">
        {t('admin.settings.fields.notify')}
      </span>
      <div className="check-list">
        {option('supervisors', t('admin.settings.supervisors'))}
        {people.map((p) => option(p.id, p.name))}
        {chosen.filter((c) => !known.has(c)).map((c) => option(c, c))}
      </div>
    </div>
  );
}
