import type { TFunction } from 'i18next';
import type { DialogDetail } from '../api';
import { formatDuration } from '../app/format';

export type TimelineEntry = DialogDetail['timeline'][number];

/** How prominent an entry is: flow steps are quiet, KPI breaches stand out. */
export type TimelineTone = 'flow' | 'routing' | 'kpi' | 'status' | 'crm';

/** Timeline entries the messages already show (the operator's answer or note). */
export const SHOWN_AS_MESSAGE = new Set(['operator.message', 'client.message']);

const str = (value: unknown) => (typeof value === 'string' ? value : null);

export function timelineTone(entry: TimelineEntry): TimelineTone {
  if (entry.type === 'flow.node') return 'flow';
  if (entry.type === 'kpi.exceeded') return 'kpi';
  if (entry.type === 'lead.created' || entry.type === 'deal.created') return 'crm';
  if (
    ['dialog.offered', 'dialog.accepted', 'dialog.taken', 'dialog.transferred', 'dialog.invited'].includes(
      entry.type,
    )
  )
    return 'routing';
  return 'status';
}

/**
 * One timeline entry as a sentence. `name` turns an employee id into what the view calls them;
 * `lineName` a line id into its name.
 */
export function timelineText(
  t: TFunction,
  entry: TimelineEntry,
  name: (id: string | null) => string,
  lineName: (id: string) => string,
): string {
  const by = name(str(entry.operatorId));
  switch (entry.type) {
    case 'dialog.started':
      return t('dialog.timeline.started');
    case 'flow.node':
      return t(entry.outcome ? 'dialog.timeline.flowStepOutcome' : 'dialog.timeline.flowStep', {
        node: str(entry.nodeId) ?? '?',
        nodeType: str(entry.nodeType) ?? '?',
        outcome: str(entry.outcome) ?? '',
      });
    case 'dialog.offered': {
      const ids = Array.isArray(entry.operatorIds) ? (entry.operatorIds as string[]) : [];
      return t('dialog.timeline.offered', { names: ids.map((id) => name(id)).join(', ') || '—' });
    }
    case 'dialog.offerWithdrawn': {
      const ids = Array.isArray(entry.operatorIds) ? (entry.operatorIds as string[]) : [];
      return t('dialog.timeline.offerWithdrawn', { names: ids.map((id) => name(id)).join(', ') || '—' });
    }
    case 'dialog.accepted':
      return t('dialog.timeline.accepted', { name: by });
    case 'dialog.taken':
      return t('dialog.timeline.taken', { name: by });
    case 'dialog.transferred': {
      const toLine = str(entry.toLineId);
      const toOperator = str(entry.toOperatorId);
      const to = toLine ? lineName(toLine) : toOperator ? name(toOperator) : '—';
      return entry.operatorId
        ? t('dialog.timeline.transferred', { name: by, to })
        : t('dialog.timeline.transferredByFlow', { to });
    }
    case 'dialog.invited':
      return t('dialog.timeline.invited', { name: by, invitee: name(str(entry.participant)) });
    case 'dialog.closed':
      return t('dialog.timeline.closed', { name: by });
    case 'dialog.spam':
      return t('dialog.timeline.spam', { name: by });
    case 'dialog.pinned':
      return t('dialog.timeline.pinned', { name: by });
    case 'dialog.rated':
      return t('dialog.timeline.rated', { name: by, rating: ratingText(t, entry.rating) });
    case 'kpi.exceeded': {
      const threshold = typeof entry.thresholdMs === 'number' ? formatDuration(t, entry.thresholdMs) : '—';
      return entry.kpi === 'firstAnswer'
        ? t('dialog.timeline.kpiFirstAnswer', { threshold })
        : t('dialog.timeline.kpiAnswer', { threshold });
    }
    case 'rating.requested':
      return t('dialog.timeline.ratingRequested');
    case 'rating.received':
      return t('dialog.timeline.ratingReceived', { rating: ratingText(t, entry.rating) });
    case 'lead.created':
      return t('dialog.timeline.leadCreated');
    case 'deal.created':
      return t('dialog.timeline.dealCreated');
    default:
      return t('dialog.timeline.other', { type: entry.type });
  }
}

/** like / dislike / a 1–5 score, as people read it. */
export function ratingText(t: TFunction, rating: unknown): string {
  if (rating === 'like') return t('dialog.rating.like');
  if (rating === 'dislike') return t('dialog.rating.dislike');
  if (rating === null || rating === undefined || rating === '') return '—';
  return t('dialog.rating.score', { score: String(rating as string | number) });
}
