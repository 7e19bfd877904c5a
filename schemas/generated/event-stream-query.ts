/* Generated from schemas/event-stream-query.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * Query string of the event streams (GET /api/events, GET /api/livechat/events).
 */
export interface EventStreamQuery {
  /**
   * The bearer token, for EventSource, which cannot send an Authorization header.
   */
  access_token?: string;
  /**
   * Resume after this event id (as the Last-Event-ID header does).
   */
  lastEventId?: string;
}
