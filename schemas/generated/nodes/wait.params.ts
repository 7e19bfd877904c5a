/* Generated from schemas/nodes/wait.params.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * How long to wait (1 second to 30 days).
 */
export type Duration = string;

export interface WaitParams {
  event: 'client.message' | 'operator.message' | 'rating.received' | 'dialog.accepted';
  timeout: Duration;
}
