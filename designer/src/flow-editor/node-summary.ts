import type { TFunction } from 'i18next';
import type { CatalogIndex } from './flow-catalog';
import type { FlowNodeData } from './flow-graph';

/**
 * A node's key params in one line, as the canvas shows them under its title ("evenly · 1m · 2 rounds",
 * "Send message: Hello…", "working hours is yes"). Words come from the translations; values as written.
 */
export function nodeSummary(data: FlowNodeData, catalog: CatalogIndex, t: TFunction): string {
  const p = data.params as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  switch (data.type) {
    case 'trigger': {
      const event = t(`flowEditor.events.${String(p.event)}`, { defaultValue: String(p.event ?? '') });
      return p.after ? `${event} · ${text(p.after)}` : event;
    }
    case 'queue':
      return [
        t(`flowEditor.summary.mode.${String(p.mode)}`, { defaultValue: String(p.mode ?? '') }),
        p.stepTimeout ? text(p.stepTimeout) : '',
        t('flowEditor.summary.rounds', { count: typeof p.rounds === 'number' ? p.rounds : 1 }),
      ]
        .filter(Boolean)
        .join(' · ');
    case 'action': {
      const input = (p.input ?? {}) as Record<string, unknown>;
      const first = Object.values(input).find((v) => v !== '' && v !== undefined && v !== null);
      return first === undefined ? '' : short(text(first));
    }
    case 'condition':
      return describePredicate(p.when, t);
    case 'switch':
      return Array.isArray(p.cases)
        ? (p.cases as Array<{ name?: string }>).map((c) => c.name ?? '?').join(' · ')
        : '';
    case 'wait':
      return `${t(`flowEditor.events.${String(p.event)}`, { defaultValue: String(p.event ?? '') })} · ${text(p.timeout ?? '')}`;
    case 'delay':
      return `${text(p.duration ?? '')}${p.workingHoursOnly ? ` · ${t('flowEditor.summary.workingHoursOnly')}` : ''}`;
    case 'bot':
      return t('flowEditor.summary.faq', { count: Array.isArray(p.faq) ? p.faq.length : 0 });
    case 'setVariable':
      return `${text(p.name ?? '')} = ${JSON.stringify(p.value ?? null)}`;
    case 'tag':
      return `${p.remove ? '−' : '+'} ${text(p.tag ?? '')}`;
    case 'transfer':
      return p.lineId
        ? t('flowEditor.summary.toLine', { id: text(p.lineId) })
        : p.operatorId
          ? t('flowEditor.summary.toOperator', { id: text(p.operatorId) })
          : '';
    case 'close':
      return t(`flowEditor.summary.status.${String(p.status ?? 'closed')}`, {
        defaultValue: String(p.status ?? ''),
      });
    default:
      return '';
  }
}

const short = (s: string) => (s.length > 48 ? `${s.slice(0, 47)}…` : s);

const OPERATORS = ['equals', 'notEquals', 'contains', 'matches', 'in', 'greaterThan', 'lessThan'] as const;

/** A predicate in words: "message contains “refund” and not (first contact is yes)". */
export function describePredicate(predicate: unknown, t: TFunction): string {
  const p = predicate as Record<string, unknown> | null;
  if (!p || typeof p !== 'object') return '';
  const join = (items: unknown, word: string) =>
    Array.isArray(items) ? items.map((i) => wrap(i, t)).join(` ${t(word)} `) : '';
  if ('all' in p) return join(p.all, 'flowEditor.predicate.and');
  if ('any' in p) return join(p.any, 'flowEditor.predicate.or');
  if ('not' in p) return `${t('flowEditor.predicate.not')} ${wrap(p.not, t)}`;
  const fact =
    p.fact === 'variable'
      ? String(p.name ?? '?')
      : t(`flowEditor.facts.${String(p.fact)}`, { defaultValue: String(p.fact ?? '?') });
  const op = OPERATORS.find((o) => o in p);
  if (!op) return fact;
  const value = p[op];
  const shown =
    typeof value === 'boolean'
      ? t(value ? 'flowEditor.predicate.yes' : 'flowEditor.predicate.no')
      : Array.isArray(value)
        ? value.map((v) => JSON.stringify(v)).join(', ')
        : typeof value === 'string'
          ? `“${value}”`
          : String(value);
  return `${fact} ${t(`flowEditor.operators.${op}`)} ${shown}`;
}

const wrap = (p: unknown, t: TFunction) => {
  const inner = describePredicate(p, t);
  return p && typeof p === 'object' && ('all' in p || 'any' in p) ? `(${inner})` : inner;
};
