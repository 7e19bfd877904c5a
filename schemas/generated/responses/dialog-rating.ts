/* Generated from schemas/responses/dialog-rating.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * A rating of a dialog: like | dislike, or a score 1-5 (a number, never a string of digits).
 */
export type Rating = ('like' | 'dislike') | number;

/**
 * The supervisor's rating, as recorded.
 */
export interface DialogRating {
  rating: Rating;
}
