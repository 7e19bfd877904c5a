import type { TFunction } from 'i18next';
import type { Flow } from '../../../../schemas/generated/flow';
import type { RoutingEntry, Simulation, SimulationStep, SkipReason } from './simulation-api';

/**
 * A dry run told in plain words, one row per thing that happened, in time order: the node steps (with
 * the nodes' titles), each routing decision (who was offered the dialog, who was skipped and why), the
 * KPI breaches and, last, the dialog's status.
 */
export type TimelineRow =
  | { kind: 'step'; at: number; index: number; step: SimulationStep }
  | { kind: 'routing'; at: number; entry: RoutingEntry }
  | { kind: 'kpi'; at: number; kpi: 'firstAnswer' | 'answer' };

/** Rows in time order; at one instant, what the routing decided before the steps it led to. */
export function timelineRows(result: Simulation): TimelineRow[] {
  const rows: TimelineRow[] = [
    ...result.routing.map((entry) => ({ kind: 'routing' as const, at: entry.at, entry })),
    ...result.kpiBreaches.map((b) => ({ kind: 'kpi' as const, at: b.at, kpi: b.kpi })),
    ...result.steps.map((step, index) => ({ kind: 'step' as const, at: step.at, index, step })),
  ];
  return rows
    .map((row, order) => ({ row, order }))
    .sort((a, b) => a.row.at - b.row.at || a.order - b.order)
    .map(({ row }) => row);
}

export type NameOf = (operatorId: string) => string;

/** "Operator 1, Operator 2 and Operator 3" in the person's language. */
export function nameList(t: TFunction, names: string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return t('flowSimulation.list', { items: names.slice(0, -1).join(', '), last: names.at(-1) });
}

export const skipReasonText = (t: TFunction, reason: SkipReason): string =>
  t(`flowSimulation.skip.${reason}`);

/** "Skipped: Operator 1 (offline), Operator 2 (on vacation)"; '' when nobody was. */
export function skippedText(t: TFunction, entry: RoutingEntry, nameOf: NameOf): string {
  const skipped = entry.skipped ?? [];
  if (!skipped.length) return '';
  const items = skipped.map((s) =>
    t('flowSimulation.skippedOne', { name: nameOf(s.operatorId), reason: skipReasonText(t, s.reason) }),
  );
  return t('flowSimulation.skipped', { who: items.join(', ') });
}

/** What one routing decision did, in a sentence. */
export function routingText(t: TFunction, entry: RoutingEntry, nameOf: NameOf): string {
  const who = nameList(t, entry.operatorIds.map(nameOf));
  switch (entry.event) {
    case 'offered':
      return t('flowSimulation.routing.offered', { who });
    case 'withdrawn':
      return t('flowSimulation.routing.withdrawn', { who });
    case 'accepted':
      return t('flowSimulation.routing.accepted', { who });
    case 'refused':
      return t('flowSimulation.routing.refused', { who, reason: entry.reason ?? '' });
    case 'waiting':
      return t('flowSimulation.routing.waiting');
    case 'exhausted':
      return t('flowSimulation.routing.exhausted');
  }
}

/** A node's title: its label, else its id. */
export function nodeTitle(flow: Flow, nodeId: string): string {
  const node = flow.nodes.find((n) => n.id === nodeId);
  return node?.label?.trim() || nodeId;
}

/** What a node step did: left by which output, ended, is still waiting, or failed. */
export function stepText(t: TFunction, step: SimulationStep): string {
  if (step.error !== undefined) return t('flowSimulation.step.failed', { error: step.error });
  if (step.waiting) return t('flowSimulation.step.waiting');
  if (step.outcome === null) return t('flowSimulation.step.ended');
  return t('flowSimulation.step.leftBy', { outcome: step.outcome });
}
