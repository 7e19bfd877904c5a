import { INITIAL_STATUS } from '../../workflows/engine/dialog-status';
import { randomUUID } from 'node:crypto';
import { LessThan, type DataSource } from 'typeorm';
import {
  ClientEntity,
  ClientIdentityEntity,
  DialogEntity,
  type Client,
  type ClientIdentity,
  type Dialog,
  LineEntity,
  type Line,
} from '../../db/entities';
import type { EngineFacts } from '../../workflows/engine/engine-host';
import { dialogWorkflowId, type DialogWorkflowInput } from '../../workflows/definitions';
import { insertIgnoringDuplicate, isUniqueViolation } from '../../db/idempotent-writes';
import { pinLine, type PinnedLine } from './transfer-dialog.activity';
import { appendTimeline, type TimelineStamp } from '../../db/dialog-writes';

export interface OpenDialogInput extends DialogWorkflowInput, TimelineStamp {
  at: string;
}

export interface OpenedDialog extends PinnedLine {
  clientId: string;
  /** facts for the flow's conditions, fixed at the dialog's start */
  facts: EngineFacts;
  /**
   * The catalog activities this worker runs locally (`runsLocally`): the workflow runs them in its
   * batches. Absent in histories recorded before (their runs keep every catalog activity remote).
   */
  localActivities?: string[];
}

/**
 * Finds the client by the identity this channel kind knows them by (creating the profile the first
 * time), creates the dialog's read-model row and its `dialog.started` timeline event. Idempotent: a
 * retry finds what the first attempt wrote.
 */
export function createOpenDialog(db: DataSource, localActivities: string[] = []) {
  return async function openDialog(input: OpenDialogInput): Promise<OpenedDialog> {
    const at = new Date(input.at);
    const line = await db.getRepository<Line>(LineEntity).findOneByOrFail({ id: input.lineId });
    const chatTracker = line.settings.crm?.chatTracker ?? true;
    const clientId = await findOrCreateClientByIdentity(db, input.channelKind, input.client, at, chatTracker);
    // Pin the line's newest published flow. A retry may pin a version published in between: harmless,
    // since only the attempt whose result the workflow records is the one the dialog runs.
    const pinned = await pinLine(db, line);
    // Both facts compare with the dialog's start, so a retry of this activity answers the same.
    const profile = await db.getRepository<Client>(ClientEntity).findOneByOrFail({ id: clientId });
    const earlierDialogs = await db
      .getRepository<Dialog>(DialogEntity)
      .countBy({ clientId, createdAt: LessThan(at) });
    await db.transaction(async (tx) => {
      await insertIgnoringDuplicate(tx, DialogEntity, {
        id: input.dialogId,
        workflowId: dialogWorkflowId(input.dialogId),
        lineId: input.lineId,
        channelId: input.channelId,
        clientId,
        status: INITIAL_STATUS,
        responsibleOperatorId: null,
        offeredTo: [],
        participants: [],
        pinned: false,
        flowVersion: pinned.flowVersion,
        firstAnswerMs: null,
        kpiBreaches: 0,
        rating: null,
        leadId: null,
        createdAt: at,
        updatedAt: at,
        closedAt: null,
      });
      await appendTimeline(tx, {
        dialogId: input.dialogId,
        seq: input.seq,
        key: input.key,
        type: 'dialog.started',
        at,
        data: { channelId: input.channelId, clientId },
      });
    });
    return {
      clientId,
      facts: {
        channelKind: input.channelKind,
        // (a line with working hours answers this fact from its schedule, at the moment of asking)
        withinWorkingHours: true,
        // known to the CRM before this dialog: on this channel or, through the chat tracker, another
        clientKnown: profile.createdAt.getTime() < at.getTime(),
        firstContact: earlierDialogs === 0,
      },
      ...pinned,
      localActivities,
    };
  };
}

/** Phone and email as the chat tracker compares them. */
export const normalizePhone = (phone: string): string => phone.replace(/[^\d+]/g, '');
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

/**
 * The client's CRM profile for this channel identity (docs/product.md §3.4, chat tracker): the profile the
 * identity belongs to; else, with the chat tracker on, the profile with the same phone or email (the
 * identity joins it); else a new profile. Contact details the profile lacks are filled in.
 */
async function findOrCreateClientByIdentity(
  db: DataSource,
  channelKind: string,
  client: DialogWorkflowInput['client'],
  at: Date,
  chatTracker: boolean,
): Promise<string> {
  const identities = db.getRepository<ClientIdentity>(ClientIdentityEntity);
  const profiles = db.getRepository<Client>(ClientEntity);
  const phone = client.phone ? normalizePhone(client.phone) : null;
  const email = client.email ? normalizeEmail(client.email) : null;
  const known = await identities.findOneBy({ channelKind, externalId: client.externalId });
  const sameContact =
    known || !chatTracker || (!phone && !email)
      ? null
      : await profiles.findOne({
          where: [...(phone ? [{ phone }] : []), ...(email ? [{ email }] : [])],
          order: { createdAt: 'ASC', id: 'ASC' },
        });
  const clientId = known?.clientId ?? sameContact?.id ?? randomUUID();
  try {
    await db.transaction(async (tx) => {
      const existing = await tx.getRepository<Client>(ClientEntity).findOneBy({ id: clientId });
      if (!existing) {
        await tx.getRepository<Client>(ClientEntity).insert({
          id: clientId,
          name: client.name ?? null,
          phone,
          email,
          responsibleOperatorId: null,
          createdAt: at,
          updatedAt: at,
        });
      } else {
        const missing = {
          ...(existing.name === null && client.name ? { name: client.name } : {}),
          ...(existing.phone === null && phone ? { phone } : {}),
          ...(existing.email === null && email ? { email } : {}),
        };
        if (Object.keys(missing).length)
          await tx.getRepository<Client>(ClientEntity).update(clientId, { ...missing, updatedAt: at });
      }
      if (!known) {
        await tx.getRepository<ClientIdentity>(ClientIdentityEntity).insert({
          channelKind,
          externalId: client.externalId,
          clientId,
          createdAt: at,
        });
      }
    });
    return clientId;
  } catch (error) {
    // Another dialog of the same person created the identity first; the transaction rolled ours back.
    if (!isUniqueViolation(error)) throw error;
    return (await identities.findOneByOrFail({ channelKind, externalId: client.externalId })).clientId;
  }
}
