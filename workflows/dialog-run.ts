import {
  ApplicationFailure,
  CancellationScope,
  condition,
  currentUpdateInfo,
  getExternalWorkflowHandle,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { CatalogActivityCall, DialogActivities } from '../activities';
import type { BatchedCall } from '../activities/dialog-batch.activity';
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

/** The dialog's own activities on the task queue: runs recorded before they became local. */
const remoteActivities = proxyActivities<DialogActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/**
 * The same activities run by the worker that runs the workflow task (issue 15): short transactions on
 * the read model, so a round trip through the task queue (two history events and a workflow task each)
 * costs more than the work. The same 30 s bound and endless retries as on the task queue (a transient
 * database error must not lose a write; business refusals are non-retryable either way). Retries sleep
 * in the worker only while their backoff is under 10 s (1, 2, 4, 8 s): a longer one becomes a timer, so a
 * database that is down for a while does not hold a workflow task open for minutes.
 */
const localActivities = proxyLocalActivities<DialogActivities>({
  startToCloseTimeout: '30 seconds',
  localRetryThreshold: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/**
 * The local activities, one at a time, each starting when the one before has answered. Two running at
 * once would make a run's commands depend on which answered first: on the task queue that order is in
 * the history (each completion is an event), but local results are markers the replay resolves
 * together, as soon as the workflow asks, so code that went on after each of two results in turn (an
 * update completing after its nudge, a flow path scheduling its action after its step) would go on in
 * another order on replay, a non-determinism error. One at a time, each result comes alone, in the same
 * activation on replay as when it ran. They are a few milliseconds each, and SQLite writes one at a time
 * anyway.
 */
function oneAtATimeLocally(): DialogActivities {
  let last: Promise<unknown> = Promise.resolve();
  return new Proxy({} as DialogActivities, {
    get:
      (_, name: keyof DialogActivities) =>
      (...args: unknown[]) => {
        const call = (localActivities[name] as (...a: unknown[]) => Promise<unknown>).bind(localActivities);
        const answer = last.then(() => call(...args));
        last = answer.catch(() => undefined);
        return answer;
      },
  });
}

/** The workflow's patches older than `batched-writes` (docs/architecture.md §3.2): see `DialogRun.has`. */
type PatchBeforeBatching =
  | 'nudge-by-activity'
  | 'take-over-through-assign'
  | 'close-recorded-before-reaction'
  | 'finish-when-settled'
  | 'transfer-nudges-released';

/** The dialog's activities a batch can carry (all but the batch itself). */
type BatchableActivities = Omit<DialogActivities, 'applyDialogBatch'>;

/**
 * Resolves in the SDK's next round of unblocking conditions, after every promise of this one has run.
 * (`condition(() => true)` does not: the SDK evaluates a condition once when it is made and resolves it
 * at once when it holds, a promise's turn, not a round.)
 */
function nextRound(): Promise<void> {
  let made = false;
  return condition(() => {
    if (made) return true;
    made = true; // the SDK's first, eager evaluation
    return false;
  });
}

/**
 * Waits until the activation's work so far has gone as far as it can: until a round of its conditions
 * and promises passes without `size()` growing, so what the activation's jobs set off (an update's
 * write, the flow's paths woken by the message it recorded) is called by then. `round`: one round of
 * waiting. Runs with the patch `compact-batches` wait whole rounds (`nextRound`); runs recorded before
 * it waited only a few promise turns (`condition(() => true)`, see `nextRound`), so a path woken by a
 * condition (a wait node's rating) went into the next batch, and their replays must keep it so.
 */
async function activationSettled(size: () => number, round: () => Promise<void>): Promise<void> {
  await round();
  let before: number;
  do {
    before = size();
    await round();
  } while (size() !== before);
}

/**
 * The local activities, in batches (issue 15, a run with the patch `batched-writes`): a call waits for
 * the rest of its activation (the flow's paths going as far as they can, the handlers of the jobs that
 * came together), then everything called by then goes in one `applyDialogBatch`, in call order, and
 * whatever is called while a batch runs goes in the next. Still one local activity at a time (see
 * `oneAtATimeLocally`); a batch is one history marker and one trip through the worker instead of one
 * per call. Each caller gets its own call's result, or its refusal as an ApplicationFailure of the same
 * message (the API and the flow's nodes read the message either way).
 */
function inBatchesLocally(compact: boolean): {
  activities: BatchableActivities;
  call: BatchCall;
  /** a batch is waiting to go or under way */
  busy(): boolean;
} {
  const round = compact ? nextRound : () => condition(() => true);
  type Queued = {
    call: BatchedCall<BatchableActivities>;
    resolve(result: unknown): void;
    reject(e: unknown): void;
  };
  let queued: Queued[] = [];
  let draining = false;
  const drain = async () => {
    while (queued.length) {
      await activationSettled(() => queued.length, round);
      const batch = queued;
      queued = [];
      try {
        const outcomes = await localActivities.applyDialogBatch({ calls: batch.map((q) => q.call) });
        batch.forEach((q, i) => {
          const outcome = outcomes[i]!;
          if ('refused' in outcome)
            q.reject(
              ApplicationFailure.nonRetryable(outcome.refused.message, outcome.refused.type ?? undefined),
            );
          else q.resolve(outcome.result);
        });
      } catch (failure) {
        for (const q of batch) q.reject(failure);
      }
    }
    draining = false;
  };
  const call: BatchCall = (name, input) =>
    new Promise((resolve, reject) => {
      queued.push({ call: { name, input } as BatchedCall<BatchableActivities>, resolve, reject });
      if (draining) return;
      draining = true;
      void drain();
    });
  return {
    activities: new Proxy({} as BatchableActivities, {
      get: (_, name: string) => (input: unknown) => call(name, input),
    }),
    call,
    busy: () => draining,
  };
}

/** One call into the batches: a dialog activity's, or a local catalog activity's, by name. */
type BatchCall = (name: string, input: unknown) => Promise<unknown>;

/**
 * Timeline numbers of a run with local activities start each workflow task at least this many per
 * history event further on (see `DialogRun.nextSeq`).
 */
const SEQ_PER_HISTORY_EVENT = 64;

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
  /**
   * Timeline sequence numbers: the order the read model shows. With remote activities each write takes
   * the next number and the read model keeps one entry per (dialogId, seq); with local ones see `nextSeq`.
   */
  private seq: number;
  /** where this run's numbers start (the number the run before carried) */
  private readonly seqBase: number;
  /**
   * Whether the dialog's own activities run as local activities; decided once, before the run's first
   * command, so a run is all one or the other (runs recorded before are remote all along).
   */
  private readonly local: boolean;
  /**
   * Whether a local run's calls of one activation go in one activity (`inBatchesLocally`) and the
   * writes nothing waits for go behind (`behind`); decided with `local`, runs recorded before do neither.
   */
  private readonly batched: boolean;
  /**
   * Whether a batched run's batches take a whole activation (patch `compact-batches`): they wait for
   * whole rounds of conditions (`activationSettled`), and an update's change takes what follows it (the
   * flow's reaction, the nudge) into its own batch (`recordThen`). Asked before `batched-writes`, which it
   * implies: a run pays for one patch.
   */
  readonly compact: boolean;
  private readonly activities: BatchableActivities;
  /** a batched run's way in for the catalog activities that run locally */
  private readonly inBatch: BatchCall | undefined;
  /** a batched run's batch is waiting to go or under way */
  private readonly batchBusy: () => boolean;
  /** set once the dialog is open */
  private flowEngine: FlowEngine | undefined;
  /** what the dialog's opening gave it (or the run before carried): the rest of a carried dialog */
  private opened: Pick<
    CarriedDialog,
    'clientId' | 'facts' | 'flow' | 'flowVersion' | 'rules' | 'localActivities'
  > | null = null;
  /** set by a transfer to another line: the dialog continues as a new run on that line's flow */
  private leavingFor: (TransferredDialog & { lineId: string }) | null = null;
  /**
   * A transfer to another line has begun (its write may still be under way): what would end the dialog
   * here is refused until the new line's run has it, or it would end a dialog that goes on there.
   */
  movingLine = false;
  /**
   * Timeline writes in flight: a line transfer waits for its own node's step to be recorded. In a
   * batched run this counts every write gone behind, and the dialog ends or hands over only at 0.
   */
  private recording = 0;
  private nextTicket = 0;
  private nowServing = 0;
  /** the dialog as catalog activities see it */
  private readonly dialog: { id: string; lineId: string; channelId: string };

  constructor(readonly input: DialogWorkflowInput) {
    const carried = input.carried;
    this.inbox = [...(carried?.inbox ?? [])];
    this.seen = new Set(carried?.recentMessageIds);
    if (input.firstMessage && !carried) this.take(input.firstMessage);
    this.recorded = carried?.recorded ?? 0;
    this.seq = carried?.seq ?? 0;
    this.seqBase = this.seq;
    this.compact = patched('compact-batches');
    this.batched = this.compact || patched('batched-writes');
    this.local = this.batched || patched('local-activities');
    const batches = this.batched ? inBatchesLocally(this.compact) : undefined;
    this.activities = batches?.activities ?? (this.local ? oneAtATimeLocally() : remoteActivities);
    this.inBatch = batches?.call;
    this.batchBusy = batches?.busy ?? (() => false);
    this.holders = {
      responsibleOperatorId: carried?.responsibleOperatorId ?? null,
      participants: carried?.participants ?? [],
      offeredTo: carried?.offeredTo ?? [],
    };
    this.dialog = { id: input.dialogId, lineId: input.lineId, channelId: input.channelId };

    setHandler(capacityFreedSignal, () => this.flowEngine?.capacityFreed());
    setHandler(clientMessageSignal, (message) => this.take(message));
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

  /**
   * Whether this run goes `patch`'s new way. A patch costs each run that takes it two history events
   * (its marker and the TemporalChangeVersion search attribute the SDK upserts with it); a batched run
   * was started by code that has every older patch, so it takes their new ways without asking. A patch
   * made after `batched-writes` is asked with `patched()` itself.
   */
  has(patch: PatchBeforeBatching): boolean {
    return this.batched || patched(patch);
  }

  /** A client message, from the signal or the run's input: kept once, for recording in arrival order. */
  private take(message: ClientMessage): void {
    if (this.seen.has(message.messageId)) return;
    this.seen.add(message.messageId);
    this.inbox.push(message);
  }

  /** The flow engine; undefined while the dialog is still opening. */
  get engine(): FlowEngine | undefined {
    return this.flowEngine;
  }

  /** Opens the dialog's read model (a new run carries it), pins its flow and starts the engine. */
  async open(): Promise<void> {
    const { input } = this;
    const carried = input.carried;
    const opened =
      carried ?? (await this.activities.openDialog({ ...input, ...this.stamp('dialog.started'), at: now() }));
    const flow = opened.flow ?? FALLBACK_FLOW;
    this.opened = {
      clientId: opened.clientId,
      facts: opened.facts,
      flow,
      flowVersion: opened.flowVersion,
      rules: opened.rules,
      ...(opened.localActivities?.length ? { localActivities: opened.localActivities } : {}),
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
    return this.inbox.length === 0 && (this.flowEngine?.finished ?? false) && this.written;
  }

  /** Every write gone behind is done (always, in a run that lets none go behind). */
  private get written(): boolean {
    return !this.batched || this.recording === 0;
  }

  /** Waits until there is something to do: a client message, the end, a hand-over or a line transfer. */
  async nextTurn(): Promise<DialogTurn> {
    const engine = this.flowEngine!;
    // A long dialog hands over to a fresh run when Temporal suggests it, at a moment when no path is in
    // the middle of a node (a path waiting in a node holds the hand-over back until it moves on).
    const handOver = () =>
      workflowInfo().continueAsNewSuggested && engine.idle && !engine.finished && this.written;
    const transferred = () => this.leavingFor !== null && this.recording === 0;
    await condition(
      () => this.inbox.length > 0 || (engine.finished && this.written) || handOver() || transferred(),
    );
    if (transferred()) return 'transferred';
    if (handOver()) return 'handOver';
    return this.inbox.length > 0 ? 'message' : 'finished';
  }

  /** Records the oldest client message not yet recorded and hands it to the flow. */
  async recordNextMessage(): Promise<void> {
    const message = this.inbox.shift()!;
    const written = this.activities.recordClientMessage({
      dialogId: this.input.dialogId,
      channelId: this.input.channelId,
      ...this.stamp(`message:${message.messageId}`),
      message,
    });
    if (this.batched) void this.behind(written);
    else await written;
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
    const { firstMessage: _taken, ...input } = this.input; // recorded, or in the carried inbox
    return {
      ...input,
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
    const { released, refused } = await this.activities.assignOperator({
      dialogId: this.input.dialogId,
      ...this.stamp(this.updateKey(takeOver ? 'take' : 'accept')),
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
  async transfer(
    target: TransferParams,
    actor: Actor | null,
    key: string | undefined = this.updateKey('transfer'),
  ): Promise<string | null> {
    const previous = this.holders.responsibleOperatorId;
    const toLine = target.lineId !== undefined;
    if (toLine) this.movingLine = true;
    let moved: TransferredDialog;
    try {
      moved = await this.activities.transferDialog({
        dialogId: this.input.dialogId,
        ...this.stamp(key),
        at: now(),
        byOperatorId: actor?.operatorId ?? null,
        ...(toLine ? { toLineId: target.lineId } : { toOperatorId: target.operatorId }),
      });
    } catch (refusal) {
      this.movingLine = false; // the line refused it: the dialog stays here
      throw refusal;
    }
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
      if (this.has('transfer-nudges-released'))
        await this.released([previous, ...moved.released].filter((id) => id !== target.operatorId));
    }
    return null;
  }

  /** Records what an operator did (timeline, message, responsible) in the read model. */
  record(type: string, actor: Actor, extra: Partial<RecordDialogChangeInput> = {}): Promise<void> {
    return this.activities.recordDialogChange({
      dialogId: this.input.dialogId,
      channelId: this.input.channelId,
      ...this.stamp(this.updateKey(type)),
      type,
      at: now(),
      operatorId: actor.operatorId,
      ...extra,
    });
  }

  /**
   * In a run with compact batches: records an operator's change (`record`) and calls what follows it at
   * once, behind it, so that it goes in the change's batch, which runs them in order: `after` (the
   * flow's reaction to it), then the nudge for `freed` (they may have room now). The change is stored
   * first all the same, and one batch answers the update instead of three. Runs recorded before wait
   * for the change, then react, then nudge, each in a batch of its own (operator-actions.ts keeps their
   * code as it was: a replay follows its promises turn by turn).
   */
  recordThen(
    type: string,
    actor: Actor,
    extra: Partial<RecordDialogChangeInput>,
    { after, freed }: { after?: () => void; freed: Array<string | null> },
  ): Promise<void> {
    const recorded = this.record(type, actor, extra);
    after?.();
    void this.released(freed); // goes behind: nothing waits for a nudge
    return recorded;
  }

  /**
   * `condition(test, timeoutMs)` in a run with compact batches, but the timer that `test` beat is
   * cancelled later (`cancelWhenIdle`): a run that ends in this workflow task leaves it to Temporal,
   * which drops a finished run's timers, and saves a TimerCanceled event (an ordinary dialog's wait for
   * its rating). Runs recorded before cancel it at once, as `condition` does.
   */
  private async waitLeavingTimer(test: () => boolean, timeoutMs: number): Promise<boolean> {
    if (timeoutMs <= 0) return test(); // due already (a wait resumed late): no timer
    const timer = new CancellationScope();
    let due = false;
    timer
      .run(() => sleep(timeoutMs))
      .then(
        () => (due = true),
        () => undefined, // cancelled: nobody waits for it
      );
    // (A timer that fires as the test comes to hold wins, as in `condition`: it resolved first.)
    await condition(() => due || test());
    if (!due) void this.cancelWhenIdle(timer);
    return !due;
  }

  /**
   * Cancels a timer nobody waits for any more, once no batch is waiting or under way (the workflow task
   * is done with its work), unless the run has nothing left to do by then: it is about to end, and its
   * timers end with it. Should the run go on after all (a client message came in time), it is cancelled
   * once that work is done. A timer that fires first wakes no one (its race is over).
   */
  private async cancelWhenIdle(timer: CancellationScope): Promise<void> {
    for (;;) {
      await condition(() => !this.batchBusy());
      if (!this.settled) return timer.cancel();
      await condition(() => !this.settled);
    }
  }

  /** Runs the catalog's createLead for this dialog. */
  async createLead(): Promise<LeadResult> {
    return (await this.runCatalogActivity('createLead', {})) as LeadResult;
  }

  /**
   * The read model says someone has the dialog. With remote activities the workflow always knew it
   * already (it ordered that write); a local activity run again can find what the lost first attempt of
   * its task wrote (an accept it had served), and the workflow takes it over so both agree.
   */
  private adoptAssigned(operatorId: string): void {
    if (!this.local || this.holders.responsibleOperatorId === operatorId) return;
    this.holders.responsibleOperatorId = operatorId;
    this.join(operatorId);
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
    if (this.has('nudge-by-activity')) {
      const nudged = this.activities.nudgeWaitingDialogs({
        operatorIds: freed,
        exceptDialogId: this.input.dialogId,
      });
      if (this.batched)
        await this.behind(nudged); // nothing waits for a nudge
      else await nudged;
      return;
    }
    // Runs recorded before the nudge became one activity (the API nudges through the same one now).
    const waiting = await this.activities.dialogsWaitingForRoom({ operatorIds: freed });
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

  /**
   * A catalog activity: on the task queue, or, in a batched run whose worker runs it locally (its
   * definition's `runsLocally`, as the dialog's opening answered), in the activation's batch, keyed by
   * what the call is (`key`: the flow path's call; an update's) so that a task run again does not do it
   * twice. The choice comes from a recorded answer, so a replay makes it the same way.
   */
  private runCatalogActivity(
    name: string,
    input: Record<string, unknown>,
    key: () => string | undefined = () => this.updateKey(`call:${name}`),
  ): Promise<unknown> {
    const call = { input, dialog: this.dialog, seq: this.nextSeq(), at: now() };
    if (this.inBatch && this.opened?.localActivities?.includes(name))
      return this.inBatch(name, { ...call, key: key() });
    return catalogActivities[name]!(call);
  }

  /**
   * A write whose caller needs no answer (a flow's step, a client message, a KPI breach, a nudge), in a batched
   * run: the caller goes on at once and the write joins the activation's batch behind the calls before
   * it, so what comes after it is written after it. It counts in `recording` until done. The read
   * model's writes refuse nothing; one that failed for good would fail the workflow task (an unhandled
   * rejection), to be seen and fixed, rather than lose the write silently.
   */
  private behind(written: Promise<unknown>): Promise<void> {
    this.recording++;
    void written.then(() => {
      this.recording--;
    });
    return Promise.resolve();
  }

  /**
   * The next timeline number. With remote activities, the next one: a command is in the history before
   * its activity runs, so every number goes to one write. A local activity runs first and is recorded
   * when its workflow task completes; a task run again (its completion refused because signals came in
   * meanwhile, its worker gone) runs its local activities again, possibly in another order and with other
   * writes among them, while the first attempt's writes stay in the read model. So a run with local
   * activities numbers each workflow task from its place in the history: a task run again starts at
   * least 3 events further on (the failed task's own events), i.e. SEQ_PER_HISTORY_EVENT × 3 numbers past
   * where its first attempt started, and never below the numbers already given. Same on replay: the
   * history length is the task's. Not covered: a first attempt with more writes than that, and a third
   * attempt of a task (Temporal keeps only the first failure in the history, so it starts where the
   * second did); there the read model sees a number taken by another key and gives the entry the next
   * free one (db/dialog-writes.ts `appendTimeline`): nothing is lost, only placed after the lost writes.
   */
  private nextSeq(): number {
    if (!this.local) return ++this.seq;
    const fromHistory = this.seqBase + Math.max(0, workflowInfo().historyLength - 4) * SEQ_PER_HISTORY_EVENT;
    this.seq = Math.max(this.seq, fromHistory) + 1;
    return this.seq;
  }

  /**
   * The number and key of one read-model write. The key names what the write is (a client message, an
   * update's change, a flow path's n-th step…), the same in every attempt of a task, so the read model
   * keeps one entry per key; runs with remote activities send none and keep one entry per number.
   */
  private stamp(key: string | undefined): { seq: number; key?: string } {
    const seq = this.nextSeq();
    return this.local && key !== undefined ? { seq, key } : { seq };
  }

  /**
   * The key of `what` an update (an operator's action) writes: the update's id names it (the API's, the
   * same when the update is delivered to a task run again). Outside an update, none: kept by number.
   */
  private updateKey(what: string): string | undefined {
    const update = currentUpdateInfo();
    return update ? `update:${update.id}:${what}` : undefined;
  }

  /** Timers are Temporal timers, actions are activities, every executed node goes to the timeline. */
  private engineHost(): EngineHost {
    const step = (key: string | undefined) => ({
      dialogId: this.input.dialogId,
      ...this.stamp(key),
      at: now(),
    });
    return {
      now: () => Date.now(),
      sleep: (ms) => sleep(ms),
      waitUntil: async (test, timeoutMs) => {
        if (timeoutMs === undefined) {
          await condition(test);
          return true;
        }
        return this.compact ? this.waitLeavingTimer(test, timeoutMs) : condition(test, timeoutMs);
      },
      runActivity: (name, input, key) => this.runCatalogActivity(name, input, key),
      kpiExceeded: (kpi, thresholdMs, key) => {
        const written = this.activities.recordKpiBreach({ ...step(key), kpi, thresholdMs });
        return this.batched ? this.behind(written) : written;
      },
      record: async (entry, key) => {
        const written = this.activities.recordFlowStep({
          dialogId: this.input.dialogId,
          ...this.stamp(key),
          entry,
        });
        if (this.batched) return this.behind(written);
        this.recording++;
        try {
          await written;
        } finally {
          this.recording--;
        }
      },
      transfer: async (target, key) => {
        const refusal = await this.transfer(target, null, key);
        if (refusal !== null) throw new Error(refusal); // the node fails: the path ends with the reason
      },
      offer: async (request, key) => {
        this.offering = true;
        let answer: OfferAnswer | undefined;
        try {
          answer = await this.activities.offerDialog({ ...step(key), ...request });
          return answer;
        } finally {
          this.offering = false;
          this.holders.offeredTo = answer?.kind === 'offer' ? [...answer.operatorIds] : [];
          if (answer?.kind === 'assigned') this.adoptAssigned(answer.operatorId);
        }
      },
      withdrawOffer: async (key) => {
        const withdrawn = await this.activities.withdrawOffer(step(key));
        this.holders.offeredTo = [];
        if (withdrawn.assignedTo !== null) this.adoptAssigned(withdrawn.assignedTo);
        await this.released(withdrawn.released);
        return { assignedTo: withdrawn.assignedTo };
      },
    };
  }
}

const now = () => new Date().toISOString();
