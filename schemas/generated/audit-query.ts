/* Generated from schemas/audit-query.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * Query string of GET /api/audit, as the raw strings it arrives in (nothing is coerced).
 */
export interface AuditQuery {
  /**
   * line, flow, operator, quickReply, channel…
   */
  entityType?: string;
  /**
   * One entity (with entityType).
   */
  entityId?: string;
  /**
   * Changes made by this employee.
   */
  actorId?: string;
  /**
   * nextCursor of the previous page (opaque: <milliseconds>.<base64url>; a well-formed cursor never fails, it only says where the page starts).
   */
  cursor?: string;
  /**
   * Page size, 1 to 200 (default 50).
   */
  limit?: string;
}
