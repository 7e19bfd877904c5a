import faqBotInputSchema from '../../schemas/activities/faq-bot.input.schema.json';
import type { FaqBotInput } from '../../schemas/generated/activities/faq-bot.input';
import { defineActivity, type JsonSchemaObject } from '../define-activity';
import { writeLineMessage } from '../send-message/send-message.activity';

interface FaqBotAnswer {
  /** the client asked for a person */
  handOver: boolean;
  /** the bot found an answer and sent it */
  answered: boolean;
}

export const DEFAULT_HAND_OVER_WORDS = ['operator', 'human', 'agent'];

const wordsOf = (text: string) =>
  new Set(
    text
      .toLocaleLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean),
  );
/** Does the text hold this keyword (one word, or several in a row), in any case? */
const mentions = (text: string, words: Set<string>, keyword: string) => {
  const parts = keyword.toLocaleLowerCase().split(/\s+/);
  return parts.length === 1 ? words.has(parts[0]!) : text.toLocaleLowerCase().includes(parts.join(' '));
};

/**
 * docs/product.md §3.8's example chatbot: answers a client message from a keyword FAQ (as the bot, in the dialog)
 * and says when the client asks for a person. The `bot` node runs it on each message while it has the
 * dialog; a flow can also call it from an action node.
 */
export const faqBot = defineActivity<FaqBotInput, FaqBotAnswer>({
  name: 'faqBot',
  title: 'FAQ bot',
  description: 'Answers a client message from a keyword FAQ, or says the client wants a person.',
  category: 'Chatbot',
  input: faqBotInputSchema as JsonSchemaObject,
  output: {
    type: 'object',
    required: ['handOver', 'answered'],
    properties: { handOver: { type: 'boolean' }, answered: { type: 'boolean' } },
  },
  async run(input, context) {
    const text = input.text ?? '';
    const words = wordsOf(text);
    const handOverWords = input.handOverWords ?? DEFAULT_HAND_OVER_WORDS;
    if (handOverWords.some((w) => mentions(text, words, w))) return { handOver: true, answered: false };
    const entry = input.faq.find((e) => e.keywords.some((k) => mentions(text, words, k)));
    if (!entry) return { handOver: false, answered: false };
    await context.services.db.transaction((tx) => writeLineMessage(tx, context, entry.answer, 'bot'));
    return { handOver: false, answered: true };
  },
});
