import createDealInputSchema from '../../schemas/activities/create-deal.input.schema.json';
import type { CreateDealInput } from '../../schemas/generated/activities/create-deal.input';
import { derivedId } from '../../db/derived-ids';
import { DealEntity, DialogEntity, type Deal, type Dialog } from '../../db/entities';
import { insertIgnoringDuplicate } from '../../db/idempotent-writes';
import { defineActivity, type JsonSchemaObject } from '../define-activity';
import { appendTimeline } from '../../db/dialog-writes';

/** docs/flows.md §5.1 createDeal: a deal for the dialog's client, linked to the dialog's lead when it has one. */
export const createDeal = defineActivity<CreateDealInput, { dealId: string }>({
  name: 'createDeal',
  title: 'Create deal',
  description: "Creates a CRM deal for the dialog's client (linked to its lead).",
  category: 'CRM',
  runsLocally: true, // Lineflow's own database only
  input: createDealInputSchema as JsonSchemaObject,
  output: { type: 'object', required: ['dealId'], properties: { dealId: { type: 'string' } } },
  async run(input, { dialog: { id: dialogId }, callId, timelineSeq, timelineKey, services: { db } }) {
    return db.transaction(async (tx) => {
      const dialog = await tx.getRepository<Dialog>(DialogEntity).findOneByOrFail({ id: dialogId });
      const deal: Deal = {
        id: derivedId('deal', callId),
        clientId: dialog.clientId,
        dialogId,
        leadId: dialog.leadId,
        title: input.title ?? `Deal from dialog ${dialogId.slice(0, 8)}`,
        stage: input.stage ?? 'new',
        responsibleOperatorId: dialog.responsibleOperatorId,
        createdAt: new Date(),
      };
      await insertIgnoringDuplicate(tx, DealEntity, deal);
      await appendTimeline(tx, {
        dialogId,
        seq: timelineSeq,
        key: timelineKey,
        type: 'deal.created',
        at: deal.createdAt,
        data: { dealId: deal.id, leadId: deal.leadId },
      });
      return { dealId: deal.id };
    });
  },
});
