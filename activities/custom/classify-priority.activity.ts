import { defineActivity } from '../define-activity';

/**
 * Example custom activity (README, "Add an activity"): sorts a message into a priority by keywords, so
 * a flow can send urgent dialogs to a faster queue. Dropping a file like this one into
 * activities/custom/ is all it takes: the worker registers it and the designer's palette lists it.
 */
interface Input {
  text: string;
  urgentWords?: string[];
}

interface Output {
  priority: 'urgent' | 'normal';
  matched: string[];
}

const DEFAULT_URGENT = ['urgent', 'asap', 'refund', 'broken', 'срочно'];

export const classifyPriority = defineActivity<Input, Output>({
  name: 'classifyPriority',
  title: 'Classify priority',
  description: 'Marks a message urgent when it contains one of the given words.',
  category: 'Examples',
  input: {
    type: 'object',
    additionalProperties: false,
    required: ['text'],
    properties: {
      text: { type: 'string', maxLength: 10000 },
      urgentWords: { type: 'array', items: { type: 'string', minLength: 1 }, maxItems: 100 },
    },
  },
  output: {
    type: 'object',
    required: ['priority', 'matched'],
    properties: {
      priority: { enum: ['urgent', 'normal'] },
      matched: { type: 'array', items: { type: 'string' } },
    },
  },
  async run({ text, urgentWords = DEFAULT_URGENT }) {
    const words = text.toLocaleLowerCase().split(/[^\p{L}\p{N}]+/u);
    const matched = urgentWords.filter((w) => words.includes(w.toLocaleLowerCase()));
    return { priority: matched.length ? 'urgent' : 'normal', matched };
  },
});
