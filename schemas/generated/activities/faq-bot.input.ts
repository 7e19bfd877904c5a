/* Generated from schemas/activities/faq-bot.input.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * The input of the FAQ bot activity (faqBot) as a flow's action node gives it.
 */
export interface FaqBotInput {
  text: string | null;
  faq: {
    keywords: string[];
    answer: string;
  }[];
  handOverWords?: string[];
}
