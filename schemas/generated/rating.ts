/* Generated from schemas/rating.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * A rating of a dialog: like | dislike, or a score 1-5 (a number, never a string of digits).
 */
export type Rating = ('like' | 'dislike') | number;
