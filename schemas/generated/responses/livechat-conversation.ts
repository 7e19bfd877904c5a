/* Generated from schemas/responses/livechat-conversation.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * The visitor's current dialog (null before the first message) and its messages, internal notes left out.
 */
export interface LivechatConversation {
  dialogId: string | null;
  status:
    | null
    | (
        | 'new'
        | 'offered'
        | 'in_progress'
        | 'waiting_client'
        | 'closed_awaiting_rating'
        | 'closed'
        | 'spam'
        | 'force_closed'
        | 'transferred'
      );
  items: VisitorMessage[];
}
export interface VisitorMessage {
  id: string;
  author: 'client' | 'operator' | 'system' | 'bot';
  text: string | null;
  attachments: string[];
  createdAt: string;
}
