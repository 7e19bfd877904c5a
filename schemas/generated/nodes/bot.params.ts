/* Generated from schemas/nodes/bot.params.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * The built-in FAQ chatbot takes the dialog first (docs/product.md §3.8) and hands it over to what follows (usually the queue).
 */
export interface BotParams {
  /**
   * Answers the bot gives when a client message contains one of the keywords (whole words, any case).
   *
   * @minItems 1
   * @maxItems 200
   */
  faq: {
    /**
     * @minItems 1
     * @maxItems 20
     */
    keywords: string[];
    answer: string;
  }[];
  /**
   * Words with which the client asks for a person; the bot hands over at once.
   *
   * @maxItems 20
   */
  handOverWords?: string[];
  /**
   * The bot hands over at the latest this long after it took the dialog (10 seconds to 1 hour).
   */
  handOverAfter: string;
  /**
   * Only for a client's first dialog; a returning client goes straight on.
   */
  firstContactOnly?: boolean;
}
