/**
 * Shapes of the API's answers as the web app reads them.
 *
 * TEMPORARY: the server's response schemas and their generated types are being added under
 * schemas/ (schemas/generated/*.ts); when they land, these hand-written interfaces are replaced by
 * imports of the generated ones. Keep every response type in this one file until then.
 */
import type { LineSettings } from '../../../schemas/generated/line-settings';

export type Role = 'admin' | 'supervisor' | 'operator';
export type WorkdayState = 'started' | 'paused' | 'stopped';
export type Presence = 'online' | 'away' | 'offline';

/** POST /api/auth/login */
export interface LoginResponse {
  token: string;
  expiresAt: string;
  user: { id: string; email: string; name: string; role: Role };
}

/** GET /api/me */
export interface Me {
  id: string;
  email: string;
  name: string;
  role: Role;
  lines: string[];
  maxOpenDialogs: number | null;
  vacations: Array<{ from: string; to: string }>;
  fired: boolean;
  online: boolean;
  /** online; away (set by hand, not offered dialogs); offline */
  presence: Presence;
  lastSeenAt: string | null;
  workdayState: WorkdayState;
  createdAt: string;
}

/** GET /api/lines */
export interface Line {
  id: string;
  name: string;
  active: boolean;
  language: string;
  settings: LineSettings;
  createdAt: string;
  updatedAt: string;
}
export interface LineList {
  items: Line[];
}

export type DialogStatus =
  | 'new'
  | 'offered'
  | 'in_progress'
  | 'waiting_client'
  | 'closed_awaiting_rating'
  | 'closed'
  | 'spam'
  | 'force_closed'
  | 'transferred';

export type ChannelKind = 'webhook' | 'telegram' | 'livechat';
export type MessageAuthor = 'client' | 'operator' | 'system' | 'bot';

export interface MessageView {
  id: string;
  author: MessageAuthor;
  authorId: string | null;
  text: string | null;
  attachments: string[];
  hidden: boolean;
  externalMessageId: string | null;
  sentAt: string | null;
  createdAt: string;
}

/** A dialog as GET /api/dialogs lists it. */
export interface DialogSummary {
  id: string;
  lineId: string;
  channelId: string;
  channelKind: ChannelKind | null;
  status: DialogStatus;
  responsibleOperatorId: string | null;
  offeredTo: string[];
  participants: string[];
  pinned: boolean;
  client: { id: string; name: string | null; phone: string | null; email: string | null } | null;
  kpi: { firstAnswerMs: number | null; breaches: number };
  /** the newest message that is not a hidden note */
  lastMessage: Pick<MessageView, 'id' | 'author' | 'text' | 'attachments' | 'createdAt'> | null;
  /** since when the client waits for an answer (their first message after the last answer); null: not waiting */
  waitingSince: string | null;
  rating: string | null;
  leadId: string | null;
  flowVersion: number | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

/** GET /api/dialogs */
export interface DialogPage {
  items: DialogSummary[];
  nextCursor: string | null;
}

/** GET /api/dialogs/:id */
export interface DialogDetail extends DialogSummary {
  messages: MessageView[];
  timeline: Array<{ seq: number; type: string; at: string } & Record<string, unknown>>;
}

/** GET /api/me/alerts */
export interface KpiAlert {
  id: string;
  dialogId: string;
  lineId: string;
  /** which clock: firstAnswer or answer */
  kpi: string;
  thresholdMs: number | null;
  createdAt: string;
  readAt: string | null;
}
export interface AlertList {
  items: KpiAlert[];
}

/** One message of GET /api/events */
export interface LiveEvent {
  id: number;
  type: string;
  dialogId: string;
  lineId: string;
  data: Record<string, unknown> & { message?: MessageView };
  dialog: {
    status: DialogStatus;
    responsibleOperatorId: string | null;
    offeredTo: string[];
    participants: string[];
    kpi: { firstAnswerMs: number | null; breaches: number };
    updatedAt: string;
  };
}
