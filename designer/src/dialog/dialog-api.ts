import type { InviteRequest } from '../../../schemas/generated/invite-request';
import type { OperatorMessageRequest } from '../../../schemas/generated/operator-message';
import type { QuickReplyCreateRequest } from '../../../schemas/generated/quick-reply-create-request';
import type { RatingRequest } from '../../../schemas/generated/rating-request';
import type { TransferRequest } from '../../../schemas/generated/transfer-request';
import { http } from '../api';

/** The dialog view's calls, on the app's one HTTP client (api/). */

/** GET /api/quick-replies */
/** GET /api/quick-replies, GET /api/operators: the server's generated response types. */
import type { QuickReplyView as QuickReply } from '../../../schemas/generated/responses/quick-reply-list';
import type { ClientView } from '../../../schemas/generated/responses/client-view';
import type { OperatorView as Colleague } from '../../../schemas/generated/responses/operator-list';
export type { QuickReply, Colleague };

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
  client: (id: string) => http.get<ClientView>(`/api/clients/${encodeURIComponent(id)}`),
};
