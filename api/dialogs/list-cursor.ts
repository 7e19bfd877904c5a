import { HttpError } from '../errors';

/** Where a page of the dialog list ends: the sort key (updatedAt desc, id desc) of its last item. */
export interface ListPosition {
  updatedAt: Date;
  id: string;
}

/**
 * The opaque `nextCursor`: base64url of `[updatedAt ISO, id]`. Clients pass it back untouched; it is
 * not signed because it only says where to continue, and the query still filters by what the caller
 * may see.
 */
export function encodeCursor(position: ListPosition): string {
  return Buffer.from(JSON.stringify([position.updatedAt.toISOString(), position.id])).toString('base64url');
}

const malformed = () =>
  new HttpError(400, 'invalid_request', 'The cursor is not one this API gave out', [
    { pointer: '/cursor', message: 'is malformed' },
  ]);

/** Reads a cursor back; anything that is not exactly what `encodeCursor` writes is a 400. */
export function decodeCursor(cursor: string): ListPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw malformed();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw malformed();
  const [at, id] = parsed as unknown[];
  if (typeof at !== 'string' || typeof id !== 'string' || id.length === 0 || id.length > 64)
    throw malformed();
  const updatedAt = new Date(at);
  // toISOString round-trips only a string it wrote itself: rejects "2026-02-30" and the like.
  if (Number.isNaN(updatedAt.getTime()) || updatedAt.toISOString() !== at) throw malformed();
  return { updatedAt, id };
}
