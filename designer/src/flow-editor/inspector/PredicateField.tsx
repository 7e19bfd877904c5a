import { useTranslation } from 'react-i18next';
import type { FieldProps } from '@rjsf/utils';
import predicateSchema from '../../../../schemas/predicate.schema.json';
import { NEW_PREDICATE } from '../flow-catalog';

/**
 * The predicate builder (docs/flows.md §4) for a condition's `when` and each switch case: a test of one
 * fact (fact, operator, value) or a group of them (all / any), and "not". Facts and operators are read
 * from schemas/predicate.schema.json, the schema the validator checks the result against.
 */
type Predicate = Record<string, unknown>;
const LEAF = predicateSchema.oneOf.find((b) => (b.required as string[]).includes('fact'))!;
const LEAF_PROPS = LEAF.properties as unknown as Record<
  string,
  { enum?: string[]; type?: string | string[] }
>;
export const FACTS: string[] = LEAF_PROPS.fact!.enum!;
export const OPERATORS: string[] = Object.keys(LEAF_PROPS).filter((k) => k !== 'fact' && k !== 'name');

/** Values a fact takes, where they are few (the engine's facts as docs/flows.md §4 lists them). */
const BOOLEAN_FACTS = new Set(['withinWorkingHours', 'clientKnown', 'firstContact']);

