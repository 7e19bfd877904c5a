/* Generated from schemas/nodes/delay.params.schema.json by `npm run schemas:types`. Do not edit. */

export interface DelayParams {
  duration: string;
}
