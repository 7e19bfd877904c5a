import {
  condition,
  getExternalWorkflowHandle,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { CatalogActivityCall, DialogActivities } from '../activities';
import type { LeadResult } from '../activities/crm/create-lead.activity';
import type { RecordDialogChangeInput } from '../activities/read-model/record-dialog-change.activity';
import type { TransferredDialog } from '../activities/read-model/transfer-dialog.activity';
import type { TransferParams } from '../schemas/generated/nodes/transfer.params';
import { FALLBACK_FLOW } from './engine/default-flow';
import type { EngineHost, OfferAnswer } from './engine/engine-host';
import { FlowEngine } from './engine/interpreter';
import type { DialogHolders } from './engine/routing-rules';
import {
  capacityFreedSignal,
  clientMessageSignal,
  dialogEngineQuery,
  dialogSnapshotQuery,
  dialogWorkflowId,
  type Actor,
  type CarriedDialog,
  type ClientMessage,
  type DialogWorkflowInput,
} from './definitions';

/** How many recent message ids a new run keeps for dropping repeats (older ones the API catches). */
const RECENT_MESSAGE_IDS = 500;

const activities = proxyActivities<DialogActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/** Catalog activities by name (built-in and custom), as the flow's action nodes name them. */
const catalogActivities = proxyActivities<Record<string, (call: CatalogActivityCall) => Promise<unknown>>>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', maximumAttempts: 10 },
});

/** What the dialog does next, as its workflow's loop asks. */
export type DialogTurn = 'message' | 'finished' | 'handOver' | 'transferred';

/**
 * One run of a dialog: its state (who holds it, who holds an offer of it, the client's messages not
 * yet recorded, the flow engine) and every change to it, each written through an activity. The
 * workflow function drives it; operator-actions.ts maps the inbox's updates onto it; the routing rules
 * (engine/routing-rules.ts) decide who may do what. Construct it before the first await: the
 * constructor sets the signal and query handlers.
 */
export class DialogRun {
  /** who has the dialog and who holds an offer of it: what the routing rules read */
  readonly holders: DialogHolders & { participants: string[] };
  /** an offer is being made (its answer not in yet): accepts wait for it before they are decided */
  offering = false;
  private readonly inbox: ClientMessage[];
  private readonly seen: Set<string>;
  private recorded: number;
  /** timeline sequence numbers; the read model upserts by (dialogId, seq), so retries never duplicate */
  private seq: number;
  /** set once the dialog is open */
  private flowEngine: FlowEngine | undefined;
  /** what the dialog's opening gave it (or the run before carried): the rest of a carried dialog */
  private opened: Pick<CarriedDialog, 'clientId' | 'facts' | 'flow' | 'flowVersion' | 'rules'> | null = null;
  /** set by a transfer to another line: the dialog continues as a new run on that line's flow */
  private leavingFor: (TransferredDialog & { lineId: string }) | null = null;
  /** timeline writes in flight: a line transfer waits for its own node's step to be recorded */
  private recording = 0;
  private nextTicket = 0;
  private nowServing = 0;
  /** the dialog as catalog activities see it */
  private readonly dialog: { id: string; lineId: string; channelId: string };

  constructor(readonly input: DialogWorkflowInput) {
    const carried = input.carried;
    this.inbox = [...(carried?.inbox ?? [])];
    this.seen = new Set(carried?.recentMessageIds);
    this.recorded = carried?.recorded ?? 0;
    this.seq = carried?.seq ?? 0;
    this.holders = {
      responsibleOperatorId: carried?.responsibleOperatorId ?? null,
      participants: carried?.participants ?? [],
      offeredTo: carried?.offeredTo ?? [],
    };
    this.dialog = { id: input.dialogId, lineId: input.lineId, channelId: input.channelId };

    setHandler(capacityFreedSignal, () => this.flowEngine?.capacityFreed());
    setHandler(clientMessageSignal, (message) => {
      if (this.seen.has(message.messageId)) return;
      this.seen.add(message.messageId);
      this.inbox.push(message);
    });
    setHandler(dialogSnapshotQuery, () => ({
      dialogId: input.dialogId,
      clientId: this.opened?.clientId ?? carried?.clientId ?? null,
      messagesReceived: this.recorded,
      pendingMessages: this.inbox.length,
    }));
    setHandler(dialogEngineQuery, () => ({
      variables: this.flowEngine?.variables ?? {},
      tags: this.flowEngine?.tags ?? [],
      status: this.flowEngine?.status ?? null,
      finished: this.flowEngine?.finished ?? false,
    }));
  }

  /** The flow engine; undefined while the dialog is still opening. */
  get engine(): FlowEngine | undefined {
    return this.flowEngine;
  }

