import type { Predicate } from '../../schemas/generated/predicate';

/** What conditions can look at: facts of the dialog plus its variables. Plain data, no I/O. */
export interface DialogFacts {
  channelKind: string;
  withinWorkingHours: boolean;
  clientKnown: boolean;
  firstContact: boolean;
  messageText: string | null;
  rating: string | number | null;
  tags: string[];
  variables: Record<string, unknown>;
}

type FactTest = Extract<Predicate, { fact: string }>;

function factValue(test: FactTest, facts: DialogFacts): unknown {
  return test.fact === 'variable' ? facts.variables[test.name ?? ''] : facts[test.fact];
}

/** Evaluates a (schema-valid) predicate. Deterministic: same facts, same answer, on every host. */
export function evaluate(predicate: Predicate, facts: DialogFacts): boolean {
  if ('all' in predicate) return predicate.all.every((p) => evaluate(p, facts));
  if ('any' in predicate) return predicate.any.some((p) => evaluate(p, facts));
  if ('not' in predicate) return !evaluate(predicate.not, facts);
  const test = predicate as FactTest;
  const value = factValue(test, facts);
  const list = Array.isArray(value) ? value : undefined;
  if ('equals' in test) return list ? list.includes(test.equals) : value === test.equals;
  if ('notEquals' in test) return list ? !list.includes(test.notEquals) : value !== test.notEquals;
  if (test.contains !== undefined) {
    if (list) return list.includes(test.contains);
    return typeof value === 'string' && value.toLocaleLowerCase().includes(test.contains.toLocaleLowerCase());
  }
  if (test.matches !== undefined)
    return typeof value === 'string' && new RegExp(test.matches, 'iu').test(value);
  if (test.in !== undefined) return test.in.includes(value as string | number | boolean);
  if (test.greaterThan !== undefined) return typeof value === 'number' && value > test.greaterThan;
  if (test.lessThan !== undefined) return typeof value === 'number' && value < test.lessThan;
  return false;
}
