/* Generated from schemas/nodes/tag.params.schema.json by `npm run schemas:types`. Do not edit. */

export interface TagParams {
  tag: string;
  remove?: boolean;
}