  /** Opens the dialog's read model (a new run carries it), pins its flow and starts the engine. */
  async open(): Promise<void> {
    const { input } = this;
    const carried = input.carried;
    const opened = carried ?? (await activities.openDialog({ ...input, seq: ++this.seq, at: now() }));
    const flow = opened.flow ?? FALLBACK_FLOW;
    this.opened = {
      clientId: opened.clientId,
      facts: opened.facts,
      flow,
      flowVersion: opened.flowVersion,
      rules: opened.rules,
    };
    this.flowEngine = new FlowEngine(
      flow,
      this.engineHost(),
      { ...this.dialog, clientName: input.client.name ?? null, rules: opened.rules ?? { kpi: {} } },
      opened.facts,
      carried?.engine,
    );
    this.flowEngine.start();
  }

  /** Nothing is left to do: the flow is over and every client message is recorded. */
  get settled(): boolean {
    return this.inbox.length === 0 && (this.flowEngine?.finished ?? false);
  }

  /** Waits until there is something to do: a client message, the end, a hand-over or a line transfer. */
  async nextTurn(): Promise<DialogTurn> {
    const engine = this.flowEngine!;
    // A long dialog hands over to a fresh run when Temporal suggests it, at a moment when no path is in
    // the middle of a node (a path waiting in a node holds the hand-over back until it moves on).
    const handOver = () => workflowInfo().continueAsNewSuggested && engine.idle && !engine.finished;
    const transferred = () => this.leavingFor !== null && this.recording === 0;
    await condition(() => this.inbox.length > 0 || engine.finished || handOver() || transferred());
    if (transferred()) return 'transferred';
    if (handOver()) return 'handOver';
    return this.inbox.length > 0 ? 'message' : 'finished';
  }

  /** Records the oldest client message not yet recorded and hands it to the flow. */
  async recordNextMessage(): Promise<void> {
    const message = this.inbox.shift()!;
    await activities.recordClientMessage({
      dialogId: this.input.dialogId,
      channelId: this.input.channelId,
      seq: ++this.seq,
      message,
    });
    this.recorded++;
    const engine = this.flowEngine!;
    if (message.text !== undefined || message.attachments !== undefined) {
      engine.emit('client.message', { text: message.text ?? null });
    }
    if (message.rating !== undefined) engine.emit('rating.received', { rating: message.rating });
  }

  /** The input of the next run: everything this one knows. */
  continuation(): DialogWorkflowInput {
    const opened = this.opened!;
    return {
      ...this.input,
      carried: {
        ...opened,
        seq: this.seq,
        recorded: this.recorded,
        recentMessageIds: [...this.seen].slice(-RECENT_MESSAGE_IDS),
        inbox: this.inbox,
        engine: this.flowEngine!.snapshot(),
        responsibleOperatorId: this.holders.responsibleOperatorId,
        participants: this.holders.participants,
        offeredTo: [...this.holders.offeredTo],
      },
    };
  }

  /** The input of the run on the line the dialog was transferred to: the new line's flow starts. */
  continuationOnNewLine(): DialogWorkflowInput {
    const target = this.leavingFor!;
    const next = this.continuation();
    return {
      ...next,
      lineId: target.lineId,
      carried: {
        ...next.carried!,
        flow: target.flow ?? FALLBACK_FLOW,
        flowVersion: target.flowVersion,
        rules: target.rules,
        engine: FlowEngine.handedOver(next.carried!.engine),
      },
    };
  }

  /**
   * Serves the decisions about who has the dialog (accept, take over, transfer) one at a time, in the
   * order they were admitted: each sees what the one before it did, and a refused one never holds up
   * the next. The first in line starts at once, as a lone update always did.
   */
  async oneAtATime<T>(work: () => Promise<T>): Promise<T> {
    const ticket = this.nextTicket++;
    if (ticket !== this.nowServing) await condition(() => this.nowServing === ticket);
    try {
      if (this.offering) await condition(() => !this.offering); // whom it is offered to decides
      return await work();
    } finally {
      this.nowServing++;
    }
  }

  /**
   * Makes the actor responsible (the routing rules have admitted them; the activity checks their room
   * under its locks); answers the refusal, or null. `takeOver`: a supervisor takes it from whoever had it.
   */
  async assign(actor: Actor, takeOver: boolean): Promise<string | null> {
    const { released, refused } = await activities.assignOperator({
      dialogId: this.input.dialogId,
      seq: ++this.seq,
      at: now(),
      operatorId: actor.operatorId,
      ...(takeOver ? { takeOver } : {}),
    });
    if (refused !== undefined) return refused;
    this.holders.responsibleOperatorId = actor.operatorId;
    this.holders.offeredTo = [];
    this.join(actor.operatorId);
    await this.released(released);
    return null;
  }

