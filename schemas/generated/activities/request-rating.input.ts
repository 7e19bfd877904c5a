/* Generated from schemas/activities/request-rating.input.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * The input of the Request rating activity (requestRating) as a flow's action node gives it.
 */
export interface RequestRatingInput {
  text?: string;
}
