/* Generated from schemas/rating-request.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * A supervisor's rating of a dialog: like | dislike, or 1-5.
 */
export interface RatingRequest {
  value: ('like' | 'dislike') | number;
}
