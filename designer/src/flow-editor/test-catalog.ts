import { ACTIVITY_INPUT_SCHEMAS } from '../../../schemas/activities';
import { NODE_TYPES } from '../../../workflows/engine/node-types';
import type { Catalog } from '../../../schemas/generated/responses/catalog';
import { indexCatalog } from './flow-catalog';

/**
 * A catalog as GET /api/catalog answers it, for the editor's unit tests: the engine's own node types
 * and two activities (a built-in one and one shaped like the shipped custom example).
 */
export function testCatalog() {
  const catalog: Catalog = {
    nodeTypes: NODE_TYPES.map((n) => ({ ...n, params: n.params, outputs: n.outputs })),
    activities: [
      ...ACTIVITY_INPUT_SCHEMAS.filter((s) => !s.description.includes('(sendMessage)')).map((input) => ({
        name: /\((\w+)\)/.exec(input.description)![1]!,
        title: input.title,
        description: input.description,
        category: 'Built-in',
        input,
        output: {},
      })),
      {
        name: 'sendMessage',
        title: 'Send message',
        description: 'Says something to the client.',
        category: 'Dialog',
        input: {
          type: 'object',
          additionalProperties: false,
          required: ['text'],
          properties: {
            text: { type: 'string', minLength: 1 },
            author: { enum: ['system', 'bot'], default: 'system' },
          },
        },
        output: {},
      },
      {
        name: 'classifyPriority',
        title: 'Classify priority',
        description: 'Marks a message urgent.',
        category: 'Examples',
        input: { type: 'object', required: ['text'], properties: { text: { type: 'string' } } },
        output: {},
      },
    ],
  };
  return indexCatalog(catalog);
}
