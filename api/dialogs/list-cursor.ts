import { HttpError } from '../errors';

/** Where a page ends: the sort key (time desc, id desc) of its last item. */
export interface ListPosition {
  updatedAt: Date;
  id: string;
}

/**
 * The opaque `nextCursor`: `<epoch milliseconds>.<base64url of the id>`. Clients pass it back untouched;
 * it is not signed because it only says where to continue, and the query still filters by what the
 * caller may see. Every string of that shape reads as a position (the query schemas' `cursor` pattern,
 * CURSOR_PATTERN, says exactly which), so what the document allows the server takes: a cursor this API
 * did not write merely starts the page somewhere.
 */
export const CURSOR_PATTERN = /^(0|[1-9][0-9]{0,14})\.[A-Za-z0-9_-]{1,86}$/;

export function encodeCursor(position: ListPosition): string {
  return `${position.updatedAt.getTime()}.${Buffer.from(position.id, 'utf8').toString('base64url')}`;
}

/** Reads a cursor back (the query schema has checked its shape; anything else is a 400). */
export function decodeCursor(cursor: string): ListPosition {
  if (!CURSOR_PATTERN.test(cursor))
    throw new HttpError(400, 'invalid_request', 'The cursor is not one this API gave out', [
      { pointer: '/cursor', message: 'is malformed' },
    ]);
  const [ms, id] = cursor.split('.') as [string, string];
  // at most 15 digits: always a valid Date (its range is ±8.64e15 ms)
  return { updatedAt: new Date(Number(ms)), id: Buffer.from(id, 'base64url').toString('utf8') };
}
