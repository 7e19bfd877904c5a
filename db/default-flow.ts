import type { EntityManager } from 'typeorm';
import type { Flow } from '../schemas/generated/flow';
import type { LineSettings } from '../schemas/generated/line-settings';
import { FlowVersionEntity, LineEntity, type FlowVersion, type Line } from './entities';

/**
 * The flow every new line starts with (and the demo line runs): the seed's defaults as nodes an admin
 * can rearrange in the designer.
 * - The CRM looks the client up (the chat tracker has merged their identities) and, when the line's
 *   CRM setting says "auto", makes a lead for a client it does not know.
 * - The queue offers the dialog evenly, a step of 1 minute, to available operators; when a round finds
 *   nobody, it goes round again: an unanswered dialog keeps passing along the queue until someone
 *   accepts.
 * - Each KPI breach alerts the people the line's KPI settings name (by default its supervisors).
 * - When the operator closes, the client is asked for a rating; the dialog closes for good as soon as
 *   the rating arrives, or after 30 minutes without one.
 */
export const DEFAULT_FLOW: Flow = {
  schemaVersion: 1,
  name: 'Default: CRM, queue, KPI alerts, rating',
  nodes: [
    { id: 'started', type: 'trigger', params: { event: 'dialog.started' } },
    { id: 'crm', type: 'action', params: { activity: 'findOrCreateClient', input: {} } },
    { id: 'queue', type: 'queue', params: { mode: 'evenly', stepTimeout: '1m', checkAvailability: true } },
    { id: 'accepted', type: 'end', params: {} },
    { id: 'firstAnswerLate', type: 'trigger', params: { event: 'kpi.firstAnswer.exceeded' } },
    {
      id: 'alertFirstAnswer',
      type: 'action',
      params: { activity: 'sendKpiAlert', input: { kpi: 'firstAnswer' } },
    },
    { id: 'answerLate', type: 'trigger', params: { event: 'kpi.answer.exceeded' } },
    { id: 'alertAnswer', type: 'action', params: { activity: 'sendKpiAlert', input: { kpi: 'answer' } } },
    { id: 'closedByOperator', type: 'trigger', params: { event: 'dialog.closed' } },
    { id: 'askRating', type: 'action', params: { activity: 'requestRating', input: {} } },
    { id: 'waitRating', type: 'wait', params: { event: 'rating.received', timeout: '30m' } },
    { id: 'closeRated', type: 'close', params: { status: 'closed' } },
    { id: 'closeUnrated', type: 'close', params: { status: 'closed' } },
  ],
  edges: [
    { source: 'started', target: 'crm' },
    { source: 'crm', target: 'queue' },
    { source: 'queue', sourceHandle: 'accepted', target: 'accepted' },
    { source: 'queue', sourceHandle: 'exhausted', target: 'queue' },
    { source: 'firstAnswerLate', target: 'alertFirstAnswer' },
    { source: 'answerLate', target: 'alertAnswer' },
    { source: 'closedByOperator', target: 'askRating' },
    { source: 'askRating', target: 'waitRating' },
    { source: 'waitRating', sourceHandle: 'received', target: 'closeRated' },
    { source: 'waitRating', sourceHandle: 'timeout', target: 'closeUnrated' },
  ],
};

/**
 * Creates a line with the default flow published as its version 1, in the caller's transaction: how
 * every line comes into being (the demo seed now, the admin API's line creation next), so no line is
 * ever without a flow of its own.
 */
export async function createLine(
  tx: EntityManager,
  line: { id: string; name: string; language?: string; active?: boolean; settings: LineSettings },
  now: Date,
): Promise<void> {
  await tx.getRepository<Line>(LineEntity).insert({
    id: line.id,
    name: line.name,
    active: line.active ?? true,
    language: line.language ?? 'en',
    settings: line.settings,
    createdAt: now,
    updatedAt: now,
  });
  const version: FlowVersion = {
    lineId: line.id,
    version: 1,
    document: DEFAULT_FLOW,
    publishedAt: now,
    publishedBy: null,
    note: null,
  };
  // (`as never`: TypeORM's deep-partial type cannot follow the open records of a JSON column.)
  await tx.getRepository<FlowVersion>(FlowVersionEntity).insert(version as never);
}
