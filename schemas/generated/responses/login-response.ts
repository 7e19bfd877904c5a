/* Generated from schemas/responses/login-response.schema.json by `npm run schemas:types`. Do not edit. */

export interface LoginResponse {
  /**
   * Send as Authorization: Bearer <token>
   */
  token: string;
  expiresAt: string;
  user: SessionUser;
}
/**
 * The signed-in employee as a login names them.
 */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'supervisor' | 'operator';
}
