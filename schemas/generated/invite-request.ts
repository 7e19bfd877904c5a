/* Generated from schemas/invite-request.schema.json by `npm run schemas:types`. Do not edit. */

export interface InviteRequest {
  operatorId: string;
}
