import { ChannelEntity } from './channel.entity';
import { ClientEntity, ClientIdentityEntity } from './client.entity';
import { ConversationEntity } from './conversation.entity';
import { DealEntity, LeadEntity } from './crm.entity';
import { DialogEntity, DialogEventEntity, MessageEntity } from './dialog.entity';
import { FlowDraftEntity, FlowScenarioEntity, FlowVersionEntity } from './flow.entity';
import { KpiAlertEntity } from './kpi-alert.entity';
import { LineEntity } from './line.entity';
import { LiveEventEntity, LivechatSessionEntity } from './live-event.entity';
import { OutboundMessageEntity } from './outbound-message.entity';
import { InboundClaimEntity } from './inbound-claim.entity';
import { LoginThrottleEntity } from './login-throttle.entity';
import { DialogOfferEntity, QueueWaitEntity } from './queue.entity';
import { AuthTokenEntity, UserEntity, UserLineEntity } from './user.entity';
import { AuditRecordEntity } from './audit-record.entity';
import { QuickReplyEntity } from './quick-reply.entity';

export * from './channel.entity';
export * from './client.entity';
export * from './conversation.entity';
export * from './crm.entity';
export * from './dialog.entity';
export * from './flow.entity';
export * from './kpi-alert.entity';
export * from './line.entity';
export * from './live-event.entity';
export * from './outbound-message.entity';
export * from './inbound-claim.entity';
export * from './login-throttle.entity';
export * from './queue.entity';
export * from './user.entity';
export * from './audit-record.entity';
export * from './quick-reply.entity';

export const ENTITIES = [
  LineEntity,
  ChannelEntity,
  UserEntity,
  UserLineEntity,
  AuthTokenEntity,
  ClientEntity,
  ClientIdentityEntity,
  ConversationEntity,
  DialogEntity,
  MessageEntity,
  DialogEventEntity,
  FlowDraftEntity,
  FlowVersionEntity,
  FlowScenarioEntity,
  DialogOfferEntity,
  QueueWaitEntity,
  KpiAlertEntity,
  LeadEntity,
  DealEntity,
  LiveEventEntity,
  LivechatSessionEntity,
  QuickReplyEntity,
  AuditRecordEntity,
  OutboundMessageEntity,
  InboundClaimEntity,
  LoginThrottleEntity,
];
