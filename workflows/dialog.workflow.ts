import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { CatalogActivityCall, DialogActivities } from '../activities';
import type { LeadResult } from '../activities/crm/create-lead.activity';
import type { TransferredDialog } from '../activities/read-model/transfer-dialog.activity';
import { FALLBACK_FLOW } from './engine/default-flow';
import { FlowEngine } from './engine/interpreter';
import type { EngineHost } from './engine/engine-host';
import {
  capacityFreedSignal,
  clientMessageSignal,
  dialogEngineQuery,
  dialogWorkflowId,
  dialogSnapshotQuery,
  type Actor,
  type CarriedDialog,
  type ClientMessage,
  type DialogWorkflowInput,
} from './definitions';
import { registerOperatorActions, type OperatorDesk } from './operator-actions';

/** How many recent message ids a new run keeps for dropping repeats (older ones the API catches). */
const RECENT_MESSAGE_IDS = 500;

const {
  openDialog,
  recordClientMessage,
  recordFlowStep,
  recordDialogChange,
  transferDialog,
  offerDialog,
  withdrawOffer,
  assignOperator,
  dialogsWaitingForRoom,
  recordKpiBreach,
} = proxyActivities<DialogActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/** Catalog activities by name (built-in and custom), as the flow's action nodes name them. */
const catalogActivities = proxyActivities<Record<string, (call: CatalogActivityCall) => Promise<unknown>>>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', maximumAttempts: 10 },
});

/**
 * One dialog: the Temporal host of the flow engine. It opens the dialog's read model, runs the flow
 * pinned at the start (timers are Temporal timers, actions are activities, every executed node goes to
 * the timeline), and records every client message once, in arrival order, handing it to the flow.
 * It ends when the flow has closed the dialog and no path is still running.
 */
