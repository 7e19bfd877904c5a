import callWebhookInput from './call-webhook.input.schema.json';
import createDealInput from './create-deal.input.schema.json';
import createLeadInput from './create-lead.input.schema.json';
import findOrCreateClientInput from './find-or-create-client.input.schema.json';
import faqBotInput from './faq-bot.input.schema.json';
import requestRatingInput from './request-rating.input.schema.json';
import sendKpiAlertInput from './send-kpi-alert.input.schema.json';
import sendMessageInput from './send-message.input.schema.json';

/**
 * The input schemas of the built-in catalog activities, one JSON file each: the activity validates a
 * flow's action against it, and `npm run schemas:types` generates its input type from it
 * (schemas/generated/activities/). Not registered in the shared ajv instance: the catalog compiles
 * each activity's schema itself (activities/registry.ts).
 */
export const ACTIVITY_INPUT_SCHEMAS = [
  callWebhookInput,
  createDealInput,
  createLeadInput,
  findOrCreateClientInput,
  faqBotInput,
  requestRatingInput,
  sendKpiAlertInput,
  sendMessageInput,
];
