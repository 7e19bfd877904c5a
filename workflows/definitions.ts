import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Flow } from '../schemas/generated/flow';
import type { InboundMessage } from '../schemas/generated/inbound-message';
import type { TransferParams } from '../schemas/generated/nodes/transfer.params';
import type { Rating } from '../schemas/generated/rating';
import type { EngineSnapshot } from './engine/interpreter';
import type { DialogRules, EngineFacts } from './engine/engine-host';

/**
 * Every signal, query and update of the dialog workflow, and the payloads they carry. The API imports
 * these same objects; nothing else names a message by string.
 */
export const DIALOG_WORKFLOW_TYPE = 'dialogWorkflow';

export const dialogWorkflowId = (dialogId: string): string => `dialog-${dialogId}`;

export const LATE_RATING_WORKFLOW_TYPE = 'lateRatingWorkflow';
/** One per rating message: a repeat of the same message starts nothing new. */
export const lateRatingWorkflowId = (messageId: string): string => `late-rating-${messageId}`;

export interface DialogWorkflowInput {
  dialogId: string;
  lineId: string;
  channelId: string;
  channelKind: string;
  client: InboundMessage['client'];
  /**
   * The client's message that started the dialog, when the API started it with the message in its
   * input (an eager start, api/inbound/deliver-client-message.ts) rather than as a signal; a run started
   * by `signalWithStart` has none. Taken like the signal, before anything else.
   */
  firstMessage?: ClientMessage;
  /** set when a long dialog continued as new: everything the previous run knew */
  carried?: CarriedDialog;
}

/** A dialog's state handed from one run to the next (continue-as-new), as plain JSON. */
export interface CarriedDialog {
  clientId: string;
  facts: EngineFacts;
  /** the pinned flow itself, so the dialog never switches versions mid-way */
  flow: Flow;
  flowVersion: number | null;
  rules: DialogRules;
  /** the catalog activities the dialog runs locally (its opening's answer; absent: none) */
  localActivities?: string[];
  seq: number;
  recorded: number;
  /** the most recent message ids, to keep dropping a late repeat */
  recentMessageIds: string[];
  inbox: ClientMessage[];
  engine: EngineSnapshot;
  responsibleOperatorId: string | null;
  participants: string[];
  /** operators holding an offer when the run ended (absent in runs from before 0.2: nobody) */
  offeredTo?: string[];
}

/** A client's message as the API accepted it; `messageId` is derived from the channel's message id. */
export interface ClientMessage {
  messageId: string;
  externalMessageId: string;
  client: InboundMessage['client'];
  text?: string;
  attachments?: string[];
  rating?: InboundMessage['rating'];
  sentAt?: string;
  receivedAt: string;
}

export interface DialogSnapshot {
  dialogId: string;
  clientId: string | null;
  messagesReceived: number;
  pendingMessages: number;
}

/** The flow engine's view of the dialog, for the designer's replay and for tests. */
export interface DialogEngineState {
  variables: Record<string, unknown>;
  tags: string[];
  status: string | null;
  finished: boolean;
}

export const clientMessageSignal = defineSignal<[ClientMessage]>('clientMessage');
/** Sent by a dialog that freed an operator's room to dialogs waiting in the queue for room. */
export const capacityFreedSignal = defineSignal('capacityFreed');
export const dialogEngineQuery = defineQuery<DialogEngineState>('dialogEngine');
export const dialogSnapshotQuery = defineQuery<DialogSnapshot>('dialogSnapshot');

/** Who acts on the dialog: the API passes the signed-in employee. */
export interface Actor {
  operatorId: string;
  role: 'admin' | 'supervisor' | 'operator';
}

export interface OperatorAnswer extends Actor {
  /** chosen by the API, so a retried request stores the answer once */
  messageId: string;
  text: string;
  hidden: boolean;
  at: string;
}

/**
 * Operator actions that need an answer are updates: their validators run synchronously in the
 * workflow and a rejection (e.g. "already taken") reaches the API, which answers 409 with the reason.
 */
export const acceptUpdate = defineUpdate<{ responsibleOperatorId: string }, [Actor]>('accept');
export const answerUpdate = defineUpdate<{ messageId: string }, [OperatorAnswer]>('answer');
export const closeUpdate = defineUpdate<{ status: 'closed' }, [Actor]>('close');
/** A supervisor takes a dialog over from whoever has it. */
export const takeUpdate = defineUpdate<{ responsibleOperatorId: string }, [Actor]>('take');
/** Hands the dialog to a colleague on the same line, or to another line's flow. */
export const transferUpdate = defineUpdate<
  { responsibleOperatorId: string | null; lineId: string | null },
  [Actor & { to: TransferParams }]
>('transfer');
export const spamUpdate = defineUpdate<{ status: 'spam' }, [Actor]>('spam');
/** The responsible operator pins the dialog to themselves. */
export const pinUpdate = defineUpdate<{ pinned: boolean }, [Actor]>('pin');
export const inviteUpdate = defineUpdate<{ participants: string[] }, [Actor & { inviteeId: string }]>(
  'invite',
);
/** "Save to CRM": the dialog's lead, made now if it has none (the line's createLead: manual). */
export const createLeadUpdate = defineUpdate<{ leadId: string }, [Actor]>('createLead');
/** A supervisor's own rating of the dialog (the client's rating arrives as a message); 1-5 stays a number. */
export const rateUpdate = defineUpdate<{ rating: Rating }, [Actor & { value: Rating }]>('rate');
