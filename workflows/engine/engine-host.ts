import type { TransferParams } from '../../schemas/generated/nodes/transfer.params';
import type { TriggerParams } from '../../schemas/generated/nodes/trigger.params';
import type { DialogFacts } from './predicates';
import type { QueueChoice, QueueRequest } from './routing-rules';
import type { Schedule } from './working-hours';

/**
 * What the flow engine and its hosts say to each other. The engine (interpreter.ts and the node
 * modules) knows nothing about Temporal: time, waiting and side effects go through `EngineHost`. The
 * dialog workflow is one host (timers and activities); the simulator in workflows/simulate is the other
 * (a virtual clock), so the same scenario files test both.
 */
export type EngineEvent = Exclude<TriggerParams['event'], 'dialog.started' | 'client.inactive'>;

export interface TimelineEntry {
  type: 'node';
  nodeId: string;
  nodeType: string;
  /** the handle the path left by; null when the path ended here */
  outcome: string | null;
  /** which trigger started the path, and which run of a trigger this is (numbered in start order) */
  trigger: string;
  pathId: number;
  at: number;
  /** status the dialog moved to by this node (close, transfer) */
  status?: string;
  error?: string;
}

/**
 * The host's writes take a key naming what they are (which path of which trigger occurrence, its how-
 * many-th write and of what), the same however often a workflow task is run again: the read model keeps
 * one entry per key (docs/architecture.md, "What runs locally"). Hosts that write nothing ignore it.
 */
export interface EngineHost {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Resolves true once `test()` holds, false when `timeoutMs` passes first. */
  waitUntil(test: () => boolean, timeoutMs?: number): Promise<boolean>;
  /**
   * Runs a catalog activity. `key` names the call (what it is, the same however often its workflow task
   * is run again); asked only by a host that runs the activity in the task itself, where it keeps a
   * second run of the call from doing it twice.
   */
  runActivity(name: string, input: Record<string, unknown>, key?: () => string): Promise<unknown>;
  record(entry: TimelineEntry, key?: string): Promise<void>;
  /**
   * Hands the dialog to an operator of its line, or to another line. A line transfer ends this flow:
   * once the transfer node's step is recorded the host continues the dialog in the target line's flow
   * (see `FlowEngine.handedOver`). Throws when the target cannot take the dialog.
   */
  transfer(target: TransferParams, key?: string): Promise<void>;
  /**
   * The queue node's step: picks operators under the line's rules and offers them the dialog, all at
   * once and safely against other dialogs doing the same. `assigned` when someone has the dialog already.
   */
  offer(request: QueueRequest, key?: string): Promise<OfferAnswer>;
  /** Takes back the dialog's open offers; tells who has the dialog if an accept got there first. */
  withdrawOffer(key?: string): Promise<{ assignedTo: string | null }>;
  /** A KPI clock ran past its threshold: count the breach on the dialog (before its triggers run). */
  kpiExceeded(kpi: KpiName, thresholdMs: number, key?: string): Promise<void>;
}

export type KpiName = 'firstAnswer' | 'answer';

/** The line's rules the engine applies itself, fixed when the dialog starts (like its flow version). */
export interface DialogRules {
  /** KPI thresholds in ms (docs/product.md §3.9); a clock without one is not watched */
  kpi: Partial<Record<KpiName, number>>;
  /** the line's working hours; none: it works around the clock */
  workingHours?: Schedule;
}

export type OfferAnswer = QueueChoice | { kind: 'assigned'; operatorId: string };

export interface DialogContext {
  id: string;
  lineId: string;
  channelId: string;
  clientName: string | null;
  rules?: DialogRules;
}

export type EngineFacts = Omit<DialogFacts, 'variables' | 'tags' | 'messageText' | 'rating'>;

/** What a node waiting in the middle of its work needs to go on in another run: plain JSON. */
export type ParkedState = Record<string, unknown>;

export interface PathContext {
  trigger: string;
  id: number;
  /**
   * Marks the path as waiting inside `nodeId` with the state to go on from, for as long as `wait`
   * takes: while every running path is parked, the dialog can continue as new without losing one.
   */
  park<T>(nodeId: string, state: ParkedState, wait: Promise<T>): Promise<T>;
}
