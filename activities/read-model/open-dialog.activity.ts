import { randomUUID } from 'node:crypto';
import { LessThan, type DataSource } from 'typeorm';
import {
  ClientEntity,
  ClientIdentityEntity,
  DialogEntity,
  DialogEventEntity,
  type Client,
  type ClientIdentity,
  type Dialog,
  LineEntity,
  type Line,
} from '../../db/entities';
import type { EngineFacts } from '../../workflows/engine/interpreter';
import { dialogWorkflowId, type DialogWorkflowInput } from '../../workflows/definitions';
import { insertIgnoringDuplicate, isUniqueViolation } from '../../db/idempotent-writes';
import { pinLine, type PinnedLine } from './transfer-dialog.activity';

export interface OpenDialogInput extends DialogWorkflowInput {
  seq: number;
  at: string;
}

export interface OpenedDialog extends PinnedLine {
  clientId: string;
  /** facts for the flow's conditions, fixed at the dialog's start */
  facts: EngineFacts;
}

/**
 * Finds the client by the identity this channel kind knows them by (creating the profile the first
 * time), creates the dialog's read-model row and its `dialog.started` timeline event. Idempotent: a
 * retry finds what the first attempt wrote.
 */
export function createOpenDialog(db: DataSource) {
  return async function openDialog(input: OpenDialogInput): Promise<OpenedDialog> {
    const at = new Date(input.at);
    const clientId = await findOrCreateClientByIdentity(db, input.channelKind, input.client, at);
    // Pin the line's newest published flow. A retry may pin a version published in between: harmless,
    // since only the attempt whose result the workflow records is the one the dialog runs.
    const line = await db.getRepository<Line>(LineEntity).findOneByOrFail({ id: input.lineId });
    const pinned = await pinLine(db, line);
    // Both facts compare with the dialog's start, so a retry of this activity answers the same.
    const identity = await db
      .getRepository<ClientIdentity>(ClientIdentityEntity)
      .findOneByOrFail({ channelKind: input.channelKind, externalId: input.client.externalId });
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
        status: 'new',
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
      await insertIgnoringDuplicate(tx, DialogEventEntity, {
        dialogId: input.dialogId,
        seq: input.seq,
        type: 'dialog.started',
        at,
        data: { channelId: input.channelId, clientId },
      });
    });
    return {
      clientId,
      facts: {
        channelKind: input.channelKind,
        // No working-hours schedule exists yet, and a line without one answers around the clock.
        withinWorkingHours: true,
        clientKnown: identity.createdAt.getTime() < at.getTime(),
        firstContact: earlierDialogs === 0,
      },
      ...pinned,
    };
  };
}

async function findOrCreateClientByIdentity(
  db: DataSource,
  channelKind: string,
  client: DialogWorkflowInput['client'],
  at: Date,
): Promise<string> {
  const identities = db.getRepository<ClientIdentity>(ClientIdentityEntity);
  const known = await identities.findOneBy({ channelKind, externalId: client.externalId });
  if (known) return known.clientId;
  const clientId = randomUUID();
  try {
    await db.transaction(async (tx) => {
      await tx.getRepository<Client>(ClientEntity).insert({
        id: clientId,
        name: client.name ?? null,
        phone: client.phone ?? null,
        email: client.email ?? null,
        responsibleOperatorId: null,
        createdAt: at,
        updatedAt: at,
      });
      await tx.getRepository<ClientIdentity>(ClientIdentityEntity).insert({
        channelKind,
        externalId: client.externalId,
        clientId,
        createdAt: at,
      });
    });
    return clientId;
  } catch (error) {
    // Another dialog of the same person created the identity first; the transaction rolled ours back.
    if (!isUniqueViolation(error)) throw error;
    return (await identities.findOneByOrFail({ channelKind, externalId: client.externalId })).clientId;
  }
}
