import { EntitySchema } from 'typeorm';
import { createdAt, jsonText, refColumn } from './columns';

/**
 * What happened to a dialog, for the real-time streams (inbox SSE, livechat SSE). Written in the same
 * transaction as the read-model change it announces; every API process reads the table in id order
 * and pushes each event to the connections allowed to see it, so the database is what carries events
 * between processes. Kept for a short while only (see LIVE_EVENT_RETENTION_MS).
 */
export interface LiveEvent {
  id: number;
  dialogId: string;
  /** a timeline type (`dialog.offered`, `kpi.exceeded`, …) or `message.created` */
  type: string;
  data: Record<string, unknown>;
  createdAt: Date;
}

export const LiveEventEntity = new EntitySchema<LiveEvent>({
  name: 'LiveEvent',
  tableName: 'live_events',
  columns: {
    // integer: SQLite allows AUTOINCREMENT only on an INTEGER PRIMARY KEY; on MySQL that is 32 bits,
    // ~2.1 billion events (years at a busy center's 300,000 a day), after which the table needs BIGINT
    id: { type: 'integer', primary: true, generated: 'increment' },
    dialogId: refColumn,
    type: { type: 'varchar', length: 64 },
    data: jsonText,
    createdAt,
  },
  indices: [{ name: 'IDX_live_events_created', columns: ['createdAt'] }],
});

/** A livechat visitor's session: the widget holds the token; only its SHA-256 is stored. */
export interface LivechatSession {
  tokenHash: string;
  channelId: string;
  /** the visitor's identity on the channel: the client external id of their messages */
  visitorId: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  createdAt: Date;
  expiresAt: Date;
}

export const LivechatSessionEntity = new EntitySchema<LivechatSession>({
  name: 'LivechatSession',
  tableName: 'livechat_sessions',
  columns: {
    tokenHash: { type: 'varchar', length: 64, primary: true },
    channelId: refColumn,
    visitorId: { type: 'varchar', length: 64 },
    name: { type: 'varchar', length: 200, nullable: true },
    email: { type: 'varchar', length: 254, nullable: true },
    phone: { type: 'varchar', length: 64, nullable: true },
    createdAt,
    expiresAt: { type: 'datetime', precision: 3 },
  },
  indices: [{ name: 'IDX_livechat_sessions_visitor', columns: ['channelId', 'visitorId'] }],
});
