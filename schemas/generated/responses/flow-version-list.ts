/* Generated from schemas/responses/flow-version-list.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * Published versions, newest first.
 */
export interface FlowVersionList {
  items: {
    version: number;
    name: string;
    publishedAt: string;
    publishedBy: string | null;
  }[];
}
