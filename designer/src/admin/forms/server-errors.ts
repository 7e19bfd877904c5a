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
    const pointer = detail.pointer ?? '';
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
