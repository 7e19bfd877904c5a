/* Generated from schemas/flow-publish-request.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * Publishing the draft (the body may be left out): a note for the version list, and the draft revision the admin saw, so that exactly that is published (409 stale_draft when the draft has moved on).
 */
export interface FlowPublishRequest {
  /**
   * What changed, shown in the version list.
   */
  note?: string;
  /**
   * The draft revision to publish (its ETag); refused with 409 stale_draft when the draft is at another one.
   */
  revision?: number;
}
