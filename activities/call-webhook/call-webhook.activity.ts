import callWebhookInputSchema from '../../schemas/activities/call-webhook.input.schema.json';
import type { CallWebhookInput } from '../../schemas/generated/activities/call-webhook.input';
import { ApplicationFailure } from '@temporalio/common';
import { defineActivity, type JsonSchemaObject } from '../define-activity';

/**
 * HTTP POST of the dialog and a payload to an integrator's endpoint: the simplest custom-integration
 * point. 5xx, 429 and network errors are retried by Temporal; other 4xx are final. Each attempt sends
 * the same `Idempotency-Key` (the call's id, one per action run), so a receiver can drop repeats.
 */
export const callWebhook = defineActivity<CallWebhookInput, { status: number; body: unknown }>({
  name: 'callWebhook',
  title: 'Call webhook',
  description: 'POSTs the dialog and a JSON payload to a URL and stores the JSON answer.',
  category: 'Integrations',
  input: callWebhookInputSchema as JsonSchemaObject,
  output: {
    type: 'object',
    required: ['status', 'body'],
    properties: { status: { type: 'integer' }, body: {} },
  },
  async run(input, { dialog, callId }) {
    const response = await fetch(input.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': callId,
        ...input.headers,
      },
      body: JSON.stringify({ dialog, ...input.body }),
      signal: AbortSignal.timeout((input.timeoutSeconds ?? 10) * 1000),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    if (response.status >= 500 || response.status === 429) {
      throw new Error(`webhook answered ${response.status}`); // retried
    }
    if (response.status >= 400) {
      throw ApplicationFailure.nonRetryable(`webhook answered ${response.status}`, 'WebhookRejected', body);
    }
    return { status: response.status, body };
  },
});
