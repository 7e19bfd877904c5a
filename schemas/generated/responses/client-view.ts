/* Generated from schemas/responses/client-view.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * A dialog as lists show it: everything but its messages and timeline, with the client's summary and its KPI figures.
 */
export type DialogSummary = DialogSummaryFields;
/**
 * A rating of a dialog: like | dislike, or a score 1-5 (a number, never a string of digits).
 */
export type Rating = ('like' | 'dislike') | number;

/**
 * A client as the dialog view's card shows them: profile, identities per channel kind, leads, and their dialogs (newest first) on the caller's lines.
 */
export interface ClientView {
  id: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  /**
   * the operator a returning client goes to first
   */
  responsibleOperatorId: string | null;
  createdAt: string;
  identities: {
    channelKind: string;
    externalId: string;
  }[];
  leads: {
    id: string;
    title: string;
    status: string;
    source: string;
    dialogId: string;
    createdAt: string;
  }[];
  /**
   * @maxItems 50
   */
  dialogs: DialogSummary[];
}
export interface DialogSummaryFields {
  id: string;
  lineId: string;
  channelId: string;
  status:
    | 'new'
    | 'offered'
    | 'in_progress'
    | 'waiting_client'
    | 'closed_awaiting_rating'
    | 'closed'
    | 'spam'
    | 'force_closed'
    | 'transferred';
  responsibleOperatorId: string | null;
  /**
   * Operators the dialog is offered to now
   */
  offeredTo: string[];
  participants: string[];
  pinned: boolean;
  client: {
    id: string;
    name: string | null;
    phone: string | null;
    email: string | null;
  } | null;
  kpi: {
    firstAnswerMs: number | null;
    breaches: number;
  };
  rating: null | Rating;
  leadId: string | null;
  flowVersion: number | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  /**
   * the kind of the channel the dialog came in on (null: the channel is gone)
   */
  channelKind: 'webhook' | 'telegram' | 'livechat' | null;
  /**
   * the newest message that is not an internal note
   */
  lastMessage: null | {
    id: string;
    author: 'client' | 'operator' | 'bot' | 'system';
    text: string | null;
    attachments: string[];
    createdAt: string;
  };
  /**
   * the client's first message after the last operator answer: what their wait runs from (null: not waiting)
   */
  waitingSince: string | null;
}
