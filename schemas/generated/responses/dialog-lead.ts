/* Generated from schemas/responses/dialog-lead.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * The dialog's CRM lead.
 */
export interface DialogLead {
  leadId: string;
}
