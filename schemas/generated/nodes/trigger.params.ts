/* Generated from schemas/nodes/trigger.params.schema.json by `npm run schemas:types`. Do not edit. */

export interface TriggerParams {
  event:
    | 'dialog.started'
    | 'client.message'
    | 'operator.message'
    | 'dialog.accepted'
    | 'dialog.closed'
    | 'rating.received'
    | 'client.inactive'
    | 'kpi.firstAnswer.exceeded'
    | 'kpi.answer.exceeded'
    | 'queue.exhausted'
    | 'dialog.transferred';
  /**
   * client.inactive only: how long without a client message (1 minute to 30 days).
   */
  after?: string;
}
