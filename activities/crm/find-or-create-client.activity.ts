import findOrCreateClientInputSchema from '../../schemas/activities/find-or-create-client.input.schema.json';
import type { FindOrCreateClientInput } from '../../schemas/generated/activities/find-or-create-client.input';
import {
  DealEntity,
  DialogEntity,
  LeadEntity,
  LineEntity,
  type Deal,
  type Dialog,
  type Lead,
  type Line,
} from '../../db/entities';
import { defineActivity, type JsonSchemaObject } from '../define-activity';
import { LEAD_RESULT_SCHEMA, leadForDialog } from './create-lead.activity';

interface FoundClient {
  clientId: string;
  /** the CRM knew the client before: they have a lead or a deal */
  known: boolean;
  leadId: string | null;
}

/**
 * docs/product.md §3.4: the dialog's client in the CRM (the chat tracker has already matched their identities to
 * one profile when the dialog opened). An unknown client gets a lead at once when the line (or the
 * input) says "auto" and they can be written back to; "manual" leaves it to the inbox's button.
 */
export const findOrCreateClient = defineActivity<FindOrCreateClientInput, FoundClient>({
  name: 'findOrCreateClient',
  title: 'Find client in CRM',
  description: 'Looks the client up in the CRM; creates a lead for an unknown client when set to "auto".',
  category: 'CRM',
  runsLocally: true, // Lineflow's own database only
  input: findOrCreateClientInputSchema as JsonSchemaObject,
  output: {
    type: 'object',
    required: ['clientId', 'known', 'leadId'],
    properties: {
      clientId: { type: 'string' },
      known: { type: 'boolean' },
      leadId: LEAD_RESULT_SCHEMA.properties.leadId,
    },
  },
  async run(input, context) {
    const db = context.services.db;
    return db.transaction(async (tx) => {
      const dialog = await tx.getRepository<Dialog>(DialogEntity).findOneByOrFail({ id: context.dialog.id });
      const line = await tx.getRepository<Line>(LineEntity).findOneByOrFail({ id: dialog.lineId });
      const leads = await tx.getRepository<Lead>(LeadEntity).findBy({ clientId: dialog.clientId });
      const deals = await tx.getRepository<Deal>(DealEntity).countBy({ clientId: dialog.clientId });
      const known = deals > 0 || leads.some((l) => l.dialogId !== dialog.id);
      const mode = input.createLead ?? line.settings.crm?.createLead ?? 'manual';
      const lead = !known && mode === 'auto' ? await leadForDialog(tx, context) : null;
      return { clientId: dialog.clientId, known, leadId: lead?.leadId ?? dialog.leadId };
    });
  },
});
