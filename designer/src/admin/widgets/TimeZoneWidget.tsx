import type { WidgetProps } from '@rjsf/utils';
import { useMemo } from 'react';

const zones = (): string[] => {
  try {
    return (Intl as unknown as { supportedValuesOf(key: string): string[] }).supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
};

/** An IANA time zone, typed with suggestions; the server says when it does not know one. */
export function TimeZoneWidget({ id, value, onChange, onBlur, disabled, readonly, rawErrors }: WidgetProps) {
  const list = useMemo(() => ['UTC', ...zones().filter((z) => z !== 'UTC')], []);
  return (
    <>
      <input
        id={id}
        className="field__input"
        list={`${id}-zones`}
        autoComplete="off"
        spellCheck={false}
        value={value ?? ''}
        disabled={disabled || readonly}
        aria-invalid={rawErrors?.length ? true : undefined}
        aria-describedby={`${id}__error ${id}__description`}
        onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
        onBlur={() => onBlur(id, value)}
      />
      <datalist id={`${id}-zones`}>
        {list.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
    </>
  );
}