  /**
   * Moves the dialog to a colleague or another line (read model and holders); the transfer node too.
   * Answers the refusal (the colleague has no room under their limit), or null.
   */
  async transfer(target: TransferParams, actor: Actor | null): Promise<string | null> {
    const previous = this.holders.responsibleOperatorId;
    const moved = await activities.transferDialog({
      dialogId: this.input.dialogId,
      seq: ++this.seq,
      at: now(),
      byOperatorId: actor?.operatorId ?? null,
      ...(target.lineId !== undefined ? { toLineId: target.lineId } : { toOperatorId: target.operatorId }),
    });
    if (target.lineId !== undefined) {
      this.holders.responsibleOperatorId = null;
      this.holders.offeredTo = [];
      await this.released([previous, ...moved.released]);
      this.leavingFor = { ...moved, lineId: target.lineId }; // last: the hand-over may follow at once
    } else {
      if (moved.refused !== undefined) return moved.refused;
      this.holders.responsibleOperatorId = target.operatorId!;
      this.holders.offeredTo = [];
      this.join(target.operatorId!);
      // The one who had it, and the holders of the offers it took back, may have room now.
      if (patched('transfer-nudges-released'))
        await this.released([previous, ...moved.released].filter((id) => id !== target.operatorId));
    }
    return null;
  }

  /** Records what an operator did (timeline, message, responsible) in the read model. */
  record(type: string, actor: Actor, extra: Partial<RecordDialogChangeInput> = {}): Promise<void> {
    return activities.recordDialogChange({
      dialogId: this.input.dialogId,
      channelId: this.input.channelId,
      seq: ++this.seq,
      type,
      at: now(),
      operatorId: actor.operatorId,
      ...extra,
    });
  }

  /** Runs the catalog's createLead for this dialog. */
  async createLead(): Promise<LeadResult> {
    return (await this.runCatalogActivity('createLead', {})) as LeadResult;
  }

  join(operatorId: string): void {
    if (!this.holders.participants.includes(operatorId))
      this.holders.participants = [...this.holders.participants, operatorId];
  }

  /**
   * These operators may have room now (the dialog closed, was answered, an offer lapsed): the dialogs
   * waiting longest for room on their lines are nudged to ask again (a lost nudge only costs a waiting
   * dialog its QUEUE_RECHECK_MS).
   */
  async released(operatorIds: Array<string | null>): Promise<void> {
    const freed = operatorIds.filter((id): id is string => id !== null);
    if (!freed.length) return;
    if (patched('nudge-by-activity')) {
      await activities.nudgeWaitingDialogs({ operatorIds: freed, exceptDialogId: this.input.dialogId });
      return;
    }
    // Runs recorded before the nudge became one activity (the API nudges through the same one now).
    const waiting = await activities.dialogsWaitingForRoom({ operatorIds: freed });
    await Promise.all(
      waiting
        .filter((id) => id !== this.input.dialogId)
        .map((id) =>
          getExternalWorkflowHandle(dialogWorkflowId(id))
            .signal(capacityFreedSignal)
            .catch(() => undefined),
        ),
    );
  }

  private runCatalogActivity(name: string, input: Record<string, unknown>): Promise<unknown> {
    return catalogActivities[name]!({ input, dialog: this.dialog, seq: ++this.seq });
  }

  /** Timers are Temporal timers, actions are activities, every executed node goes to the timeline. */
  private engineHost(): EngineHost {
    const step = () => ({ dialogId: this.input.dialogId, seq: ++this.seq, at: now() });
    return {
      now: () => Date.now(),
      sleep: (ms) => sleep(ms),
      waitUntil: async (test, timeoutMs) => {
        if (timeoutMs === undefined) {
          await condition(test);
          return true;
        }
        return condition(test, timeoutMs);
      },
      runActivity: (name, input) => this.runCatalogActivity(name, input),
      kpiExceeded: (kpi, thresholdMs) => activities.recordKpiBreach({ ...step(), kpi, thresholdMs }),
      record: async (entry) => {
        this.recording++;
        try {
          await activities.recordFlowStep({ dialogId: this.input.dialogId, seq: ++this.seq, entry });
        } finally {
          this.recording--;
        }
      },
      transfer: async (target) => {
        const refusal = await this.transfer(target, null);
        if (refusal !== null) throw new Error(refusal); // the node fails: the path ends with the reason
      },
      offer: async (request) => {
        this.offering = true;
        let answer: OfferAnswer | undefined;
        try {
          answer = await activities.offerDialog({ ...step(), ...request });
          return answer;
        } finally {
          this.offering = false;
          this.holders.offeredTo = answer?.kind === 'offer' ? [...answer.operatorIds] : [];
        }
      },
      withdrawOffer: async () => {
        const withdrawn = await activities.withdrawOffer(step());
        this.holders.offeredTo = [];
        await this.released(withdrawn.released);
        return { assignedTo: withdrawn.assignedTo };
      },
    };
  }
}

const now = () => new Date().toISOString();
