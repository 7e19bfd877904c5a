/* Generated from schemas/login-request.schema.json by `npm run schemas:types`. Do not edit. */

export interface LoginRequest {
  email: string;
  password: string;
}
