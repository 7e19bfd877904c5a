/* Generated from schemas/activities/find-or-create-client.input.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * The input of the Find client in CRM activity (findOrCreateClient) as a flow's action node gives it.
 */
export interface FindOrCreateClientInput {
  createLead?: 'auto' | 'manual' | 'off';
}
