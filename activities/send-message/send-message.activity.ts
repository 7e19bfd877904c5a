import sendMessageInputSchema from '../../schemas/activities/send-message.input.schema.json';
import type { SendMessageInput } from '../../schemas/generated/activities/send-message.input';
import type { EntityManager } from 'typeorm';
import { derivedId } from '../../db/derived-ids';
import { defineActivity, type JsonSchemaObject, type ActivityContext } from '../define-activity';
import { insertMessage } from '../../db/dialog-writes';

/**
 * Writes a message from the line (not from an operator) into the dialog, once per call: its id is
 * derived from the call's id, so a retried activity finds it there.
 */
export async function writeLineMessage(
  tx: EntityManager,
  { dialog, callId }: ActivityContext,
  text: string,
  author: SendMessageInput['author'] = 'system',
): Promise<string> {
  const id = derivedId('line-message', callId);
  await insertMessage(tx, {
    id,
    dialogId: dialog.id,
    channelId: dialog.channelId,
    externalMessageId: null,
    author,
    authorId: null,
    text,
    attachments: [],
    hidden: false,
    sentAt: null,
    createdAt: new Date(),
  });
  return id;
}

/** docs/flows.md §5.1 sendMessage: the line says something to the client (auto-reply, closing words, bot answer). */
export const sendMessage = defineActivity<SendMessageInput, { messageId: string }>({
  name: 'sendMessage',
  title: 'Send message',
  description: 'Sends the client a message from the line (as "system" or as the bot).',
  category: 'Dialog',
  runsLocally: true, // Lineflow's own database only
  input: sendMessageInputSchema as JsonSchemaObject,
  output: { type: 'object', required: ['messageId'], properties: { messageId: { type: 'string' } } },
  async run(input, context) {
    const messageId = await context.services.db.transaction((tx) =>
      writeLineMessage(tx, context, input.text, input.author),
    );
    return { messageId };
  },
});