export async function dialogWorkflow(input: DialogWorkflowInput): Promise<void> {
  const carried = input.carried;
  const inbox: ClientMessage[] = [...(carried?.inbox ?? [])];
  const seen = new Set<string>(carried?.recentMessageIds);
  let clientId: string | null = carried?.clientId ?? null;
  let recorded = carried?.recorded ?? 0;
  // set once the dialog is open; the query handler (registered before the first await) reads it
  let engine: FlowEngine | undefined = undefined;
  // Timeline sequence numbers; the read model upserts by (dialogId, seq), so retries never duplicate.
  let seq = carried?.seq ?? 0;
  // Set by a transfer to another line: the dialog continues as a new run on that line's flow.
  let leavingFor: (TransferredDialog & { lineId: string }) | null = null;
  // Timeline writes in flight: a line transfer waits for its own node's step to be recorded.
  let recording = 0;
  const now = () => new Date().toISOString();
  /** the dialog as catalog activities see it */
  const dialog = { id: input.dialogId, lineId: input.lineId, channelId: input.channelId };
  const runCatalogActivity = (name: string, activityInput: Record<string, unknown>) =>
    catalogActivities[name]!({ input: activityInput, dialog, seq: ++seq });
  /**
   * These operators may have room now: the dialogs waiting longest for room on their lines are nudged
   * to ask again (a lost nudge only costs a waiting dialog its QUEUE_RECHECK_MS).
   */
  const released = async (operatorIds: Array<string | null>): Promise<void> => {
    const freed = operatorIds.filter((id): id is string => id !== null);
    if (!freed.length) return;
    const waiting = await dialogsWaitingForRoom({ operatorIds: freed });
    await Promise.all(
      waiting
        .filter((id) => id !== input.dialogId)
        .map(
          (id) =>
            getExternalWorkflowHandle(dialogWorkflowId(id))
              .signal(capacityFreedSignal)
              .catch(() => undefined), // that dialog has ended meanwhile
        ),
    );
  };
  const desk: OperatorDesk = {
    responsibleOperatorId: carried?.responsibleOperatorId ?? null,
    participants: carried?.participants ?? [],
    engine: () => engine,
    assign: async (actor) => {
      const { released: lapsed } = await assignOperator({
        dialogId: input.dialogId,
        seq: ++seq,
        at: now(),
        operatorId: actor.operatorId,
        supervising: actor.role !== 'operator',
      });
      await released(lapsed);
    },
    released,
    createLead: async () => (await runCatalogActivity('createLead', {})) as LeadResult,
    transfer: async (target, actor) => {
      const previous = desk.responsibleOperatorId;
      const moved = await transferDialog({
        dialogId: input.dialogId,
        seq: ++seq,
        at: now(),
        byOperatorId: actor?.operatorId ?? null,
        ...(target.lineId !== undefined ? { toLineId: target.lineId } : { toOperatorId: target.operatorId }),
      });
      if (target.lineId !== undefined) {
        desk.responsibleOperatorId = null;
        await released([previous, ...moved.released]);
        leavingFor = { ...moved, lineId: target.lineId }; // last: the hand-over may follow at once
      } else {
        desk.responsibleOperatorId = target.operatorId!;
        desk.participants = [...new Set([...desk.participants, target.operatorId!])];
      }
    },
  };
  const recordChange = (
    type: string,
    actor: Actor,
    extra: Partial<Parameters<typeof recordDialogChange>[0]> = {},
  ): Promise<void> =>
    recordDialogChange({
      dialogId: input.dialogId,
      channelId: input.channelId,
      seq: ++seq,
      type,
      at: now(),
      operatorId: actor.operatorId,
      ...extra,
    });

  registerOperatorActions(desk, recordChange);

  setHandler(capacityFreedSignal, () => engine?.capacityFreed());
  setHandler(clientMessageSignal, (message) => {
    if (seen.has(message.messageId)) return;
    seen.add(message.messageId);
    inbox.push(message);
  });
  setHandler(dialogSnapshotQuery, () => ({
    dialogId: input.dialogId,
    clientId,
    messagesReceived: recorded,
    pendingMessages: inbox.length,
  }));
  setHandler(dialogEngineQuery, () => ({
    variables: engine?.variables ?? {},
    tags: engine?.tags ?? [],
    status: engine?.status ?? null,
    finished: engine?.finished ?? false,
  }));

  const opened = carried ?? (await openDialog({ ...input, seq: ++seq, at: now() }));
  clientId = opened.clientId;
  const flow = opened.flow ?? FALLBACK_FLOW;
  const host: EngineHost = {
    now: () => Date.now(),
    sleep: (ms) => sleep(ms),
    waitUntil: async (test, timeoutMs) => {
      if (timeoutMs === undefined) {
        await condition(test);
        return true;
      }
      return condition(test, timeoutMs);
    },
    runActivity: runCatalogActivity,
    kpiExceeded: (kpi, thresholdMs) =>
      recordKpiBreach({ dialogId: input.dialogId, seq: ++seq, at: now(), kpi, thresholdMs }),
    record: async (entry) => {
      recording++;
      try {
        await recordFlowStep({ dialogId: input.dialogId, seq: ++seq, entry });
      } finally {
        recording--;
      }
    },
    transfer: (target) => desk.transfer(target, null),
    offer: (request) => offerDialog({ dialogId: input.dialogId, seq: ++seq, at: now(), ...request }),
    withdrawOffer: async () => {
      const withdrawn = await withdrawOffer({ dialogId: input.dialogId, seq: ++seq, at: now() });
      await released(withdrawn.released);
      return { assignedTo: withdrawn.assignedTo };
    },
  };
  engine = new FlowEngine(
    flow,
    host,
    { ...dialog, clientName: input.client.name ?? null, rules: opened.rules ?? { kpi: {} } },
    opened.facts,
    carried?.engine,
  );
  engine.start();

  const carry = (): CarriedDialog => ({
    clientId: opened.clientId,
    facts: opened.facts,
    flow,
    flowVersion: opened.flowVersion,
    rules: opened.rules,
    seq,
    recorded,
    recentMessageIds: [...seen].slice(-RECENT_MESSAGE_IDS),
    inbox,
    engine: engine!.snapshot(),
    responsibleOperatorId: desk.responsibleOperatorId,
    participants: desk.participants,
  });
  // A long dialog hands over to a fresh run when Temporal suggests it, at a moment when no path is in
  // the middle of a node (a path waiting in a node holds the hand-over back until it moves on).
  const handOver = () => workflowInfo().continueAsNewSuggested && engine.idle && !engine.finished;
  const transferred = () => leavingFor !== null && recording === 0;
  for (;;) {
    await condition(() => inbox.length > 0 || engine.finished || handOver() || transferred());
    if (transferred()) {
      // The old line's flow stops here (its waits and timers with it); the new line's flow starts.
      await condition(allHandlersFinished);
      const target = leavingFor!;
      const state = carry();
      await continueAsNew<typeof dialogWorkflow>({
        ...input,
        lineId: target.lineId,
        carried: {
          ...state,
          flow: target.flow ?? FALLBACK_FLOW,
          flowVersion: target.flowVersion,
          rules: target.rules,
          engine: FlowEngine.handedOver(state.engine),
        },
      });
    }
    if (handOver()) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof dialogWorkflow>({ ...input, carried: carry() });
    }
    const message = inbox.shift();
    if (!message) break;
    await recordClientMessage({ dialogId: input.dialogId, channelId: input.channelId, seq: ++seq, message });
    recorded++;
    if (message.text !== undefined || message.attachments !== undefined) {
      engine.emit('client.message', { text: message.text ?? null });
    }
    if (message.rating !== undefined) engine.emit('rating.received', { rating: message.rating });
  }
  await condition(allHandlersFinished);
}