export function PredicateField({
  formData,
  onChange,
  fieldPathId,
  disabled,
  readonly,
  schema,
  rawErrors,
}: FieldProps) {
  const { t } = useTranslation();
  const set = (value: Predicate) => onChange(value, fieldPathId.path);
  return (
    <fieldset
      className="predicate"
      aria-describedby={rawErrors?.length ? `${fieldPathId.$id}__error` : undefined}
    >
      <legend>{(schema.title as string | undefined) ?? t('flowEditor.predicate.title')}</legend>
      <PredicateEditor
        id={fieldPathId.$id}
        value={(formData as Predicate | undefined) ?? { ...NEW_PREDICATE }}
        onChange={set}
        disabled={!!(disabled || readonly)}
        depth={0}
      />
      {rawErrors?.length ? (
        <ul id={`${fieldPathId.$id}__error`} className="field-errors">
          {rawErrors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      ) : null}
    </fieldset>
  );
}

function PredicateEditor({
  id,
  value,
  onChange,
  disabled,
  depth,
  onRemove,
}: {
  id: string;
  value: Predicate;
  onChange(value: Predicate): void;
  disabled: boolean;
  depth: number;
  onRemove?(): void;
}) {
  const { t } = useTranslation();
  const groupKind = 'all' in value ? 'all' : 'any' in value ? 'any' : null;
  if ('not' in value) {
    return (
      <div className="predicate__not">
        <span className="predicate__word">{t('flowEditor.predicate.not')}</span>
        <PredicateEditor
          id={`${id}_not`}
          value={(value.not as Predicate) ?? { ...NEW_PREDICATE }}
          onChange={(inner) => onChange({ not: inner })}
          disabled={disabled}
          depth={depth + 1}
        />
        <button
          type="button"
          className="button button--ghost button--small"
          disabled={disabled}
          onClick={() => onChange(value.not as Predicate)}
        >
          {t('flowEditor.predicate.removeNot')}
        </button>
      </div>
    );
  }
  if (groupKind) {
    const items = (Array.isArray(value[groupKind]) ? value[groupKind] : []) as Predicate[];
    const setItems = (next: Predicate[]) =>
      onChange(next.length === 1 && depth === 0 ? next[0]! : { [groupKind]: next });
    return (
      <div className="predicate__group">
        <label className="predicate__group-kind">
          <span className="visually-hidden">{t('flowEditor.predicate.groupKind')}</span>
          <select
            id={`${id}_kind`}
            className="select"
            value={groupKind}
            disabled={disabled}
            onChange={(e) => onChange({ [e.target.value]: items })}
          >
            <option value="all">{t('flowEditor.predicate.all')}</option>
            <option value="any">{t('flowEditor.predicate.any')}</option>
          </select>
        </label>
        <ol className="predicate__items">
          {items.map((item, i) => (
            <li key={i}>
              <PredicateEditor
                id={`${id}_${i}`}
                value={item}
                onChange={(next) => setItems(items.map((x, k) => (k === i ? next : x)))}
                disabled={disabled}
                depth={depth + 1}
                onRemove={items.length > 1 ? () => setItems(items.filter((_, k) => k !== i)) : undefined}
              />
            </li>
          ))}
        </ol>
        <div className="predicate__actions">
          <button
            type="button"
            className="button button--soft button--small"
            disabled={disabled}
            onClick={() => setItems([...items, { ...NEW_PREDICATE }])}
          >
            {t('flowEditor.predicate.addTest')}
          </button>
          <button
            type="button"
            className="button button--ghost button--small"
            disabled={disabled}
            onClick={() => setItems([...items, { any: [{ ...NEW_PREDICATE }] }])}
          >
            {t('flowEditor.predicate.addGroup')}
          </button>
          {onRemove && (
            <button
              type="button"
              className="button button--ghost button--small"
              disabled={disabled}
              onClick={onRemove}
            >
              {t('flowEditor.predicate.remove')}
            </button>
          )}
        </div>
      </div>
    );
  }
  return (
    <div className="predicate__leaf-wrap">
      <Leaf id={id} value={value} onChange={onChange} disabled={disabled} />
      <div className="predicate__actions">
        {depth === 0 && (
          <button
            type="button"
            className="button button--soft button--small"
            disabled={disabled}
            onClick={() => onChange({ all: [value, { ...NEW_PREDICATE }] })}
          >
            {t('flowEditor.predicate.addTest')}
          </button>
        )}
        <button
          type="button"
          className="button button--ghost button--small"
          disabled={disabled}
          onClick={() => onChange({ not: value })}
        >
          {t('flowEditor.predicate.negate')}
        </button>
        {onRemove && (
          <button
            type="button"
            className="button button--ghost button--small"
            disabled={disabled}
            onClick={onRemove}
          >
            {t('flowEditor.predicate.remove')}
          </button>
        )}
      </div>
    </div>
  );
}

function Leaf({
  id,
  value,
  onChange,
  disabled,
}: {
  id: string;
  value: Predicate;
  onChange(v: Predicate): void;
  disabled: boolean;
}) {
  const { t } = useTranslation();
  const fact = typeof value.fact === 'string' ? value.fact : FACTS[0]!;
  const op = OPERATORS.find((o) => o in value) ?? 'equals';
  const operand = value[op];
  const boolean = BOOLEAN_FACTS.has(fact);
  const ops = boolean ? ['equals', 'notEquals'] : OPERATORS;
  const build = (f: string, o: string, v: unknown, name = value.name) => ({
    fact: f,
    ...(f === 'variable' ? { name: typeof name === 'string' ? name : '' } : {}),
    [o]: v,
  });
  const coerce = (o: string, text: string): unknown => {
    if (o === 'in')
      return text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    if (o === 'greaterThan' || o === 'lessThan') return text === '' ? 0 : Number(text);
    if (o === 'contains' || o === 'matches') return text;
    if (text === 'true') return true;
    if (text === 'false') return false;
    if (text !== '' && !Number.isNaN(Number(text)) && fact !== 'messageText') return Number(text);
    return text;
  };
  const shown = Array.isArray(operand)
    ? operand.join(', ')
    : operand === undefined || operand === null
      ? ''
      : String(operand);
  return (
    <div className="predicate__leaf">
      <label>
        <span className="visually-hidden">{t('flowEditor.predicate.fact')}</span>
        <select
          id={id}
          className="select"
          value={fact}
          disabled={disabled}
          onChange={(e) => {
            const f = e.target.value;
            onChange(BOOLEAN_FACTS.has(f) ? build(f, 'equals', true) : build(f, op, operand ?? ''));
          }}
        >
          {FACTS.map((f) => (
            <option key={f} value={f}>
              {t(`flowEditor.facts.${f}`, { defaultValue: f })}
            </option>
          ))}
        </select>
      </label>
      {fact === 'variable' && (
        <label>
          <span className="visually-hidden">{t('flowEditor.predicate.variable')}</span>
          <input
            className="field__input"
            placeholder={t('flowEditor.predicate.variable')}
            value={typeof value.name === 'string' ? value.name : ''}
            disabled={disabled}
            onChange={(e) => onChange(build(fact, op, operand, e.target.value))}
          />
        </label>
      )}
      <label>
        <span className="visually-hidden">{t('flowEditor.predicate.operator')}</span>
        <select
          className="select"
          value={op}
          disabled={disabled}
          onChange={(e) => onChange(build(fact, e.target.value, coerce(e.target.value, shown)))}
        >
          {ops.map((o) => (
            <option key={o} value={o}>
              {t(`flowEditor.operators.${o}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span className="visually-hidden">{t('flowEditor.predicate.value')}</span>
        {boolean ? (
          <select
            className="select"
            value={String(operand === true)}
            disabled={disabled}
            onChange={(e) => onChange(build(fact, op, e.target.value === 'true'))}
          >
            <option value="true">{t('flowEditor.predicate.yes')}</option>
            <option value="false">{t('flowEditor.predicate.no')}</option>
          </select>
        ) : (
          <input
            className="field__input"
            value={shown}
            placeholder={op === 'in' ? t('flowEditor.predicate.listHint') : undefined}
            disabled={disabled}
            onChange={(e) => onChange(build(fact, op, coerce(op, e.target.value)))}
          />
        )}
      </label>
    </div>
  );
}
