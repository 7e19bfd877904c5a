/* Generated from schemas/rating-request.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * A rating of a dialog: like | dislike, or a score 1-5 (a number, never a string of digits).
 */
export type Rating = ('like' | 'dislike') | number;

/**
 * A supervisor's rating of a dialog: like | dislike, or 1-5.
 */
export interface RatingRequest {
  value: Rating;
}
