/* Generated from schemas/activities/call-webhook.input.schema.json by `npm run schemas:types`. Do not edit. */

/**
 * The input of the Call webhook activity (callWebhook) as a flow's action node gives it.
 */
export interface CallWebhookInput {
  url: string;
  body?: {
    [k: string]: unknown;
  };
  headers?: {
    [k: string]: string;
  };
  timeoutSeconds?: number;
}
