import type { InviteRequest } from '../../../schemas/generated/invite-request';
import type { OperatorMessageRequest } from '../../../schemas/generated/operator-message';
import type { QuickReplyCreateRequest } from '../../../schemas/generated/quick-reply-create-request';
import type { RatingRequest } from '../../../schemas/generated/rating-request';
import type { TransferRequest } from '../../../schemas/generated/transfer-request';
import { http, type DialogPage, type Role } from '../api';

/**
 * The dialog view's calls, on the app's one HTTP client (api/). Response shapes the foundation's
 * api/responses.ts does not declare yet are declared here, next to the only screen that reads them.
 */

/** GET /api/quick-replies */
export interface QuickReply {
  id: string;
  shared: boolean;
  ownerId: string | null;
  lineId: string | null;
  group: string;
  title: string;
  text: string;
  createdAt: string;
  updatedAt: string;
}

/** GET /api/operators (admins and supervisors only) */
export interface Colleague {
  id: string;
  email: string;
  name: string;
  role: Role;
  lines: string[];
  fired: boolean;
  online: boolean;
}

/** The buttons whose route takes no body: POST /api/dialogs/:id/<action>. */
export type PlainAction = 'accept' | 'close' | 'take' | 'spam' | 'pin' | 'lead';

const dialogPath = (id: string, tail: string) => `/api/dialogs/${encodeURIComponent(id)}/${tail}`;

export const dialogApi = {
  act: (id: string, action: PlainAction) => http.post<unknown>(dialogPath(id, action)),
  send: (id: string, body: OperatorMessageRequest) =>
    http.post<{ messageId: string }>(dialogPath(id, 'messages'), body),
  transfer: (id: string, body: TransferRequest) => http.post<unknown>(dialogPath(id, 'transfer'), body),
  invite: (id: string, body: InviteRequest) => http.post<unknown>(dialogPath(id, 'invite'), body),
  rate: (id: string, body: RatingRequest) => http.post<unknown>(dialogPath(id, 'rating'), body),
  quickReplies: (lineId: string) => http.get<{ items: QuickReply[] }>('/api/quick-replies', { lineId }),
  saveQuickReply: (body: QuickReplyCreateRequest) => http.post<QuickReply>('/api/quick-replies', body),
  colleagues: () => http.get<{ items: Colleague[] }>('/api/operators'),
  /** The 200 most recently active dialogs I may see: the API has no "dialogs of this client" filter. */
  recentDialogs: () => http.get<DialogPage>('/api/dialogs', { view: 'all', limit: 200 }),
};
