/* Generated from schemas/nodes/queue.params.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * Offers the dialog to the line's operators until one accepts (docs/product.md §3.1–3.3).
 */
export interface QueueParams {
  mode: 'strict' | 'evenly' | 'all';
  /**
   * Time before the dialog passes to the next operator (1 minute to 12 hours).
   */
  stepTimeout: string;
  checkAvailability?: boolean;
  /**
   * Passes over the whole queue before 'exhausted'.
   */
  rounds?: number;
}
