import { derivedId } from '../../db/derived-ids';
import { DealEntity, DialogEntity, type Deal, type Dialog } from '../../db/entities';
import { insertIgnoringDuplicate } from '../../db/idempotent-writes';
import { defineActivity } from '../define-activity';
import { appendTimeline } from '../../db/dialog-writes';

/** docs/flows.md §5.1 createDeal: a deal for the dialog's client, linked to the dialog's lead when it has one. */
export const createDeal = defineActivity<{ title?: string; stage?: string }, { dealId: string }>({
  name: 'createDeal',
  title: 'Create deal',
  description: "Creates a CRM deal for the dialog's client (linked to its lead).",
  category: 'CRM',
  input: {
    type: 'object',
    additionalProperties: false,
    properties: {
      title: { type: 'string', minLength: 1, maxLength: 200 },
      stage: { type: 'string', minLength: 1, maxLength: 32, default: 'new' },
    },
  },
  output: { type: 'object', required: ['dealId'], properties: { dealId: { type: 'string' } } },
  async run(input, { dialog: { id: dialogId }, callId, timelineSeq, services: { db } }) {
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
        type: 'deal.created',
        at: deal.createdAt,
        data: { dealId: deal.id, leadId: deal.leadId },
      });
      return { dealId: deal.id };
    });
  },
});
