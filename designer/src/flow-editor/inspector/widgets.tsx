import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { WidgetProps } from '@rjsf/utils';
import { api } from '../../api';
import { flowApi } from '../flow-api';
import { useFlowEditor } from '../flow-store';

/**
 * The few inputs a JSON Schema cannot describe well enough: a duration as a number and a unit (the
 * schema's `lineflowDuration` range checked by the validator), pickers of operators, lines and tags.
 */
const UNITS = ['s', 'm', 'h', 'd'] as const;

export function DurationWidget({ id, value, onChange, disabled, readonly, schema }: WidgetProps) {
  const { t } = useTranslation();
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(typeof value === 'string' ? value : '');
  const amount = match?.[1] ?? '';
  const unit = (match?.[2] ?? 'm') as (typeof UNITS)[number] | 'ms';
  const range = (schema as { lineflowDuration?: { min: string; max: string } }).lineflowDuration;
  const set = (a: string, u: string) => onChange(a === '' ? undefined : `${a}${u}`);
  return (
    <span className="duration-input">
      <input
        id={id}
        type="number"
        min={1}
        className="field__input"
        value={amount}
        disabled={disabled || readonly}
        onChange={(e) => set(e.target.value.replace(/\D/g, ''), unit)}
        aria-describedby={range ? `${id}__range` : undefined}
      />
      <select
        className="select"
        aria-label={t('flowEditor.inspector.unit')}
        value={unit}
        disabled={disabled || readonly}
        onChange={(e) => set(amount || '1', e.target.value)}
      >
        {unit === 'ms' && <option value="ms">ms</option>}
        {UNITS.map((u) => (
          <option key={u} value={u}>
            {t(`flowEditor.units.${u}`)}
          </option>
        ))}
      </select>
      {range && (
        <span id={`${id}__range`} className="flow-muted duration-input__range">
          {t('flowEditor.inspector.range', range)}
        </span>
      )}
    </span>
  );
}

function PickerSelect({
  id,
  value,
  onChange,
  disabled,
  options,
  loading,
}: Pick<WidgetProps, 'id' | 'value' | 'onChange' | 'disabled'> & {
  options: Array<{ value: string; label: string }>;
  loading: boolean;
}) {
  const { t } = useTranslation();
  const known = options.some((o) => o.value === value);
  return (
    <select
      id={id}
      className="select flow-select"
      value={typeof value === 'string' ? value : ''}
      disabled={disabled}
      onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
    >
      <option value="">{loading ? t('app.loading') : t('flowEditor.inspector.none')}</option>
      {!known && typeof value === 'string' && value !== '' && <option value={value}>{value}</option>}
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

export function OperatorWidget(props: WidgetProps) {
  const operators = useQuery({
    queryKey: ['flowEditor', 'operators'],
    queryFn: flowApi.operators,
    staleTime: 60_000,
  });
  const options = (operators.data?.items ?? [])
    .filter((o) => !o.fired)
    .map((o) => ({ value: o.id, label: `${o.name} (${o.email})` }));
  return (
    <PickerSelect
      {...props}
      disabled={props.disabled || props.readonly}
      options={options}
      loading={operators.isLoading}
    />
  );
}

export function LineWidget(props: WidgetProps) {
  const lines = useQuery({ queryKey: ['lines'], queryFn: () => api.lines(), staleTime: 5 * 60_000 });
  const options = (lines.data?.items ?? []).map((l) => ({ value: l.id, label: `${l.name} (${l.id})` }));
  return (
    <PickerSelect
      {...props}
      disabled={props.disabled || props.readonly}
      options={options}
      loading={lines.isLoading}
    />
  );
}

/** A tag: free text, offering the tags the flow already uses. */
export function TagWidget({ id, value, onChange, disabled, readonly }: WidgetProps) {
  const listId = useId();
  const nodes = useFlowEditor((s) => s.nodes);
  const tags = [
    ...new Set(
      nodes.flatMap((n) =>
        n.data.type === 'tag' && typeof n.data.params.tag === 'string' ? [n.data.params.tag] : [],
      ),
    ),
  ];
  return (
    <>
      <input
        id={id}
        className="field__input"
        list={listId}
        value={typeof value === 'string' ? value : ''}
        disabled={disabled || readonly}
        onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
      />
      <datalist id={listId}>
        {tags.map((tag) => (
          <option key={tag} value={tag} />
        ))}
      </datalist>
    </>
  );
}
