import { ApplicationFailure } from '@temporalio/common';
import { defineActivity } from '../define-activity';

interface CallWebhookInput {
  url: string;
  body?: Record<string, unknown>;
  headers?: Record<string, string>;
  timeoutSeconds?: number;
}

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
  input: {
    type: 'object',
    additionalProperties: false,
    required: ['url'],
    properties: {
      url: { type: 'string', format: 'uri', pattern: '^https?://', maxLength: 2048 },
      body: { type: 'object', additionalProperties: true },
      headers: {
        type: 'object',
        additionalProperties: { type: 'string', maxLength: 1000 },
        maxProperties: 20,
      },
      timeoutSeconds: { type: 'integer', minimum: 1, maximum: 60, default: 10 },
    },
  },
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
