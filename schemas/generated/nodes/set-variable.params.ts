/* Generated from schemas/nodes/set-variable.params.schema.json by `npm run schemas:types`. Do not edit. */

export interface SetVariableParams {
  name: string;
  value: string | number | boolean | null;
}
