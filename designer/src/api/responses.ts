/**
 * The API's answers as the web app reads them: the types generated from the server's own response
 * schemas (schemas/responses/, `npm run schemas:types`), under the names the app uses. Nothing here is
 * written by hand but the live events' envelope, which the event stream documents in words only.
 */
import type { DialogSummary } from '../../../schemas/generated/responses/dialog-summary';
import type { MessageView } from '../../../schemas/generated/responses/message-view';

export type { LoginResponse } from '../../../schemas/generated/responses/login-response';
export type { OperatorView as Me } from '../../../schemas/generated/responses/operator-view';
export type { LineList, LineView as Line } from '../../../schemas/generated/responses/line-list';
export type { DialogPage } from '../../../schemas/generated/responses/dialog-page';
export type {
  DialogView as DialogDetail,
  TimelineEvent,
} from '../../../schemas/generated/responses/dialog-view';
export type {
  KpiAlertList as AlertList,
  KpiAlertView as KpiAlert,
} from '../../../schemas/generated/responses/kpi-alert-list';
export type { DialogSummary, MessageView };

export type Role = 'admin' | 'supervisor' | 'operator';
export type WorkdayState = 'started' | 'paused' | 'stopped';
export type Presence = 'online' | 'away' | 'offline';
export type DialogStatus = DialogSummary['status'];
export type ChannelKind = NonNullable<DialogSummary['channelKind']>;
export type MessageAuthor = MessageView['author'];

/** One message of GET /api/events (its envelope; `data` is the event's own payload) */
export interface LiveEvent {
  id: number;
  type: string;
  dialogId: string;
  lineId: string;
  data: Record<string, unknown> & { message?: MessageView };
  dialog: Pick<
    DialogSummary,
    'status' | 'responsibleOperatorId' | 'offeredTo' | 'participants' | 'kpi' | 'updatedAt'
  >;
}
