/* Generated from schemas/responses/readiness.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * GET /readyz when the database and Temporal answer (otherwise 503 with an ErrorResponse naming the unreachable ones).
 */
export interface Readiness {
  status: 'ready';
  checks: {
    database: 'ok';
    temporal: 'ok';
  };
}
