/* Generated from schemas/nodes/wait.params.schema.json by `npm run schemas:types`. Do not edit. */

export interface WaitParams {
  event: 'client.message' | 'operator.message' | 'rating.received' | 'dialog.accepted';
  /**
   * How long to wait (1 second to 30 days).
   */
  timeout: string;
}
