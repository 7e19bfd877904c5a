/* Generated from schemas/activities/create-deal.input.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * The input of the Create deal activity (createDeal) as a flow's action node gives it.
 */
export interface CreateDealInput {
  title?: string;
  stage?: string;
}
