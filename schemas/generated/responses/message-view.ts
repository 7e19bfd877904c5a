/* Generated from schemas/responses/message-view.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * A message of a dialog, as the inbox and its stream show it.
 */
export interface MessageView {
  id: string;
  author: 'client' | 'operator' | 'system' | 'bot';
  authorId: string | null;
  text: string | null;
  attachments: string[];
  /**
   * An internal note: the client never sees it
   */
  hidden: boolean;
  externalMessageId: string | null;
  sentAt: string | null;
  createdAt: string;
}
