/* Generated from schemas/responses/session-user.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * The signed-in employee as a login names them.
 */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'supervisor' | 'operator';
}
