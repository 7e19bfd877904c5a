import type { ErrorSchema, FieldProps } from '@rjsf/utils';
import { useId, useState } from 'react';
import type { LineSettings } from '../../../../schemas/generated/line-settings';
import type { AdminFormContext } from '../forms/SchemaForm';

type WorkingHours = NonNullable<LineSettings['workingHours']>;
type Day = keyof WorkingHours['week'];
type Interval = { from: string; to: string };

export const WEEKDAYS: readonly Day[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** What "on a schedule" starts from: weekdays 9 to 18. */
export const DEFAULT_WORKING_HOURS: WorkingHours = {
  week: Object.fromEntries(
    WEEKDAYS.map((d) => [d, d === 'sat' || d === 'sun' ? [] : [{ from: '09:00', to: '18:00' }]]),
  ) as WorkingHours['week'],
  holidays: [],
};

const errorsAt = (schema: unknown, ...path: Array<string | number>): string[] => {
  let node = schema as Record<string | number, unknown> | undefined;
  for (const p of path) node = node?.[p] as Record<string | number, unknown> | undefined;
  return (node?.__errors as string[] | undefined) ?? [];
};

/**
 * settings.workingHours: around the clock (absent) or a week of local intervals, several a day, and
 * holidays. Errors of an interval (the server's "must be later than from") show at that interval.
 */
export function WorkingHoursField({
  formData,
  onChange,
  fieldPathId,
  registry,
  errorSchema,
  disabled,
  readonly,
}: FieldProps<WorkingHours | undefined>) {
  const { t } = registry.formContext as AdminFormContext;
  const id = fieldPathId.$id;
  const legendId = useId();
  const [holiday, setHoliday] = useState('');
  const locked = disabled || readonly;
  const hours = formData;
  const set = (next: WorkingHours | undefined) => onChange(next, fieldPathId.path);
  const setDay = (day: Day, intervals: Interval[]) =>
    set({ ...hours!, week: { ...hours!.week, [day]: intervals } });
  const es = errorSchema as ErrorSchema | undefined;
  const holidays = hours?.holidays ?? [];

  return (
    <div className="hours-field">
      <fieldset className="segmented" disabled={locked}>
        <legend id={legendId} className="field__label">
          {t('admin.hours.mode')}
        </legend>
        <label className={`segmented__option${!hours ? ' is-on' : ''}`}>
          <input type="radio" name={`${id}-mode`} checked={!hours} onChange={() => set(undefined)} />
          {t('admin.hours.always')}
        </label>
        <label className={`segmented__option${hours ? ' is-on' : ''}`}>
          <input
            type="radio"
            name={`${id}-mode`}
            checked={!!hours}
            onChange={() => set(structuredClone(DEFAULT_WORKING_HOURS))}
          />
          {t('admin.hours.schedule')}
        </label>
      </fieldset>
      {!hours ? (
        <p className="form-field__help">{t('admin.hours.alwaysHelp')}</p>
      ) : (
        <>
          <table className="hours-week">
            <caption className="visually-hidden">{t('admin.hours.week')}</caption>
            <tbody>
              {WEEKDAYS.map((day) => {
                const intervals = (hours.week[day] ?? []) as Interval[];
                const dayName = t(`admin.hours.days.${day}`);
                return (
                  <tr key={day} className={intervals.length ? '' : 'is-off'}>
                    <th scope="row">{dayName}</th>
                    <td>
                      {intervals.length === 0 && (
                        <span className="hours-week__off">{t('admin.hours.dayOff')}</span>
                      )}
                      <ul className="hours-intervals">
                        {intervals.map((interval, i) => {
                          const problems = [
                            ...errorsAt(es, 'week', day, i),
                            ...errorsAt(es, 'week', day, i, 'from'),
                            ...errorsAt(es, 'week', day, i, 'to'),
                          ];
                          const errId = `${id}-${day}-${i}__error`;
                          const label = (part: 'from' | 'to') =>
                            t(`admin.hours.${part}`, { day: dayName, n: i + 1 });
                          const change = (part: 'from' | 'to', value: string) =>
                            setDay(
                              day,
                              intervals.map((x, j) => (j === i ? { ...x, [part]: value } : x)),
                            );
                          return (
                            <li key={i} className={`hours-interval${problems.length ? ' has-error' : ''}`}>
                              <input
                                type="time"
                                className="field__input field__input--compact"
                                aria-label={label('from')}
                                value={interval.from}
                                disabled={locked}
                                aria-invalid={problems.length ? true : undefined}
                                aria-describedby={problems.length ? errId : undefined}
                                onChange={(e) => change('from', e.target.value)}
                              />
                              <span aria-hidden="true">–</span>
                              <input
                                type="time"
                                className="field__input field__input--compact"
                                aria-label={label('to')}
                                value={interval.to}
                                disabled={locked}
                                aria-invalid={problems.length ? true : undefined}
                                aria-describedby={problems.length ? errId : undefined}
                                onChange={(e) => change('to', e.target.value)}
                              />
                              <button
                                type="button"
                                className="button button--small button--ghost icon-button"
                                aria-label={t('admin.hours.removeInterval', { day: dayName, n: i + 1 })}
                                title={t('admin.hours.removeInterval', { day: dayName, n: i + 1 })}
                                disabled={locked}
                                onClick={() =>
                                  setDay(
                                    day,
                                    intervals.filter((_, j) => j !== i),
                                  )
                                }
                              >
                                ✕
                              </button>
                              {problems.length > 0 && (
                                <span id={errId} className="form-field__errors">
                                  {problems.join(' ')}
                                </span>
                              )}
                            </li>
                          );
                        })}
                      </ul>
                      {errorsAt(es, 'week', day).length > 0 && (
                        <span className="form-field__errors">{errorsAt(es, 'week', day).join(' ')}</span>
                      )}
                    </td>
                    <td className="hours-week__add">
                      <button
                        type="button"
                        className="button button--small button--ghost"
                        aria-label={t('admin.hours.addInterval', { day: dayName })}
                        disabled={locked || intervals.length >= 10}
                        onClick={() => {
                          const last = intervals[intervals.length - 1];
                          setDay(day, [
                            ...intervals,
                            last ? { from: last.to, to: '23:00' } : { from: '09:00', to: '18:00' },
                          ]);
                        }}
                      >
                        + {t('admin.hours.interval')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>

          <div className="hours-holidays" role="group" aria-labelledby={`${id}-holidays`}>
            <span id={`${id}-holidays`} className="field__label">
              {t('admin.hours.holidays')}
            </span>
            {holidays.length === 0 ? (
              <p className="form-field__help">{t('admin.hours.noHolidays')}</p>
            ) : (
              <ul className="chips" aria-label={t('admin.hours.holidays')}>
                {holidays.map((day, i) => (
                  <li key={day} className={`chip${errorsAt(es, 'holidays', i).length ? ' has-error' : ''}`}>
                    <time dateTime={day}>{day}</time>
                    <button
                      type="button"
                      className="chip__remove"
                      aria-label={t('admin.hours.removeHoliday', { day })}
                      disabled={locked}
                      onClick={() => set({ ...hours, holidays: holidays.filter((h) => h !== day) })}
                    >
                      ✕
                    </button>
                  </li>
                ))}
              </ul>
            )}
            <div className="inline-add">
              <input
                type="date"
                className="field__input field__input--compact"
                aria-label={t('admin.hours.newHoliday')}
                value={holiday}
                disabled={locked}
                onChange={(e) => setHoliday(e.target.value)}
              />
              <button
                type="button"
                className="button button--small button--soft"
                disabled={locked || !holiday || holidays.includes(holiday)}
                onClick={() => {
                  set({ ...hours, holidays: [...holidays, holiday].sort() });
                  setHoliday('');
                }}
              >
                {t('admin.hours.addHoliday')}
              </button>
            </div>
            {errorsAt(es, 'holidays').length > 0 && (
              <span className="form-field__errors">{errorsAt(es, 'holidays').join(' ')}</span>
            )}
          </div>
        </>
      )}
    </div>
  );
}
