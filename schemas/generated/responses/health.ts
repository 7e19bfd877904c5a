/* Generated from schemas/responses/health.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * GET /healthz: the process answers.
 */
export interface HealthStatus {
  status: 'ok';
}
