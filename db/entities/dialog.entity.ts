import { EntitySchema, type ValueTransformer } from 'typeorm';
import type { Rating } from '../../schemas/generated/rating';
import {
  createdAt,
  idColumn,
  jsonText,
  optionalRef,
  optionalTimestamp,
  refColumn,
  timestamp,
  updatedAt,
} from './columns';

// The statuses and what moves a dialog between them belong to the status machine (workflows/engine).
export { DIALOG_STATUSES, ENDED_STATUSES, type DialogStatus } from '../../workflows/engine/dialog-status';
import type { DialogStatus } from '../../workflows/engine/dialog-status';

/**
 * A rating is a word (like, dislike) or a score 1-5: one varchar column holds both, and a score reads
 * back as the number it was, never as the string "5".
 */
export const ratingColumn: ValueTransformer = {
  to: (value: Rating | null | undefined) => (value === null || value === undefined ? value : String(value)),
  from: (stored: string | null) => (stored !== null && /^[0-9]+$/.test(stored) ? Number(stored) : stored),
};

/** Read model of a dialog. Written only by activities; the workflow is the source of truth. */
export interface Dialog {
  id: string;
  workflowId: string;
  lineId: string;
  channelId: string;
  clientId: string;
  status: DialogStatus;
  responsibleOperatorId: string | null;
  offeredTo: string[];
  participants: string[];
  pinned: boolean;
  flowVersion: number | null;
  firstAnswerMs: number | null;
  kpiBreaches: number;
  rating: Rating | null;
  leadId: string | null;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
}

export const DialogEntity = new EntitySchema<Dialog>({
  name: 'Dialog',
  tableName: 'dialogs',
  columns: {
    id: idColumn,
    workflowId: { type: 'varchar', length: 128 },
    lineId: refColumn,
    channelId: refColumn,
    clientId: refColumn,
    status: { type: 'varchar', length: 32 },
    responsibleOperatorId: optionalRef,
    offeredTo: jsonText,
    participants: jsonText,
    pinned: { type: 'boolean', default: false },
    flowVersion: { type: 'integer', nullable: true },
    firstAnswerMs: { type: 'integer', nullable: true },
    kpiBreaches: { type: 'integer', default: 0 },
    rating: { type: 'varchar', length: 16, nullable: true, transformer: ratingColumn },
    leadId: optionalRef,
    createdAt,
    updatedAt,
    closedAt: optionalTimestamp,
  },
  indices: [
    { name: 'IDX_dialogs_line_status', columns: ['lineId', 'status'] },
    { name: 'IDX_dialogs_client', columns: ['clientId'] },
    { name: 'IDX_dialogs_workflow', columns: ['workflowId'], unique: true },
    { name: 'IDX_dialogs_responsible', columns: ['responsibleOperatorId'] },
    // the inbox list's keyset order, per line and across lines; the statistics' period per line
    { name: 'IDX_dialogs_line_updated', columns: ['lineId', 'updatedAt', 'id'] },
    { name: 'IDX_dialogs_updated', columns: ['updatedAt', 'id'] },
    { name: 'IDX_dialogs_line_created', columns: ['lineId', 'createdAt'] },
  ],
});

export const MESSAGE_AUTHORS = ['client', 'operator', 'system', 'bot'] as const;
export type MessageAuthor = (typeof MESSAGE_AUTHORS)[number];

export interface Message {
  id: string;
  dialogId: string;
  channelId: string;
  externalMessageId: string | null;
  author: MessageAuthor;
  authorId: string | null;
  text: string | null;
  attachments: string[];
  hidden: boolean;
  sentAt: Date | null;
  createdAt: Date;
}

export const MessageEntity = new EntitySchema<Message>({
  name: 'Message',
  tableName: 'messages',
  columns: {
    id: idColumn,
    dialogId: refColumn,
    channelId: refColumn,
    externalMessageId: { type: 'varchar', length: 255, nullable: true },
    author: { type: 'varchar', length: 16 },
    authorId: optionalRef,
    text: { type: 'text', nullable: true },
    attachments: jsonText,
    hidden: { type: 'boolean', default: false },
    sentAt: optionalTimestamp,
    createdAt,
  },
  indices: [
    { name: 'IDX_messages_dialog', columns: ['dialogId', 'createdAt'] },
    { name: 'IDX_messages_external', columns: ['channelId', 'externalMessageId'], unique: true },
  ],
});

/**
 * One timeline entry, shown in `seq` order. What makes re-running the recording activity harmless:
 * its `key` when it has one (unique per dialog: what the entry is, the same in every attempt of the
 * workflow task that wrote it), else (dialogId, seq). See db/dialog-writes.ts `appendTimeline`.
 */
export interface DialogEvent {
  dialogId: string;
  seq: number;
  key?: string | null;
  type: string;
  at: Date;
  data: Record<string, unknown>;
}

export const DialogEventEntity = new EntitySchema<DialogEvent>({
  name: 'DialogEvent',
  tableName: 'dialog_events',
  columns: {
    dialogId: { ...refColumn, primary: true },
    seq: { type: 'integer', primary: true },
    key: { name: 'entryKey', type: 'varchar', length: 191, nullable: true },
    type: { type: 'varchar', length: 64 },
    at: timestamp,
    data: jsonText,
  },
  indices: [{ name: 'IDX_dialog_events_key', columns: ['dialogId', 'key'], unique: true }],
});
