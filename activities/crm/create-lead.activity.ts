import createLeadInputSchema from '../../schemas/activities/create-lead.input.schema.json';
import type { CreateLeadInput } from '../../schemas/generated/activities/create-lead.input';
import type { EntityManager } from 'typeorm';
import { derivedId } from '../../db/derived-ids';
import {
  ChannelEntity,
  ClientEntity,
  DialogEntity,
  LeadEntity,
  type Channel,
  type Client,
  type Dialog,
  type Lead,
} from '../../db/entities';
import { insertIgnoringDuplicate } from '../../db/idempotent-writes';
import { defineActivity, type JsonSchemaObject, type ActivityContext } from '../define-activity';
import { appendTimeline } from '../../db/dialog-writes';

export interface LeadResult {
  /** the dialog's lead; null when none could be made */
  leadId: string | null;
  created: boolean;
  /** why there is no lead */
  reason?: string;
}

/**
 * Can the line write back to this client? Messengers and webhooks answer where the client wrote; a
 * website chat visitor only when they left a phone or an email (the seed: a lead needs a return address).
 */
export function canWriteBack(channelKind: string, client: Pick<Client, 'phone' | 'email'>): boolean {
  return channelKind !== 'livechat' || client.phone !== null || client.email !== null;
}

/** The dialog's lead: made once (its id comes from the dialog), linked on the dialog and its timeline. */
export async function leadForDialog(
  tx: EntityManager,
  { dialog: { id: dialogId }, timelineSeq, timelineKey, at }: ActivityContext,
  title?: string,
): Promise<LeadResult> {
  const dialog = await tx.getRepository<Dialog>(DialogEntity).findOneByOrFail({ id: dialogId });
  if (dialog.leadId) return { leadId: dialog.leadId, created: false };
  const client = await tx.getRepository<Client>(ClientEntity).findOneByOrFail({ id: dialog.clientId });
  const channel = await tx.getRepository<Channel>(ChannelEntity).findOneByOrFail({ id: dialog.channelId });
  if (!canWriteBack(channel.kind, client))
    return { leadId: null, created: false, reason: 'the client left no way to write back to them' };
  const lead: Lead = {
    id: derivedId('lead', dialog.id),
    clientId: client.id,
    dialogId: dialog.id,
    lineId: dialog.lineId,
    source: channel.kind,
    title: title ?? `${client.name ?? 'Client'} (${channel.kind})`,
    status: 'new',
    responsibleOperatorId: dialog.responsibleOperatorId ?? client.responsibleOperatorId,
    createdAt: at,
  };
  await insertIgnoringDuplicate(tx, LeadEntity, lead);
  await tx
    .getRepository<Dialog>(DialogEntity)
    .update(dialog.id, { leadId: lead.id, updatedAt: lead.createdAt });
  await appendTimeline(tx, {
    dialogId: dialog.id,
    seq: timelineSeq,
    key: timelineKey,
    type: 'lead.created',
    at: lead.createdAt,
    data: { leadId: lead.id, source: lead.source },
  });
  return { leadId: lead.id, created: true };
}

export const LEAD_RESULT_SCHEMA = {
  type: 'object',
  required: ['leadId', 'created'],
  properties: {
    leadId: { type: ['string', 'null'] },
    created: { type: 'boolean' },
    reason: { type: 'string' },
  },
} as const;

/** docs/flows.md §5.1 createLead: a CRM lead from the dialog, source = the channel kind (the inbox's button too). */
export const createLead = defineActivity<CreateLeadInput, LeadResult>({
  name: 'createLead',
  title: 'Create lead',
  description: "Creates the dialog's CRM lead (once), when the client can be written back to.",
  category: 'CRM',
  runsLocally: true, // Lineflow's own database only
  input: createLeadInputSchema as JsonSchemaObject,
  output: LEAD_RESULT_SCHEMA,
  run: (input, context) => context.services.db.transaction((tx) => leadForDialog(tx, context, input.title)),
});
