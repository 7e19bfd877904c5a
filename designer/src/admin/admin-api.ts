import { http } from '../api';
import type { ChannelCreateRequest } from '../../../schemas/generated/channel-create-request';
import type { ChannelUpdateRequest } from '../../../schemas/generated/channel-update-request';
import type { LineCreateRequest } from '../../../schemas/generated/line-create-request';
import type { LineRequest } from '../../../schemas/generated/line-request';
import type { OperatorCreateRequest } from '../../../schemas/generated/operator-create-request';
import type { OperatorRequest } from '../../../schemas/generated/operator-request';
import type { ChannelList } from '../../../schemas/generated/responses/channel-list';
import type { ChannelView } from '../../../schemas/generated/responses/channel-view';
import type { FlowVersionList } from '../../../schemas/generated/responses/flow-version-list';
import type { LineView } from '../../../schemas/generated/responses/line-view';
import type { OperatorList, OperatorView } from '../../../schemas/generated/responses/operator-list';

export type Employee = OperatorView;
export type Channel = ChannelView;
export type { LineRequest, OperatorCreateRequest, OperatorRequest, ChannelCreateRequest };

const id = encodeURIComponent;

/** The admin pages' calls (lines, channels, employees), typed by the server's generated schemas. */
export const adminApi = {
  line: (lineId: string) => http.get<LineView>(`/api/lines/${id(lineId)}`),
  createLine: (body: LineCreateRequest) => http.post<LineView>('/api/lines', body),
  updateLine: (lineId: string, body: LineRequest) =>
    http.request<LineView>('PATCH', `/api/lines/${id(lineId)}`, { body }),
  flowVersions: (lineId: string) => http.get<FlowVersionList>(`/api/lines/${id(lineId)}/flow/versions`),
  channels: () => http.get<ChannelList>('/api/channels'),
  createChannel: (body: ChannelCreateRequest) => http.post<ChannelView>('/api/channels', body),
  updateChannel: (channelId: string, body: ChannelUpdateRequest) =>
    http.request<ChannelView>('PATCH', `/api/channels/${id(channelId)}`, { body }),
  rotateSecret: (channelId: string) => http.post<ChannelView>(`/api/channels/${id(channelId)}/secret`),
  employees: () => http.get<OperatorList>('/api/operators'),
  createEmployee: (body: OperatorCreateRequest) => http.post<OperatorView>('/api/operators', body),
  updateEmployee: (employeeId: string, body: OperatorRequest) =>
    http.request<OperatorView>('PATCH', `/api/operators/${id(employeeId)}`, { body }),
};

export const ADMIN_KEYS = {
  employees: ['admin', 'employees'] as const,
  channels: ['admin', 'channels'] as const,
  line: (lineId: string) => ['admin', 'line', lineId] as const,
  flowVersions: (lineId: string) => ['admin', 'flowVersions', lineId] as const,
};
