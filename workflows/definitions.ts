import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { InboundMessage } from '../schemas/generated/inbound-message';

/**
 * Every signal, query and update of the dialog workflow, and the payloads they carry. The API imports
 * these same objects; nothing else names a message by string.
 */
export const DIALOG_WORKFLOW_TYPE = 'dialogWorkflow';

export const dialogWorkflowId = (dialogId: string): string => `dialog-${dialogId}`;

export interface DialogWorkflowInput {
  dialogId: string;
  lineId: string;
  channelId: string;
  channelKind: string;
  client: InboundMessage['client'];
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
export const dialogEngineQuery = defineQuery<DialogEngineState>('dialogEngine');
export const dialogSnapshotQuery = defineQuery<DialogSnapshot>('dialogSnapshot');
