import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import {
  ConversationEntity,
  DialogEntity,
  type Channel,
  type Conversation,
  type Dialog,
} from '../../db/entities';
import { claimInbound, markDelivered, releaseClaim } from '../../db/inbound-claims';
import { HttpError } from '../errors';
import { isUniqueViolation } from '../../db/idempotent-writes';
import type { InboundMessage } from '../../schemas/generated/inbound-message';
import {
  DIALOG_WORKFLOW_TYPE,
  LATE_RATING_WORKFLOW_TYPE,
  clientMessageSignal,
  dialogWorkflowId,
  lateRatingWorkflowId,
  type ClientMessage,
  type DialogWorkflowInput,
} from '../../workflows/definitions';
import { dialogIdFor, messageIdFor } from '../../db/derived-ids';
import { isEnded } from '../../workflows/engine/dialog-status';
import { dialogStarts } from '../../runtime/metrics';

export interface DeliveryResult {
  dialogId: string;
  messageId: string;
  duplicate: boolean;
}

export interface DeliveryDeps {
  db: DataSource;
  temporal: Client;
  taskQueue: string;
  /**
   * The client shares its connection with a worker of the dialogs' task queue in this process
   * (runtime/lineflow.ts), so a new dialog's first workflow task can be handed to that worker in the
   * start's own answer (Temporal's eager workflow start) instead of through the task queue.
   */
  eagerStart?: boolean;
}

/** What a channel connector's route needs: delivery, and its channel's rate limit (429 when spent). */
export interface ChannelRouteDeps extends DeliveryDeps {
  limitChannel(channelId: string): void;
}

/**
 * Hands an accepted inbound message to the client's open dialog, starting one if none is open (a new
 * dialog is started with the message in its input, anything else gets it by `signalWithStart`). Whether it is a duplicate is decided here, at the edge: its id is claimed
 * under a unique key first, so the first post answers `duplicate: false` and every later one `true`,
 * whatever the timing and however many API replicas. The dialog's workflow id is derived from (channel, client, seq), so a burst of
 * messages from one client lands in one dialog; the workflow drops a message id it has already seen.
 * A workflow id that belongs to an ended dialog is refused by Temporal (REJECT_DUPLICATE), and then the
 * client's next dialog (seq + 1) is used.
 */
export async function deliverClientMessage(
  deps: DeliveryDeps,
  channel: Channel,
  inbound: InboundMessage,
  receivedAt: Date,
): Promise<DeliveryResult> {
  const { db } = deps;
  const messageId = messageIdFor(channel.id, inbound.externalMessageId);
  const claim = await claimWithin(db, messageId, channel.id);
  if (claim.kind === 'duplicate') return { dialogId: claim.dialogId, messageId, duplicate: true };
  try {
    const delivered = await deliverClaimed(deps, channel, inbound, messageId, receivedAt);
    await markDelivered(db, messageId, delivered.dialogId);
    return delivered;
  } catch (error) {
    await releaseClaim(db, messageId).catch(() => undefined); // the retry claims it afresh
    throw error;
  }
}

/** How long a repeat waits for the first post of its id to be delivered before answering 503. */
const IN_FLIGHT_WAIT_MS = 10_000;

/**
 * Claims the message id (db/inbound-claims.ts); a repeat that arrives while the first post is still
 * being delivered waits for it, so it can answer with the dialog the message went to.
 */
