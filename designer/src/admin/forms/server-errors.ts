import type { ErrorSchema } from '@rjsf/utils';
import type { ErrorDetail } from '../../api/client';

/**
 * The API's refusal details (`{pointer: "/settings/workingHours/week/mon/0/to", message}`, JSON
 * pointers into the request body) as an rjsf error schema, so each reason shows at its field. `base`
 * is the pointer of the form's data in the body ('' when the form is the body); details outside it, or
 * at its root, are returned apart to be said above the form.
 */
export function serverErrorSchema(
  details: readonly ErrorDetail[],
  base = '',
): { errorSchema: ErrorSchema; unplaced: string[] } {
  const errorSchema: ErrorSchema = {};
  const unplaced: string[] = [];
  for (const detail of details) {
    const pointer = detail.pointer;
    if (base && pointer !== base && !pointer.startsWith(`${base}/`)) {
      unplaced.push(detail.message);
      continue;
    }
    const segments = pointer
      .slice(base.length)
      .split('/')
      .slice(1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (!segments.length) {
      unplaced.push(detail.message);
      continue;
    }
    let node = errorSchema as Record<string, unknown>;
    for (const segment of segments) node = (node[segment] ??= {}) as Record<string, unknown>;
    const errors = ((node.__errors as string[] | undefined) ??= []);
    errors.push(detail.message);
  }
  return { errorSchema, unplaced };
}

/** Whether an error schema holds any message. */
export function hasErrors(schema: ErrorSchema | undefined): boolean {
  if (!schema) return false;
  return Object.entries(schema).some(([key, value]) =>
    key === '__errors' ? (value as unknown as string[]).length > 0 : hasErrors(value as ErrorSchema),
  );
}

const isDeepEmpty = (value: unknown): boolean =>
  !!value &&
  typeof value === 'object' &&
  !Array.isArray(value) &&
  Object.values(value).every((v) => v === undefined || isDeepEmpty(v));

/**
 * The data without objects that hold nothing (`rating: {}`, `workingHours: {week: {}}`): rjsf leaves
 * such shells of optional sections behind when a sibling field changes, and to the API they would mean
 * something else (an empty week is a line that is always closed). The root object stays.
 */
export function withoutEmptyObjects<T>(data: T): T {
  const prune = (value: unknown): unknown => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined && !isDeepEmpty(v))
      .map(([k, v]) => [k, prune(v)]);
    return Object.fromEntries(entries);
  };
  return prune(data) as T;
}
