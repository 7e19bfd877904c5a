/* Generated from schemas/responses/audit-page.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * Configuration changes, newest first, one page.
 */
export interface AuditPage {
  items: AuditRecordView[];
  /**
   * Pass as `cursor` for the next page; null on the last page
   */
  nextCursor: string | null;
}
export interface AuditRecordView {
  id: string;
  at: string;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  /**
   * field → { before, after } (secrets and password hashes read "[redacted]")
   */
  changes: {
    [k: string]: {
      before?: unknown;
      after?: unknown;
    };
  };
}