async function claimWithin(db: DataSource, messageId: string, channelId: string) {
  const deadline = Date.now() + IN_FLIGHT_WAIT_MS;
  for (;;) {
    const claim = await claimInbound(db, messageId, channelId);
    if (claim.kind !== 'inFlight') return claim;
    if (Date.now() > deadline)
      throw new HttpError(
        503,
        'unavailable',
        'An earlier post of this message is still being delivered; retry',
      );
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function deliverClaimed(
  { db, temporal, taskQueue, eagerStart = false }: DeliveryDeps,
  channel: Channel,
  inbound: InboundMessage,
  messageId: string,
  receivedAt: Date,
): Promise<DeliveryResult> {
  const message: ClientMessage = {
    messageId,
    externalMessageId: inbound.externalMessageId,
    client: inbound.client,
    text: inbound.text,
    attachments: inbound.attachments,
    rating: inbound.rating,
    sentAt: inbound.sentAt,
    receivedAt: receivedAt.toISOString(),
  };
  const externalId = inbound.client.externalId;
  let seq = await currentSeq(db, channel.id, externalId);
  const isRatingOnly = message.text === undefined && message.attachments === undefined;
  if (isRatingOnly)
    return deliverRating({ db, temporal, taskQueue }, dialogIdFor(channel.id, externalId, seq), message);
  // Each failed attempt means the dialog we aimed at has ended; a few in a row means a bug, not a race.
  for (let attempt = 0; attempt < 5; attempt++) {
    const dialogId = dialogIdFor(channel.id, externalId, seq);
    // Closed by the operator (perhaps still waiting for the rating): what the client writes now starts
    // the next dialog, as a new session, instead of going into the closed one.
    const known = await dialogState(db, dialogId);
    if (known === 'closed') {
      seq = await advanceSeq(db, channel.id, externalId, seq);
      continue;
    }
    const input: DialogWorkflowInput = {
      dialogId,
      lineId: channel.lineId,
      channelId: channel.id,
      channelKind: channel.kind,
      client: inbound.client,
    };
    const workflowId = dialogWorkflowId(dialogId);
    // A dialog the read model does not know yet is most likely new: started with the message in its
    // input (no signal event), eagerly where the worker shares the client's connection. Its workflow
    // may exist already (started a moment ago, not yet opened): then the signal below reaches it.
    if (known === 'none') {
      try {
        const started = await temporal.workflow.start(DIALOG_WORKFLOW_TYPE, {
          workflowId,
          taskQueue,
          args: [{ ...input, firstMessage: message }],
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
          ...(eagerStart ? { requestEagerStart: true } : {}),
        });
        dialogStarts.inc({ eager: String(started.eagerlyStarted) });
        return { dialogId, messageId, duplicate: false };
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      }
    }
    try {
      await temporal.workflow.signalWithStart(DIALOG_WORKFLOW_TYPE, {
        workflowId,
        taskQueue,
        args: [input],
        signal: clientMessageSignal,
        signalArgs: [message],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      });
      return { dialogId, messageId, duplicate: false };
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      seq = await advanceSeq(db, channel.id, externalId, seq);
    }
  }
  throw new Error(`Could not find or start a dialog for client ${externalId} on channel ${channel.id}`);
}

/** What the read model knows of the dialog: nothing yet, open, or closed (what the client writes starts the next). */
async function dialogState(db: DataSource, dialogId: string): Promise<'none' | 'open' | 'closed'> {
  const dialog = await db
    .getRepository<Dialog>(DialogEntity)
    .findOne({ where: { id: dialogId }, select: { id: true, status: true } });
  if (!dialog) return 'none';
  // status, not closedAt: a dialog closed while its flow still reacts has no closedAt yet
  return isEnded(dialog.status) || dialog.status === 'closed_awaiting_rating' ? 'closed' : 'open';
}

/**
 * A rating (docs/product.md §3.7): for the client's current dialog, or the one just closed. A running dialog gets it
 * as a signal (its flow may be waiting for it); a dialog whose workflow has ended still records it.
 */
async function deliverRating(
  { db, temporal, taskQueue }: DeliveryDeps,
  dialogId: string,
  message: ClientMessage,
): Promise<DeliveryResult> {
  try {
    await temporal.workflow.getHandle(dialogWorkflowId(dialogId)).signal(clientMessageSignal, message);
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
    if (!(await db.getRepository<Dialog>(DialogEntity).existsBy({ id: dialogId })))
      throw new HttpError(409, 'conflict', 'There is no dialog of this client to rate');
    await temporal.workflow
      .start(LATE_RATING_WORKFLOW_TYPE, {
        workflowId: lateRatingWorkflowId(message.messageId),
        taskQueue,
        args: [{ dialogId, message }],
      })
      .catch((started: unknown) => {
        if (!(started instanceof WorkflowExecutionAlreadyStartedError)) throw started;
      });
  }
  return { dialogId, messageId: message.messageId, duplicate: false };
}

export async function currentSeq(
  db: DataSource,
  channelId: string,
  clientExternalId: string,
): Promise<number> {
  const row = await db
    .getRepository<Conversation>(ConversationEntity)
    .findOneBy({ channelId, clientExternalId });
  return row?.seq ?? 1;
}

/** Compare-and-set from `seen` to `seen + 1`; whoever loses the race reads the winner's value. */
async function advanceSeq(db: DataSource, channelId: string, clientExternalId: string, seen: number) {
  const conversations = db.getRepository<Conversation>(ConversationEntity);
  const { affected } = await conversations.update(
    { channelId, clientExternalId, seq: seen },
    { seq: seen + 1 },
  );
  if (!affected) {
    try {
      if (seen === 1) await conversations.insert({ channelId, clientExternalId, seq: 2 });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  return currentSeq(db, channelId, clientExternalId);
}
