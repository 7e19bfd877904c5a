import type { LoginRequest } from '../../../schemas/generated/login-request';
import type { PresenceRequest } from '../../../schemas/generated/presence-request';
import type { WorkdayRequest } from '../../../schemas/generated/workday-request';
import type { DialogListQuery } from '../../../schemas/generated/dialog-list-query';
import { createApiClient } from './client';
import type {
  AlertList,
  DialogDetail,
  DialogPage,
  LineList,
  LoginResponse,
  Me,
  WorkdayState,
} from './responses';
import { useSession } from './session';

export { ApiError } from './client';
export type * from './responses';

/** The app's client: the session's token, and a 401 on it ends the session (back to /login). */
export const http = createApiClient({
  getToken: () => useSession.getState().token,
  onUnauthorized: (message) => useSession.getState().expire(message),
});

/** The calls the screens make, typed by the server's generated request types and responses.ts. */
export const api = {
  login: (body: LoginRequest) => http.post<LoginResponse>('/api/auth/login', body),
  logout: () => http.post<void>('/api/auth/logout'),
  me: () => http.get<Me>('/api/me'),
  setPresence: (body: PresenceRequest) => http.post<{ online: boolean }>('/api/me/presence', body),
  workday: (body: WorkdayRequest) => http.post<{ workdayState: WorkdayState }>('/api/me/workday', body),
  alerts: () => http.get<AlertList>('/api/me/alerts'),
  lines: () => http.get<LineList>('/api/lines'),
  dialogs: (query: DialogListQuery, signal?: AbortSignal) =>
    http.get<DialogPage>('/api/dialogs', { ...query }, signal),
  dialog: (id: string, signal?: AbortSignal) =>
    http.get<DialogDetail>(`/api/dialogs/${encodeURIComponent(id)}`, undefined, signal),
  accept: (id: string) => http.post<unknown>(`/api/dialogs/${encodeURIComponent(id)}/accept`),
  eventsUrl: () => http.streamUrl('/api/events'),
};
