import type { WidgetProps } from '@rjsf/utils';
import { useEffect, useState } from 'react';
import { durationMs } from '../../../../schemas/durations';
import type { AdminFormContext } from '../forms/SchemaForm';

const UNITS = ['s', 'm', 'h', 'd'] as const;

/** "5m" → { amount: "5", unit: "m" }; what durations.ts does not read comes back as typed. */
export function splitDuration(value: unknown): { amount: string; unit: string } {
  if (typeof value !== 'string' || value === '') return { amount: '', unit: 'm' };
  try {
    durationMs(value);
  } catch {
    return { amount: value.replace(/\D+$/, ''), unit: value.replace(/^\d+/, '') || 'm' };
  }
  if (value === '0') return { amount: '0', unit: 'm' };
  const [, amount = '', unit = 'm'] = /^(\d+)(ms|s|m|h|d)$/.exec(value) ?? [];
  return { amount, unit };
}

const composed = (amount: string, unit: string) => (amount === '' ? undefined : `${Number(amount)}${unit}`);

/** A duration string ("90s", "5m", "2h") as a number and a unit; the schema's pattern checks the range. */
export function DurationWidget({
  id,
  value,
  onChange,
  onBlur,
  disabled,
  readonly,
  label,
  registry,
  rawErrors,
}: WidgetProps) {
  const { t } = registry.formContext as AdminFormContext;
  const [state, setState] = useState(() => splitDuration(value));
  useEffect(() => {
    // a new value from outside (a reset, a reload); what is being typed (the unit of an empty amount) stays
    setState((s) => (composed(s.amount, s.unit) === value ? s : splitDuration(value)));
  }, [value]);
  const emit = (amount: string, unit: string) => {
    setState({ amount, unit });
    onChange(composed(amount, unit));
  };
  const units = UNITS.includes(state.unit as never) ? UNITS : [state.unit, ...UNITS];
  return (
    <div className="duration-input">
      <input
        id={id}
        className="field__input field__input--compact"
        type="number"
        inputMode="numeric"
        min={0}
        step={1}
        value={state.amount}
        disabled={disabled || readonly}
        aria-invalid={rawErrors?.length ? true : undefined}
        aria-describedby={`${id}__error ${id}__description`}
        onChange={(e) => emit(e.target.value, state.unit)}
        onBlur={() => onBlur(id, value)}
      />
      <select
        className="select select--field"
        aria-label={t('admin.duration.unitOf', { field: label })}
        value={state.unit}
        disabled={disabled || readonly}
        onChange={(e) => emit(state.amount, e.target.value)}
      >
        {units.map((unit) => (
          <option key={unit} value={unit}>
            {t(`admin.duration.units.${unit}`, { defaultValue: unit })}
          </option>
        ))}
      </select>
    </div>
  );
}
