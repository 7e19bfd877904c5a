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
    /**
     * The publisher's name; null for the system or an employee no longer on record
     */
    publishedByName: string | null;
    /**
     * What the publisher said changed
     */
    note: string | null;
  }[];
}
