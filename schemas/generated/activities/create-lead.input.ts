/* Generated from schemas/activities/create-lead.input.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * The input of the Create lead activity (createLead) as a flow's action node gives it.
 */
export interface CreateLeadInput {
  title?: string;
}
