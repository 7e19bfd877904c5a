/* Generated from schemas/dialog-list-query.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * Query string of GET /api/dialogs, as the raw strings it arrives in (nothing is coerced).
 */
export interface DialogListQuery {
  /**
   * unanswered: open dialogs nobody is responsible for; mine: where I am responsible or a participant; all (default): every dialog of the lines I may see.
   */
  view?: 'unanswered' | 'mine' | 'all';
  /**
   * Only this line's dialogs (a line the caller may not see answers 404).
   */
  lineId?: string;
  /**
   * One status or a comma-separated list of them.
   */
  status?: string;
  /**
   * nextCursor of the previous page (opaque: <milliseconds>.<base64url>; a well-formed cursor never fails, it only says where the page starts).
   */
  cursor?: string;
  /**
   * Page size, 1 to 200 (default 50).
   */
  limit?: string;
}
