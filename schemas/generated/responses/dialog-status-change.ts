/* Generated from schemas/responses/dialog-status-change.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * Closed or marked as spam: the dialog's status now.
 */
export interface DialogStatusChange {
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
}
