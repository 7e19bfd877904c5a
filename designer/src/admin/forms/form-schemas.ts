import channelConfigSchema from '../../../../schemas/channel-config.schema.json';
import lineRequestSchema from '../../../../schemas/line-request.schema.json';
import lineSettingsSchema from '../../../../schemas/line-settings.schema.json';
import operatorCreateRequestSchema from '../../../../schemas/operator-create-request.schema.json';
import operatorRequestSchema from '../../../../schemas/operator-request.schema.json';
import { bundleSchema, type JsonSchema } from './bundle-schema';

/**
 * The admin pages' forms, each the API's own request schema (schemas/*.schema.json) made self-contained,
 * less what the page sets by other means. The validators of exactly these schemas are compiled ahead of
 * time into form-validators.generated.ts (`npm run schemas:forms`; a test fails when it is stale).
 */
const DOCUMENTS = [
  lineRequestSchema,
  lineSettingsSchema,
  operatorRequestSchema,
  channelConfigSchema,
] as JsonSchema[];

const without = (schema: JsonSchema, ...names: string[]): JsonSchema => {
  const properties = { ...(schema.properties as Record<string, unknown>) };
  for (const name of names) delete properties[name];
  return { ...schema, properties };
};

export type ChannelKindName = 'webhook' | 'telegram' | 'livechat';
export const CHANNEL_KINDS: readonly ChannelKindName[] = ['webhook', 'telegram', 'livechat'];

function channelConfigForm(kind: ChannelKindName): JsonSchema {
  const defs = channelConfigSchema.$defs as Record<string, JsonSchema>;
  return bundleSchema(defs[kind]!, DOCUMENTS);
}

/** A line's name, language, active flag and settings (PATCH /api/lines/:id; the id never changes). */
export const FORM_SCHEMAS = {
  line: bundleSchema({ ...without(lineRequestSchema, 'id'), required: ['name'] }, DOCUMENTS),
  /** POST /api/operators (a new employee cannot start fired) */
  employeeCreate: bundleSchema(
    { ...without(operatorRequestSchema, 'fired'), required: operatorCreateRequestSchema.required },
    DOCUMENTS,
  ),
  /** PATCH /api/operators/:id: firing and taking back are buttons of their own */
  employeeEdit: bundleSchema(without(operatorRequestSchema, 'fired'), DOCUMENTS),
  channelConfigWebhook: channelConfigForm('webhook'),
  channelConfigTelegram: channelConfigForm('telegram'),
  channelConfigLivechat: channelConfigForm('livechat'),
} as const;

export type FormName = keyof typeof FORM_SCHEMAS;

export const channelConfigFormName = (kind: ChannelKindName): FormName =>
  (
    ({
      webhook: 'channelConfigWebhook',
      telegram: 'channelConfigTelegram',
      livechat: 'channelConfigLivechat',
    }) as const
  )[kind];
