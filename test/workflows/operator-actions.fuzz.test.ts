import fs from 'node:fs';
import fc from 'fast-check';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import type { DataSource, EntityManager } from 'typeorm';
import { createActivities, withDialogBatch } from '../../activities';
import { refusalOf } from '../../api/routes/dialogs.routes';
import { loadCatalog } from '../../activities/registry';
import { signalCapacityFreed } from '../../activities/routing/capacity-nudge';
import { queueOperators } from '../../activities/routing/routing-store';
import { openDatabase } from '../../db/data-source';
import { withTemporalExecutable } from '../../runtime/temporal-binaries';
import { createLine, DEFAULT_FLOW } from '../../db/default-flow';
import {
  ChannelEntity,
  ClientEntity,
  DialogEntity,
  DialogEventEntity,
  DialogOfferEntity,
  FlowVersionEntity,
  LineEntity,
  LiveEventEntity,
  MessageEntity,
  QueueWaitEntity,
  UserEntity,
  UserLineEntity,
  type Client,
  type Dialog,
  type DialogEvent,
  type DialogOffer,
  type FlowVersion,
  type Line,
  type LiveEvent,
  type Message,
  type QueueWait,
  type User,
} from '../../db/entities';
import type { Flow } from '../../schemas/generated/flow';
import type { LineSettings } from '../../schemas/generated/line-settings';
import {
  acceptUpdate,
  answerUpdate,
  clientMessageSignal,
  closeUpdate,
  DIALOG_WORKFLOW_TYPE,
  dialogEngineQuery,
  dialogSnapshotQuery,
  dialogWorkflowId,
  spamUpdate,
  takeUpdate,
  transferUpdate,
  type Actor,
  type ClientMessage,
  type DialogWorkflowInput,
} from '../../workflows/definitions';
import { isEnded, OPEN_STATUSES, type DialogStatus } from '../../workflows/engine/dialog-status';
import { QUEUE_RECHECK_MS } from '../../workflows/engine/nodes/queue.node';
import {
  availabilityRules,
  decideOffer,
  limitOf,
  REFUSALS,
  type QueueMode,
} from '../../workflows/engine/routing-rules';
import { WORKFLOW_BUNDLE_PATH } from '../support/global-setup';
import { tempDir } from '../support/test-stack';
import { createTimeSkippingEnvironment } from '../support/time-skipping';

/**
 * Issue 14 §4, second half: random operator action sequences against dialogs of the REAL dialog
 * workflow, with the REAL activities on a fresh SQLite database, on a time-skipping test server (one
 * server per run, so a server quirk in one run cannot reach the next). A plan is a list of steps; each
 * step sends 1–3 operator actions at once (accept, answer, hidden note, close, transfer to a colleague,
 * transfer to the other line, spam, take over) from four operators with small load limits and one
 * supervisor, on two lines, to 2–3 dialogs (the others give operators load, so limits are reached),
 * plus client messages (some repeated with the same id, some ratings) and time passing. After every
 * step, once the workflows are quiet, the promises of issue 14 are checked on the database and on the
 * workflows (`FuzzWorld.check`); at the end the dialogs are finished, checked again, and every run's
 * history is replayed.
 *
 * ACTION_FUZZ_RUNS (default 12), ACTION_FUZZ_SEED and ACTION_FUZZ_PATH (to replay a failure fast-check
 * printed), ACTION_FUZZ_VERBOSE=1 (print each plan and step), ACTION_FUZZ_SHRINK=1 (let fast-check
 * shrink a failure: each try starts a server, so it is off by default), ACTION_FUZZ_COLLECT=<file>
 * (a batch: go on after a failing plan, append each failure to the file, fail at the end),
 * ACTION_FUZZ_SERVER=dev (the same on a Temporal dev server, where passing time is real: to tell a
 * test-server quirk from a finding).
 *
 * Quirks of the Java time-skipping test server, handled here and never by weakening an invariant:
 * - Its time-skipping lock can leak (seen after a line transfer's offer withdraw followed by the
 *   continue-as-new): `env.sleep` then waits in real time. `skip` notices the sleep not returning and
 *   unlocks once more explicitly (counted in the summary).
 * - In the same moment (a line transfer whose queue path withdraws its offer as the dialog continues
 *   as new on the new line) it can leave the continue-as-new half done: the new run runs, but the old
 *   run's history stops at a started workflow task, with no ContinuedAsNew; queries of the dialog then
 *   hang and its time-skipping lock stays held. `brokenContinuation` recognises exactly that, and the
 *   plan runs again on a fresh server (counted with the next quirk). This plan spoils every test
 *   server so, and runs clean on a dev server (ACTION_FUZZ_SERVER=dev), where a plan spoiled three
 *   times is checked when little time passes in it: limits [1,1,1,2], 2 dialogs; the supervisor takes
 *   d0 (d1 gets its last message again and a new one); the supervisor accepts d0 and transfers it to
 *   themselves (refused: theirs already) while d0's client rates and writes; the supervisor transfers
 *   d0 to line 2 and writes a note in d1 while d0's client rates and writes again.
 * - It sometimes refuses the cancel of a timer it has just fired (a workflow task failed with
 *   BAD_CANCEL_TIMER_ATTRIBUTES, which a real server never answers to that command sequence; seen by
 *   the first version of this fuzz, not in this one's batches so far). Such a run is thrown away and
 *   its plan run again on a fresh server (counted; too many fail the suite).
 */
const RUNS = Number(process.env.ACTION_FUZZ_RUNS ?? 12);
const SEED = process.env.ACTION_FUZZ_SEED === undefined ? undefined : Number(process.env.ACTION_FUZZ_SEED);
const PATH = process.env.ACTION_FUZZ_PATH;
const VERBOSE = process.env.ACTION_FUZZ_VERBOSE === '1';
const SHRINK = process.env.ACTION_FUZZ_SHRINK === '1';
const COLLECT = process.env.ACTION_FUZZ_COLLECT;
/** `dev`: run on a Temporal dev server instead (time passes for real: for checking a plan there) */
const SERVER = process.env.ACTION_FUZZ_SERVER;

const catalog = loadCatalog();
try {
  // the workers' INFO lines (state changes) would bury the fuzz's own report; warnings still show
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // (an earlier suite in this Jest process has installed the runtime already)
}
const EventType = temporal.api.enums.v1.EventType;
/** gRPC's status code for a call that ran past its deadline */
const DEADLINE_EXCEEDED = 4;
const Cause = temporal.api.enums.v1.WorkflowTaskFailedCause;

// ---------------------------------------------------------------------------------------------------
// The world: two lines, four operators, one supervisor

const OPERATORS = ['op1', 'op2', 'op3', 'op4'] as const;
const SUPERVISOR = 'sup';
const PEOPLE = [...OPERATORS, SUPERVISOR] as const;
type Person = (typeof PEOPLE)[number];
const L1 = 'line-1';
const L2 = 'line-2';
/** queue order per line (op4 does not work on line 1, op1 not on line 2); the supervisor is on both */
const QUEUES: Record<string, string[]> = { [L1]: ['op1', 'op2', 'op3'], [L2]: ['op2', 'op3', 'op4'] };
const MODES: Record<string, QueueMode> = { [L1]: 'evenly', [L2]: 'all' };
const CHANNEL = 'channel-1';
const RATING_WAIT = '2m';
const otherLine = (lineId: string) => (lineId === L1 ? L2 : L1);
const actorOf = (id: string): Actor => ({
  operatorId: id,
  role: id === SUPERVISOR ? 'supervisor' : 'operator',
});

/** The default flow (CRM, queue, rating after a close), its queue in the line's mode. */
const flowFor = (mode: QueueMode): Flow => ({
  ...DEFAULT_FLOW,
  nodes: DEFAULT_FLOW.nodes.map((n) => {
    if (n.type === 'queue') return { ...n, params: { ...n.params, mode } };
    // (a 2-minute rating wait instead of 30: the time a plan skips sets off fewer queue steps)
    if (n.type === 'wait') return { ...n, params: { ...n.params, timeout: RATING_WAIT } };
    return n;
  }),
});

async function seed(db: DataSource, limits: readonly number[]): Promise<void> {
  const now = new Date();
  await db.transaction(async (tx) => {
    await tx.getRepository<User>(UserEntity).insert(
      PEOPLE.map((id, i) => ({
        id,
        email: `${id}@fuzz.local`,
        name: id === SUPERVISOR ? 'Supervisor' : `Operator ${id.slice(2)}`,
        role: id === SUPERVISOR ? ('supervisor' as const) : ('operator' as const),
        passwordHash: 'x',
        fired: false,
        maxOpenDialogs: id === SUPERVISOR ? null : limits[i]!,
        online: true,
        away: false,
        lastSeenAt: now,
        workdayState: 'started' as const,
        vacations: null,
        lastAssignedAt: null,
        createdAt: now,
      })),
    );
    for (const lineId of [L1, L2]) {
      const settings: LineSettings = {
        timeZone: 'UTC',
        queue: { operators: QUEUES[lineId]!, timeTracking: false },
        loadLimit: { enabled: false },
        crm: { chatTracker: true, createLead: 'manual' },
      };
      await createLine(tx, { id: lineId, name: lineId, settings }, now);
      await tx.getRepository<FlowVersion>(FlowVersionEntity).insert({
        lineId,
        version: 2,
        document: flowFor(MODES[lineId]!),
        publishedAt: now,
        publishedBy: null,
        note: null,
      } as never);
      await tx
        .getRepository(UserLineEntity)
        .insert([...QUEUES[lineId]!, SUPERVISOR].map((userId) => ({ userId, lineId })));
    }
    await tx.getRepository(ChannelEntity).insert({
      id: CHANNEL,
      lineId: L1,
      kind: 'webhook',
      name: 'fuzz',
      secret: 'secret',
      active: true,
      createdAt: now,
    });
  });
}

// ---------------------------------------------------------------------------------------------------
// Plans

const ACTION_KINDS = [
  'accept',
  'answer',
  'note',
  'close',
  'transferColleague',
  'transferLine',
  'spam',
  'take',
] as const;
type ActionKind = (typeof ACTION_KINDS)[number];
/** how often each action comes up (accepts and answers most: they move a dialog along) */
const WEIGHTS: Record<ActionKind, number> = {
  accept: 4,
  answer: 3,
  note: 1,
  close: 2,
  transferColleague: 2,
  transferLine: 1,
  spam: 1,
  take: 2,
};
/** `holder`: whoever the read model says has the dialog (or holds its first offer) when it is sent */
type ActorPick = Person | 'holder';
interface ActionPlan {
  kind: ActionKind;
  dialog: number;
  by: ActorPick;
  /** the colleague of a transfer to a colleague */
  to: Person;
}
interface MessagePlan {
  dialog: number;
  /** repeat: the dialog's last message again, same id (the workflow must store it once) */
  kind: 'text' | 'repeat' | 'rating';
}
interface StepPlan {
  actions: ActionPlan[];
  messages: MessagePlan[];
  /** time passing (ms) after the actions, or while they run (`sleepDuring`) */
  sleep: number;
  sleepDuring: boolean;
}
export interface Plan {
  /** the four operators' load limits */
  limits: number[];
  dialogs: number;
  steps: StepPlan[];
}

const actionPlan: fc.Arbitrary<ActionPlan> = fc
  .record({
    kind: fc.oneof(...ACTION_KINDS.map((kind) => ({ weight: WEIGHTS[kind], arbitrary: fc.constant(kind) }))),
    dialog: fc.nat(2),
    by: fc.oneof(
      { weight: 5, arbitrary: fc.constant<ActorPick>('holder') },
      { weight: 3, arbitrary: fc.constantFrom<ActorPick>(...PEOPLE) },
    ),
    to: fc.constantFrom<Person>(...PEOPLE),
  })
  // mostly the supervisor takes over (an operator's take is refused; a few check that)
  .chain((a) =>
    a.kind === 'take' && a.by === 'holder'
      ? fc.constant({ ...a, by: SUPERVISOR as ActorPick })
      : fc.constant(a),
  );

const stepPlan: fc.Arbitrary<StepPlan> = fc.record({
  actions: fc.array(actionPlan, { minLength: 1, maxLength: 3 }),
  messages: fc.array(
    fc.record({
      dialog: fc.nat(2),
      kind: fc.constantFrom<MessagePlan['kind']>('text', 'text', 'repeat', 'rating'),
    }),
    { maxLength: 2 },
  ),
  // a step of the queue is 1 minute (so is its recheck of a dialog waiting for room), the rating wait 2
  sleep: fc.constantFrom(0, 0, 0, 0, 5_000, 61_000, 61_000, 121_000),
  sleepDuring: fc.boolean(),
});

const plans: fc.Arbitrary<Plan> = fc.record({
  limits: fc.array(fc.constantFrom(1, 2), { minLength: 4, maxLength: 4 }),
  dialogs: fc.constantFrom(2, 3),
  steps: fc.array(stepPlan, { minLength: 2, maxLength: 8 }),
});

// ---------------------------------------------------------------------------------------------------
// Refusals: every refused action must say why, in words the inbox can show

/**
 * Every reason an action may be refused with: `REFUSALS` (routing-rules.ts) holds them all, and the
 * API's own words when the workflow is gone ('the dialog has ended', api/routes/dialogs.routes.ts).
 */
const KNOWN_REFUSALS = new Set<string>([
  REFUSALS.alreadyTaken,
  REFUSALS.offeredToAnother,
  REFUSALS.takenMeanwhile,
  REFUSALS.notSupervising,
  REFUSALS.alreadyTheirs,
  REFUSALS.unknownOperator,
  ...[1, 2].flatMap((limit) => [REFUSALS.atLimit(limit), REFUSALS.colleagueAtLimit(limit)]),
  ...['close the dialog', 'mark the dialog as spam', 'transfer the dialog'].map(REFUSALS.mustHandle),
  REFUSALS.stillOpening,
  REFUSALS.closed,
  REFUSALS.movingLine,
  REFUSALS.acceptBeforeAnswering,
  ...PEOPLE.map(REFUSALS.notOnLine),
  'the dialog has ended',
]);
const isKnownRefusal = (reason: string) => KNOWN_REFUSALS.has(reason);

type Outcome = { ok: true; result: Record<string, unknown> } | { ok: false; reason: string };

/** An update as the API runs it (api/routes/dialogs.routes.ts `runUpdate`): a refusal is its reason. */
async function runUpdate(run: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { ok: true, result: (await run()) as Record<string, unknown> };
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) return { ok: false, reason: refusalOf(error) };
    if (error instanceof WorkflowNotFoundError) return { ok: false, reason: 'the dialog has ended' };
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------
// One run

/** The test server refused something a real server does not (see the file's comment): run again. */
class ServerQuirk extends Error {}

interface Stats {
  runs: number;
  steps: number;
  actions: number;
  succeeded: Record<string, number>;
  refusals: Map<string, number>;
  messages: number;
  reruns: number;
  /** what each run again was for */
  quirks: string[];
  /** plans the test server spoiled three times over */
  unrunnable: string[];
  /** plans checked on a dev server instead */
  onDevServer: number;
  leakedLocks: number;
  unhandledCommands: number;
  missedNudgesTolerated: number;
}
const newStats = (): Stats => ({
  runs: 0,
  steps: 0,
  actions: 0,
  succeeded: {},
  refusals: new Map(),
  messages: 0,
  reruns: 0,
  quirks: [],
  unrunnable: [],
  onDevServer: 0,
  leakedLocks: 0,
  unhandledCommands: 0,
  missedNudgesTolerated: 0,
});

interface DialogTrack {
  id: string;
  workflowId: string;
  handle: WorkflowHandle;
  firstRunId: string;
  /** client messages the workflow accepted, in signal order: `m:<id>` for text, `r:<rating>` */
  delivered: string[];
  sent: ClientMessage[];
  /** successful actions' timeline types, to find each recorded once */
  recorded: Record<string, number>;
  answers: string[];
}

/** What a step changed, for the checks that compare before and after. */
interface StepReport {
  label: string;
  /** per dialog: the responsible each successful accept/take/transfer answered */
  assigned: Map<string, Array<string | null>>;
  /** dialogs an action, a message or passing time may have touched */
  touched: Set<string>;
  timePassed: boolean;
}

class FuzzWorld {
  readonly dialogs: DialogTrack[] = [];
  private n = 0;
  /** the responsible per dialog at the last check */
  private lastResponsible = new Map<string, string | null>();
  /** waiting dialogs that could have been offered, since when (server time) */
  private stuckSince = new Map<string, number>();

  constructor(
    readonly env: TestWorkflowEnvironment,
    readonly db: DataSource,
    readonly taskQueue: string,
    readonly stats: Stats,
    readonly log: (line: string) => void,
  ) {}

  now = async () => new Date(await this.env.currentTimeMs()).toISOString();

  /**
   * A call to Temporal that answers within 15 s of real time, or an error saying which call hung (an
   * update that never answers leaves the inbox's button spinning: a failure, not a slow test). The
   * deadline is the call's own (gRPC's), so a hung call ends with it and nothing is left in flight
   * when the server is torn down.
   */
  async within<T>(label: string, call: () => Promise<T>, ms = 15_000): Promise<T> {
    try {
      return await this.env.connection.withDeadline(Date.now() + ms, call);
    } catch (error) {
      const code = (error as { code?: number }).code ?? (error as { cause?: { code?: number } }).cause?.code;
      if (code === DEADLINE_EXCEEDED || /deadline/i.test(String((error as Error).message)))
        throw new Error(`${label}: no answer within ${ms / 1000} s (${(error as Error).message})`);
      throw error;
    }
  }

  /** A new client writes: the dialog starts as the API starts it (signalWithStart). */
  async openDialog(): Promise<DialogTrack> {
    const i = this.dialogs.length;
    const id = `d${i}`;
    const input: DialogWorkflowInput = {
      dialogId: id,
      lineId: L1,
      channelId: CHANNEL,
      channelKind: 'webhook',
      client: { externalId: `client-${i}`, name: `Client ${i}` },
    };
    const message = await this.clientMessage(id, 'text', input.client);
    const handle = await this.env.client.workflow.signalWithStart(DIALOG_WORKFLOW_TYPE, {
      workflowId: dialogWorkflowId(id),
      taskQueue: this.taskQueue,
      args: [input],
      signal: clientMessageSignal,
      signalArgs: [message],
    });
    const track: DialogTrack = {
      id,
      workflowId: dialogWorkflowId(id),
      handle,
      firstRunId: handle.signaledRunId,
      delivered: [`m:${message.messageId}`],
      sent: [message],
      recorded: {},
      answers: [],
    };
    this.dialogs.push(track);
    this.stats.messages++;
    return track;
  }

  private async clientMessage(
    dialogId: string,
    kind: 'text' | 'rating',
    client = { externalId: `client-${dialogId.slice(1)}` },
  ): Promise<ClientMessage> {
    const n = ++this.n;
    const ratings = ['like', 5, 2] as const;
    return {
      messageId: `${dialogId}-m${n}`,
      externalMessageId: `${dialogId}-e${n}`,
      client,
      ...(kind === 'text' ? { text: `message ${n}` } : { rating: ratings[n % ratings.length]! }),
      receivedAt: await this.now(),
    };
  }

  /** Sends a client message; a workflow that has ended takes none (the API would open a new dialog). */
  async sendMessage(track: DialogTrack, kind: MessagePlan['kind']): Promise<string> {
    const repeat = kind === 'repeat' ? track.sent.at(-1) : undefined;
    const message = repeat ?? (await this.clientMessage(track.id, kind === 'rating' ? 'rating' : 'text'));
    const accepted = await this.within(`${track.id}: signal`, () =>
      track.handle.signal(clientMessageSignal, message),
    ).then(
      () => true,
      (error: unknown) => {
        if (error instanceof WorkflowNotFoundError) return false;
        throw error;
      },
    );
    const token = message.rating !== undefined ? `r:${message.rating}` : `m:${message.messageId}`;
    if (accepted && !repeat) {
      track.delivered.push(token);
      track.sent.push(message);
      this.stats.messages++;
    }
    return `${track.id} ${repeat ? 'repeat ' : ''}${token}${accepted ? '' : ' (dialog ended)'}`;
  }

  private async dialogRow(track: DialogTrack): Promise<Dialog> {
    return this.db.getRepository<Dialog>(DialogEntity).findOneByOrFail({ id: track.id });
  }

  /** Sends one operator action; returns what happened, as a log line. */
  async act(action: ActionPlan, report: StepReport): Promise<{ line: string; outcome: Outcome }> {
    const track = this.dialogs[action.dialog % this.dialogs.length]!;
    const row = await this.dialogRow(track);
    const by = action.by === 'holder' ? (row.responsibleOperatorId ?? row.offeredTo[0] ?? 'op1') : action.by;
    const actor = actorOf(by);
    const handle = track.handle;
    const n = ++this.n;
    let run: () => Promise<unknown>;
    let what: string = action.kind;
    switch (action.kind) {
      case 'accept':
        run = () => handle.executeUpdate(acceptUpdate, { args: [actor] });
        break;
      case 'take':
        run = () => handle.executeUpdate(takeUpdate, { args: [actor] });
        break;
      case 'answer':
      case 'note': {
        const messageId = `${track.id}-a${n}`;
        run = async () => {
          const result = await handle.executeUpdate(answerUpdate, {
            args: [
              {
                ...actor,
                messageId,
                text: `answer ${n}`,
                hidden: action.kind === 'note',
                at: await this.now(),
              },
            ],
          });
          track.answers.push(messageId);
          return result;
        };
        break;
      }
      case 'close':
        run = () => handle.executeUpdate(closeUpdate, { args: [actor] });
        break;
      case 'spam':
        run = () => handle.executeUpdate(spamUpdate, { args: [actor] });
        break;
      case 'transferColleague':
        what = `transfer to ${action.to}`;
        run = () =>
          handle.executeUpdate(transferUpdate, { args: [{ ...actor, to: { operatorId: action.to } }] });
        break;
      case 'transferLine': {
        const to = otherLine(row.lineId);
        what = `transfer to ${to}`;
        run = () => handle.executeUpdate(transferUpdate, { args: [{ ...actor, to: { lineId: to } }] });
        break;
      }
    }
    report.touched.add(track.id);
    const outcome = await this.within(`${track.id}: ${by}'s ${what}`, () => runUpdate(run));
    this.stats.actions++;
    const line = `${track.id} ${by} ${what}: `;
    if (!outcome.ok) {
      this.stats.refusals.set(outcome.reason, (this.stats.refusals.get(outcome.reason) ?? 0) + 1);
      if (!isKnownRefusal(outcome.reason))
        throw new Error(`${line}refused with a reason that is no known refusal: "${outcome.reason}"`);
      return { line: `${line}refused (${outcome.reason})`, outcome };
    }
    this.stats.succeeded[action.kind] = (this.stats.succeeded[action.kind] ?? 0) + 1;
    const result = outcome.result;
    const type = {
      accept: 'dialog.accepted',
      take: 'dialog.taken',
      answer: 'operator.message',
      note: 'operator.message',
      close: 'dialog.closed',
      spam: 'dialog.spam',
      transferColleague: 'dialog.transferred',
      transferLine: 'dialog.transferred',
    }[action.kind];
    const unchanged =
      (action.kind === 'accept' || action.kind === 'take') && row.responsibleOperatorId === by;
    // (an accept or take by whoever has it already is a no-op: nothing is recorded; the check counts
    // no-ops by the answer being the same responsible as the read model had before)
    if (!unchanged && action.kind !== 'accept' && action.kind !== 'take')
      track.recorded[type] = (track.recorded[type] ?? 0) + 1;
    if (action.kind === 'accept' || action.kind === 'take' || action.kind.startsWith('transfer')) {
      const list = report.assigned.get(track.id) ?? [];
      list.push((result.responsibleOperatorId as string | null | undefined) ?? null);
      report.assigned.set(track.id, list);
    }
    const expected: Record<string, unknown> = {
      accept: { responsibleOperatorId: by },
      take: { responsibleOperatorId: by },
      answer: { messageId: `${track.id}-a${n}` },
      note: { messageId: `${track.id}-a${n}` },
      close: { status: 'closed' },
      spam: { status: 'spam' },
      transferColleague: { responsibleOperatorId: action.to, lineId: null },
      transferLine: { responsibleOperatorId: null, lineId: otherLine(row.lineId) },
    }[action.kind];
    expect(result).toEqual(expected);
    return { line: `${line}ok ${JSON.stringify(result)}`, outcome };
  }

  /**
   * Time passes on the test server. If its time-skipping lock has leaked (see the file's comment) the
   * sleep takes real time: the server's clock then moves no faster than the wall clock, where a
   * skipping server, however busy with what the passing time sets off, jumps from timer to timer. Then
   * unlock once more, explicitly.
   */
  async skip(ms: number): Promise<void> {
    if (ms <= 0) return;
    if (!this.env.supportsTimeSkipping) return this.env.sleep(ms); // the dev server: real time
    const serverStart = await this.env.currentTimeMs();
    const realStart = Date.now();
    const slept = this.env.sleep(ms).then(() => true);
    for (;;) {
      const done = await Promise.race([slept, new Promise<false>((r) => setTimeout(() => r(false), 2_000))]);
      if (done) return;
      const advanced = (await this.env.currentTimeMs()) - serverStart;
      if (advanced < 2 * (Date.now() - realStart)) break;
    }
    this.stats.leakedLocks++;
    this.log(`  (time-skipping lock leaked: unlocking explicitly)`);
    await this.env.connection.testService!.unlockTimeSkipping({});
    await slept; // (which locks again, as every sleep does: the leaked lock stays made up for)
  }

  /**
   * Waits until every workflow is quiet: no activity pending, no message waiting to be recorded, the
   * history not growing. (Time does not pass on its own here: the checks see one instant.)
   */
  async settle(label: string): Promise<void> {
    try {
      await this.quiet(label);
    } catch (error) {
      const broken = await this.brokenContinuation();
      if (broken) throw new ServerQuirk(`${label}: ${broken}`);
      if (error instanceof Error) error.message = `${error.message}\n${await this.dump()}`;
      throw error;
    }
  }

  /**
   * The test server's half-done continue-as-new (see the file's comment): a dialog's newest run is
   * running, but the run before it has no end in its history (it stops at a started workflow task, no
   * ContinuedAsNew), so following the runs from the first never reaches it. A real server records the
   * old run's end and starts the new one in one step.
   */
  async brokenContinuation(): Promise<string | null> {
    for (const track of this.dialogs) {
      const described = await this.within('describe', () => track.handle.describe(), 5_000).catch(() => null);
      if (!described) continue;
      const runs = await this.histories(track);
      const last = runs.at(-1)!;
      if (last.runId === described.runId) continue;
      const tail = last.history.events?.at(-1)?.eventType;
      return (
        `${track.id}: run ${described.runId} runs, but run ${last.runId} before it ends at ` +
        `${EventType[tail ?? 0]} without continuing as new`
      );
    }
    return null;
  }

  private async quiet(label: string): Promise<void> {
    const deadline = Date.now() + 20_000;
    let quietRounds = 0;
    let last = '';
    while (Date.now() < deadline) {
      const states: string[] = [];
      let quiet = true;
      for (const track of this.dialogs) {
        const description = await this.within(`${track.id}: describe`, () => track.handle.describe());
        const status = description.status.name;
        const pending = description.raw.pendingActivities?.length ?? 0;
        const task = description.raw.pendingWorkflowTask ? 1 : 0;
        let inbox = 0;
        if (status === 'RUNNING') {
          const snapshot = await this.within(
            `${track.id}: snapshot query`,
            () => track.handle.query(dialogSnapshotQuery),
            5_000,
          ).catch(async (error: Error) => {
            const broken = await this.brokenContinuation();
            throw broken ? new ServerQuirk(`${label}: ${broken}`) : error;
          });
          inbox = snapshot.pendingMessages;
          if (pending || task || inbox) quiet = false;
        }
        states.push(
          `${track.id} ${status} run ${description.runId.slice(0, 8)} events ${description.historyLength}` +
            ` activities ${pending} task ${task} inbox ${inbox}`,
        );
      }
      const now = states.join(', ');
      if (quiet && now === last) quietRounds++;
      else quietRounds = 0;
      last = now;
      if (quietRounds >= 2) return;
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    throw new Error(`${label}: the workflows did not settle within 20 s (${last})`);
  }

  /** Every run of a dialog's workflow, following its continue-as-new chain. */
  async histories(track: DialogTrack) {
    const out: Array<{ runId: string; history: temporal.api.history.v1.IHistory }> = [];
    let runId: string | undefined = track.firstRunId;
    while (runId) {
      const history = await this.env.client.workflow.getHandle(track.workflowId, runId).fetchHistory();
      out.push({ runId, history });
      const last = history.events?.at(-1);
      runId =
        last?.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW
          ? (last.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined)
          : undefined;
    }
    return out;
  }

  /**
   * The promises of issue 14, on the database and the workflows, after a step; throws with what broke
   * and the database's state.
   */
  async check(report: StepReport, final = false): Promise<void> {
    const broken = await this.brokenContinuation();
    if (broken) throw new ServerQuirk(`${report.label}: ${broken}`);
    const problems: string[] = [];
    const db = this.db;
    const dialogs = await db.getRepository<Dialog>(DialogEntity).find({ order: { id: 'ASC' } });
    const byId = new Map(dialogs.map((d) => [d.id, d]));
    const offers = await db.getRepository<DialogOffer>(DialogOfferEntity).find();
    const waits = await db.getRepository<QueueWait>(QueueWaitEntity).find();
    const timeline = await db
      .getRepository<DialogEvent>(DialogEventEntity)
      .find({ order: { dialogId: 'ASC', seq: 'ASC' } });
    const messages = await db.getRepository<Message>(MessageEntity).find();
    const live = await db.getRepository<LiveEvent>(LiveEventEntity).find();

    // no operator over their limit (their load counted by the routing's own rule, `countsTowardLoad`)
    await db.transaction(async (tx) => {
      for (const lineId of [L1, L2]) {
        const line = await tx.getRepository<Line>(LineEntity).findOneByOrFail({ id: lineId });
        for (const o of await queueOperators(tx, [...PEOPLE], line.settings, '')) {
          const limit = limitOf(o, line.settings);
          if (limit !== null && o.load > limit)
            problems.push(`${o.id} is over their limit: load ${o.load} > ${limit} (as ${lineId} counts)`);
        }
      }
    });

    for (const track of this.dialogs) {
      const d = byId.get(track.id);
      if (!d) {
        problems.push(`${track.id}: no read-model row`);
        continue;
      }
      const events = timeline.filter((e) => e.dialogId === d.id);
      const mine = offers.filter((o) => o.dialogId === d.id);
      const ended = isEnded(d.status);

      // one responsible, the same in the read model, its timeline and the actions' answers
      let fromTimeline: string | null = null;
      for (const e of events) {
        if (e.type === 'dialog.accepted' || e.type === 'dialog.taken')
          fromTimeline = String(e.data.operatorId);
        if (e.type === 'dialog.transferred')
          fromTimeline = (e.data.toOperatorId as string | undefined) ?? null;
      }
      if (fromTimeline !== d.responsibleOperatorId)
        problems.push(
          `${d.id}: responsible ${d.responsibleOperatorId} in the row, ${fromTimeline} by its timeline`,
        );
      const answered = report.assigned.get(d.id);
      const before = this.lastResponsible.get(d.id);
      if (answered && !answered.includes(d.responsibleOperatorId))
        problems.push(
          `${d.id}: responsible ${d.responsibleOperatorId}, but the actions answered ${answered.join(', ')}`,
        );
      if (!answered && before !== undefined && before !== d.responsibleOperatorId)
        problems.push(`${d.id}: responsible changed from ${before} to ${d.responsibleOperatorId} unasked`);

      // no offers standing on a dialog someone has or that has ended; the row says who holds them
      if (mine.length && (d.responsibleOperatorId !== null || ended || d.closedAt !== null))
        problems.push(
          `${d.id} (${d.status}, responsible ${d.responsibleOperatorId}): offers stand for ${mine
            .map((o) => o.operatorId)
            .join(', ')}`,
        );
      const held = mine.map((o) => o.operatorId).sort();
      if (JSON.stringify([...d.offeredTo].sort()) !== JSON.stringify(held))
        problems.push(`${d.id}: offeredTo ${JSON.stringify(d.offeredTo)}, offers held by ${held.join(', ')}`);
      for (const o of mine)
        if (o.lineId !== d.lineId) problems.push(`${d.id} on ${d.lineId}: an offer of line ${o.lineId}`);
      if (waits.some((w) => w.dialogId === d.id) && (d.responsibleOperatorId !== null || ended))
        problems.push(`${d.id} (${d.status}, ${d.responsibleOperatorId}): still waits in line`);

      // every client message the workflow accepted stored once, in the order it was sent
      const storedOrder = events
        .filter((e) => e.type === 'client.message' || (e.type === 'rating.received' && !e.data.late))
        .map((e) =>
          e.type === 'client.message' ? `m:${String(e.data.messageId)}` : `r:${String(e.data.rating)}`,
        );
      if (JSON.stringify(storedOrder) !== JSON.stringify(track.delivered))
        problems.push(
          `${d.id}: client messages sent ${track.delivered.join(' ')}; recorded ${storedOrder.join(' ') || 'none'}`,
        );
      const clientRows = messages
        .filter((m) => m.dialogId === d.id && m.author === 'client')
        .map((m) => m.id);
      const sentTexts = track.delivered.filter((t) => t.startsWith('m:')).map((t) => t.slice(2));
      if (JSON.stringify(clientRows.sort()) !== JSON.stringify([...sentTexts].sort()))
        problems.push(`${d.id}: client message rows ${clientRows.join(', ')}; sent ${sentTexts.join(', ')}`);

      // timeline numbers unique (each announced once), and every successful action recorded once
      const announced = live
        .filter((e) => e.dialogId === d.id && (e.data as { seq?: number }).seq !== undefined)
        .map((e) => (e.data as { seq: number }).seq);
      if (new Set(announced).size !== announced.length)
        problems.push(`${d.id}: a timeline number announced twice (${announced.join(', ')})`);
      for (const [type, count] of Object.entries(track.recorded)) {
        const got = events.filter(
          (e) => e.type === type && (type !== 'dialog.transferred' || e.data.operatorId !== null),
        ).length;
        if (got !== count) problems.push(`${d.id}: ${count} successful ${type}, ${got} on the timeline`);
      }
      for (const messageId of track.answers) {
        const rows = messages.filter((m) => m.id === messageId && m.author === 'operator').length;
        const entries = events.filter((e) => e.type === 'operator.message' && e.data.messageId === messageId);
        if (rows !== 1 || entries.length !== 1)
          problems.push(
            `${d.id}: answer ${messageId} stored ${rows} times, ${entries.length} on the timeline`,
          );
      }

      // the status as expected
      const status: DialogStatus = d.status;
      if ((status === 'in_progress' || status === 'waiting_client') && d.responsibleOperatorId === null)
        problems.push(`${d.id}: ${status} with nobody responsible`);
      if (['new', 'offered', 'transferred'].includes(status) && d.responsibleOperatorId !== null)
        problems.push(`${d.id}: ${status} although ${d.responsibleOperatorId} is responsible`);
      if (status === 'offered' && !mine.length) problems.push(`${d.id}: offered, but no offer stands`);
      if (ended !== (d.closedAt !== null))
        problems.push(`${d.id}: ${status} with closedAt ${d.closedAt?.toISOString() ?? null}`);

      // the workflow: not failed, no failed workflow task, and agreeing with the read model
      const description = await track.handle.describe();
      const wf = description.status.name;
      if (wf !== 'RUNNING' && wf !== 'COMPLETED') problems.push(`${d.id}: workflow ${wf}`);
      if (wf === 'RUNNING') {
        if (ended) problems.push(`${d.id}: ${status} in the read model, but its workflow still runs`);
        const engine = await this.within(`${d.id}: engine query`, () =>
          track.handle.query(dialogEngineQuery),
        );
        if (engine.status === null && !OPEN_STATUSES.includes(status))
          problems.push(`${d.id}: the flow is open, the read model says ${status}`);
        if (engine.status === 'closed' && status !== 'closed_awaiting_rating')
          problems.push(`${d.id}: the flow waits for the rating, the read model says ${status}`);
        if (engine.status !== null && engine.status !== 'closed')
          problems.push(`${d.id}: the flow's status is ${engine.status} and it still runs`);
        // the workflow's own word on who has it: the responsible's accept is a no-op that says so
        if (d.responsibleOperatorId !== null && OPEN_STATUSES.includes(status)) {
          const probe = await this.within(`${d.id}: the responsible's accept`, () =>
            runUpdate(() =>
              track.handle.executeUpdate(acceptUpdate, { args: [actorOf(d.responsibleOperatorId!)] }),
            ),
          );
          if (!probe.ok)
            problems.push(
              `${d.id}: the read model says ${d.responsibleOperatorId} has it; the workflow refused their accept (${probe.reason})`,
            );
        }
      } else if (wf === 'COMPLETED' && !ended) problems.push(`${d.id}: workflow completed, dialog ${status}`);
      for (const { runId, history } of await this.histories(track))
        for (const e of history.events ?? []) {
          if (e.eventType !== EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED) continue;
          const attributes = e.workflowTaskFailedEventAttributes;
          const message = attributes?.failure?.message ?? '';
          if (attributes?.cause === Cause.WORKFLOW_TASK_FAILED_CAUSE_BAD_CANCEL_TIMER_ATTRIBUTES)
            throw new ServerQuirk(
              `${d.id} run ${runId}: the test server refused a timer's cancel: ${message}`,
            );
          // a signal that came while the task ran: Temporal's normal retry of the task, not a fault
          if (attributes?.cause === Cause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND) continue;
          problems.push(`${d.id} run ${runId}: workflow task failed (${attributes?.cause}): ${message}`);
        }
    }
    // (counted once per run at the end, not per check)
    if (final)
      for (const track of this.dialogs)
        for (const { history } of await this.histories(track))
          this.stats.unhandledCommands += (history.events ?? []).filter(
            (e) =>
              e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED &&
              e.workflowTaskFailedEventAttributes?.cause ===
                Cause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND,
          ).length;

    // no dialog left waiting in line while someone could take it: whoever frees a place nudges the
    // waiting (a freed place the nudge missed, which the design allows when the waiting dialog took
    // its place at the same moment, costs it QUEUE_RECHECK_MS at most)
    const now = await this.env.currentTimeMs();
    const stuckNow = await this.stuckWaiting();
    // a step that touched one dialog only, without time passing, gives the waiting nothing to race
    const alone = report.touched.size <= 1 && !report.timePassed;
    for (const stuck of stuckNow) {
      const since = this.stuckSince.get(stuck.dialogId);
      const late = since !== undefined && now - since >= QUEUE_RECHECK_MS;
      const missed = since === undefined && alone && !report.touched.has(stuck.dialogId);
      if (late || missed)
        problems.push(
          `${stuck.dialogId} waits in line although ${stuck.operatorIds.join(', ')} could be offered it` +
            (late ? ` (for ${Math.round((now - since) / 1000)} s)` : ' (not nudged)'),
        );
      else if (since === undefined) this.stats.missedNudgesTolerated++;
      if (since === undefined) this.stuckSince.set(stuck.dialogId, now);
    }
    for (const id of [...this.stuckSince.keys()])
      if (!stuckNow.some((s) => s.dialogId === id)) this.stuckSince.delete(id);

    for (const d of dialogs) this.lastResponsible.set(d.id, d.responsibleOperatorId);
    if (problems.length) throw new Error(`${report.label}: ${problems.join('\n  ')}\n${await this.dump()}`);
  }

  /** Dialogs waiting for room although the queue's own decision would offer them now. */
  private async stuckWaiting(): Promise<Array<{ dialogId: string; operatorIds: string[] }>> {
    return this.db.transaction(async (tx: EntityManager) => {
      const out: Array<{ dialogId: string; operatorIds: string[] }> = [];
      const waits = await tx.getRepository<QueueWait>(QueueWaitEntity).find({ order: { since: 'ASC' } });
      for (const wait of waits) {
        const line = await tx.getRepository<Line>(LineEntity).findOneByOrFail({ id: wait.lineId });
        const dialog = await tx.getRepository<Dialog>(DialogEntity).findOneByOrFail({ id: wait.dialogId });
        if (dialog.lineId !== wait.lineId) continue; // (checked above: a moved dialog has no place)
        const operators = await queueOperators(tx, QUEUES[wait.lineId]!, line.settings, dialog.id);
        const client = await tx.getRepository<Client>(ClientEntity).findOneBy({ id: dialog.clientId });
        const older = waits
          .filter((w) => w.lineId === wait.lineId && w.since.getTime() < wait.since.getTime())
          .map((w) => ({ dialogId: w.dialogId, since: w.since.getTime(), tried: w.tried }));
        const choice = decideOffer(
          { mode: MODES[wait.lineId]!, checkAvailability: true, tried: wait.tried },
          operators,
          line.settings,
          availabilityRules(line.settings, Date.now()),
          client?.responsibleOperatorId ?? null,
          older,
        );
        if (choice.kind === 'offer') out.push({ dialogId: wait.dialogId, operatorIds: choice.operatorIds });
      }
      return out;
    });
  }

  /** The database's state, for a failure's report. */
  async dump(): Promise<string> {
    const db = this.db;
    const dialogs = await db.getRepository<Dialog>(DialogEntity).find({ order: { id: 'ASC' } });
    const offers = await db.getRepository<DialogOffer>(DialogOfferEntity).find();
    const waits = await db.getRepository<QueueWait>(QueueWaitEntity).find();
    const timeline = await db
      .getRepository<DialogEvent>(DialogEventEntity)
      .find({ order: { dialogId: 'ASC', seq: 'ASC' } });
    const lines = dialogs.map(
      (d) =>
        `  ${d.id} ${d.lineId} ${d.status} responsible=${d.responsibleOperatorId} offeredTo=${JSON.stringify(
          d.offeredTo,
        )} closedAt=${d.closedAt?.toISOString() ?? null} answered=${d.firstAnswerMs !== null}\n` +
        timeline
          .filter((e) => e.dialogId === d.id)
          .map((e) => {
            const { at: _at, ...data } = e.data;
            return `      #${e.seq} ${e.type} ${JSON.stringify(data)}`;
          })
          .join('\n'),
    );
    return [
      'database:',
      ...lines,
      `  offers: ${offers.map((o) => `${o.dialogId}→${o.operatorId}`).join(', ') || 'none'}`,
      `  waiting: ${waits.map((w) => `${w.dialogId} (tried ${w.tried.join(',') || '-'})`).join(', ') || 'none'}`,
      'workflows (each run: its last events):',
      ...(await Promise.all(this.dialogs.map((t) => this.runsOf(t)))),
    ].join('\n');
  }

  private async runsOf(track: DialogTrack): Promise<string> {
    const runs = await this.histories(track).catch(() => [] as Awaited<ReturnType<FuzzWorld['histories']>>);
    const described = await this.within('describe', () => track.handle.describe(), 5_000).catch(
      (e: Error) => e,
    );
    const latest =
      described instanceof Error
        ? `${track.id} now: ${described.message}`
        : `${track.id} now: run ${described.runId.slice(0, 8)} ${described.status.name}, ${described.historyLength} events`;
    if (!(described instanceof Error) && !runs.some((r) => r.runId === described.runId)) {
      const history = await this.env.client.workflow
        .getHandle(track.workflowId, described.runId)
        .fetchHistory();
      runs.push({ runId: `${described.runId} (not reached by continue-as-new)`, history });
    }
    return (
      `  ${latest}\n` +
      runs
        .map(({ runId, history }) => {
          const events = (history.events ?? [])
            .slice(-Number(process.env.ACTION_FUZZ_EVENTS ?? 12))
            .map((e) => {
              const name = EventType[e.eventType ?? 0]?.replace(/^EVENT_TYPE_/, '') ?? String(e.eventType);
              const activity = e.activityTaskScheduledEventAttributes?.activityType?.name;
              const failed = e.workflowTaskFailedEventAttributes;
              if (failed)
                return `${name}(${Cause[failed.cause ?? 0]?.replace(/^WORKFLOW_TASK_FAILED_CAUSE_/, '')}: ${failed.failure?.message ?? ''})`;
              return activity ? `${name}(${activity})` : name;
            });
          return `  ${track.id} ${runId.slice(0, 8)} (${history.events?.length ?? 0} events): … ${events.join(' ')}`;
        })
        .join('\n')
    );
  }

  /** One step of a plan: actions at once, messages one after another meanwhile, time passing. */
  async step(index: number, step: StepPlan): Promise<Outcome[]> {
    const report: StepReport = {
      label: `step ${index} ${JSON.stringify(step)}`,
      assigned: new Map(),
      touched: new Set(),
      timePassed: step.sleep > 0,
    };
    const lines: string[] = [];
    const actions = Promise.all(step.actions.map((a) => this.act(a, report)));
    const messages = (async () => {
      for (const m of step.messages) {
        const track = this.dialogs[m.dialog % this.dialogs.length]!;
        report.touched.add(track.id);
        lines.push(`  message ${await this.sendMessage(track, m.kind)}`);
      }
    })();
    const sleeping = step.sleepDuring ? this.skip(step.sleep) : Promise.resolve();
    const [done] = await Promise.all([actions, messages, sleeping]);
    if (!step.sleepDuring) await this.skip(step.sleep);
    this.log(
      `step ${index}${step.sleep ? ` (+${step.sleep / 1000} s${step.sleepDuring ? ' during' : ''})` : ''}:\n${[
        ...done.map((l) => `  ${l.line}`),
        ...lines,
      ].join('\n')}`,
    );
    await this.settle(report.label);
    await this.check(report);
    this.stats.steps++;
    return done.map((d) => d.outcome);
  }

  /** Lets every dialog finish: the supervisor takes and closes the open ones, the clients rate. */
  async finish(): Promise<void> {
    const report = (label: string): StepReport => ({
      label,
      assigned: new Map(),
      touched: new Set(this.dialogs.map((t) => t.id)),
      timePassed: true,
    });
    const closing = report('finish: take and close');
    for (const track of this.dialogs) {
      const row = await this.dialogRow(track);
      if (!OPEN_STATUSES.includes(row.status)) continue;
      await this.act(
        { kind: 'take', dialog: this.dialogs.indexOf(track), by: SUPERVISOR, to: 'op1' },
        closing,
      );
      await this.act(
        { kind: 'close', dialog: this.dialogs.indexOf(track), by: SUPERVISOR, to: 'op1' },
        closing,
      );
    }
    await this.settle(closing.label);
    await this.check(closing);
    const rating = report('finish: ratings');
    for (const track of this.dialogs)
      if ((await this.dialogRow(track)).status === 'closed_awaiting_rating')
        await this.sendMessage(track, 'rating');
    await this.settle(rating.label);
    await this.check(rating, true);
    const dialogs = await this.db.getRepository<Dialog>(DialogEntity).find();
    for (const track of this.dialogs) {
      expect((await track.handle.describe()).status.name).toBe('COMPLETED');
      const d = dialogs.find((x) => x.id === track.id)!;
      expect(['closed', 'spam']).toContain(d.status);
      expect(d.closedAt).not.toBeNull();
    }
    expect(await this.db.getRepository(DialogOfferEntity).count()).toBe(0);
    expect(await this.db.getRepository(QueueWaitEntity).count()).toBe(0);
  }

  /** Every run of every dialog replays on the workflow code (nondeterminism shows here). */
  async replay(): Promise<void> {
    const histories: Array<{ workflowId: string; history: temporal.api.history.v1.IHistory }> = [];
    for (const track of this.dialogs)
      for (const { history } of await this.histories(track))
        histories.push({ workflowId: track.workflowId, history });
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories(
      { workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH } },
      histories,
    ))
      if (result.error) failures.push(`${result.workflowId} ${result.runId}: ${String(result.error)}`);
    expect(failures).toEqual([]);
  }
}

let worlds = 0;

/** A fresh world (server, database, worker), the body run in it, and everything torn down after. */
async function inFreshWorld(
  limits: readonly number[],
  stats: Stats,
  server: string | undefined,
  log: (line: string) => void,
  body: (world: FuzzWorld) => Promise<void>,
  /** activities in place of the real ones (a write held back, to make a moment last) */
  overrides: Partial<ReturnType<typeof createActivities>> = {},
): Promise<void> {
  const env =
    server === 'dev'
      ? await withTemporalExecutable('cli', (executable) =>
          TestWorkflowEnvironment.createLocal({ server: { executable } }),
        )
      : await createTimeSkippingEnvironment();
  const dir = tempDir('lineflow-actionfuzz-');
  const db = await openDatabase({ dataDir: dir });
  try {
    await seed(db, limits);
    const taskQueue = `action-fuzz-${++worlds}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH },
      // the batch runs the overridden activities too
      activities: withDialogBatch({
        ...createActivities({ db, catalog, nudge: signalCapacityFreed(env.client) }),
        ...overrides,
      }),
    });
    const world = new FuzzWorld(env, db, taskQueue, stats, log);
    await worker.runUntil(() => body(world));
  } finally {
    await env.teardown();
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs a plan, again on a fresh server when the test server's known quirk spoiled it. */
async function runPlan(plan: Plan, stats: Stats, server = SERVER): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const lines: string[] = [];
    const log = (line: string) => {
      lines.push(line);
      if (VERBOSE) process.stdout.write(`${line}\n`);
    };
    if (VERBOSE) log(`plan ${JSON.stringify(plan)}`);
    try {
      await inFreshWorld(plan.limits, stats, server, log, async (world) => {
        for (let i = 0; i < plan.dialogs; i++) {
          await world.openDialog();
          await world.settle(`opening d${i}`);
        }
        await world.check({ label: 'opened', assigned: new Map(), touched: new Set(), timePassed: false });
        for (const [i, step] of plan.steps.entries()) await world.step(i, step);
        await world.finish();
        await world.replay();
      });
      stats.runs++;
      return;
    } catch (error) {
      if (error instanceof ServerQuirk) {
        stats.quirks.push(error.message.split('\n')[0]!);
        if (attempt < 3) {
          stats.reruns++;
          continue;
        }
        // Three servers in a row spoiled it. Without much time passing it is checked on a dev server
        // (real time) instead; otherwise it cannot be checked here (and is not counted as a run).
        if (plan.steps.reduce((sum, step) => sum + step.sleep, 0) <= 10_000) {
          stats.onDevServer++;
          return runPlan(plan, stats, 'dev');
        }
        stats.unrunnable.push(JSON.stringify(plan));
        return;
      }
      if (error instanceof Error) error.message = `${error.message}\nsteps so far:\n${lines.join('\n')}`;
      throw error;
    }
  }
}

function summary(stats: Stats, ms: number): string {
  const refusals = [...stats.refusals.entries()].sort((a, b) => b[1] - a[1]);
  return [
    `operator-actions fuzz: ${stats.runs} runs, ${stats.steps} steps, ${stats.actions} actions, ` +
      `${stats.messages} client messages in ${(ms / 1000).toFixed(1)} s`,
    `  succeeded: ${JSON.stringify(stats.succeeded)}`,
    `  refused: ${refusals.map(([r, n]) => `${n}× "${r}"`).join('; ')}`,
    `  plans run again (the test server's half-done continue-as-new or refused timer cancel): ${stats.reruns}; ` +
      `leaked time-skipping locks unlocked: ${stats.leakedLocks}; ` +
      `workflow tasks retried for a signal (UnhandledCommand): ${stats.unhandledCommands}; ` +
      `waiting dialogs a nudge may have missed by design (re-checked within ${QUEUE_RECHECK_MS / 1000} s): ${stats.missedNudgesTolerated}`,
    ...stats.quirks.map((q) => `  test server quirk: ${q}`),
    `  plans the test server spoiled three times, checked on a dev server instead: ${stats.onDevServer}`,
    ...stats.unrunnable.map((p) => `  plan the test server could not run (three servers): ${p}`),
  ].join('\n');
}

describe('random operator actions on the real dialog workflow', () => {
  it(
    `keep issue 14's promises after every step (${RUNS} plans)`,
    async () => {
      const stats = newStats();
      const started = Date.now();
      const collected: string[] = [];
      // (chosen here rather than by fast-check, so a batch can name it beside each failure)
      const seed = SEED ?? (Date.now() ^ Math.floor(Math.random() * 0x7fffffff)) | 0;
      let tried = 0;
      try {
        await fc.assert(
          fc.asyncProperty(plans, async (plan) => {
            const path = String(tried++);
            try {
              await runPlan(plan, stats);
            } catch (error) {
              if (!COLLECT) throw error;
              const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
              collected.push(text.split('\n')[0]!);
              fs.appendFileSync(
                COLLECT,
                `seed ${seed} path ${path} (ACTION_FUZZ_SEED=${seed} ACTION_FUZZ_PATH=${path})\n` +
                  `plan ${JSON.stringify(plan)}\n${text}\n\n`,
              );
            }
          }),
          {
            numRuns: RUNS,
            seed,
            ...(PATH !== undefined ? { path: PATH } : {}),
            endOnFailure: !SHRINK,
          },
        );
      } finally {
        process.stdout.write(`${summary(stats, Date.now() - started)}\n  seed ${seed}\n`);
      }
      expect(collected).toEqual([]);
      // the plans must get somewhere, or the run proves little: nearly all of them ran to the end
      expect(stats.runs).toBeGreaterThanOrEqual(RUNS - Math.max(1, Math.floor(RUNS / 10)));
      expect(stats.succeeded.accept ?? 0).toBeGreaterThan(0);
      expect(stats.actions - Object.values(stats.succeeded).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    },
    60_000 + RUNS * 30_000,
  );
});

/**
 * Sequences the fuzz found, each pinned by name. The dialogs open one after another, so the queue's
 * first offers are known: on line 1 (evenly), d0 to op1, d1 to op2, d2 to op3; then whoever has room.
 */
describe('operator action sequences the fuzz found', () => {
  type Step = Array<[ActionKind, number, Person, Person?]>;
  const stepOf = (actions: Step, extra: Partial<StepPlan> = {}): StepPlan => ({
    actions: actions.map(([kind, dialog, by, to]) => ({ kind, dialog, by, to: to ?? 'op1' })),
    messages: [],
    sleep: 0,
    sleepDuring: false,
    ...extra,
  });

  /** A world with these limits and dialogs; `body` sends steps (each checked) and asserts more. */
  async function scripted(
    limits: number[],
    dialogs: number,
    body: (
      world: FuzzWorld,
      step: (actions: Step, extra?: Partial<StepPlan>) => Promise<Outcome[]>,
    ) => Promise<void>,
    overrides?: (world: () => FuzzWorld) => Partial<ReturnType<typeof createActivities>>,
  ): Promise<void> {
    let current: FuzzWorld | undefined;
    const stats = newStats();
    const lines: string[] = [];
    try {
      await inFreshWorld(
        limits,
        stats,
        SERVER,
        (line) => lines.push(line),
        async (world) => {
          current = world;
          for (let i = 0; i < dialogs; i++) {
            await world.openDialog();
            await world.settle(`opening d${i}`);
          }
          await world.check({ label: 'opened', assigned: new Map(), touched: new Set(), timePassed: false });
          let n = 0;
          await body(world, (actions, extra) => world.step(n++, stepOf(actions, extra)));
        },
        overrides?.(() => current!),
      );
    } catch (error) {
      if (error instanceof Error) error.message = `${error.message}\nsteps:\n${lines.join('\n')}`;
      throw error;
    }
  }
  const row = (world: FuzzWorld, id: string) =>
    world.db.getRepository<Dialog>(DialogEntity).findOneByOrFail({ id });

  it('finding 1: a transfer to a colleague at their limit is refused, with the reason', async () => {
    await scripted([1, 1, 1, 1], 2, async (world, step) => {
      await step([['accept', 0, 'op1']]);
      await step([['accept', 1, 'op2']]);
      const [transfer] = await step([['transferColleague', 0, 'op1', 'op2']]);
      expect(transfer).toEqual({ ok: false, reason: REFUSALS.colleagueAtLimit(1) });
      expect((await row(world, 'd0')).responsibleOperatorId).toBe('op1');
    });
  });

  it("finding 2: a supervisor's answer to an offered dialog leaves it in the queue", async () => {
    await scripted([1, 1, 1, 1], 1, async (world, step) => {
      const [answer] = await step([['answer', 0, SUPERVISOR]]);
      expect(answer).toMatchObject({ ok: true });
      const d0 = await row(world, 'd0');
      expect([d0.status, d0.responsibleOperatorId, d0.offeredTo]).toEqual(['offered', null, ['op1']]);
      expect((await step([['accept', 0, 'op1']]))[0]).toMatchObject({ ok: true });
    });
  });

  /**
   * Found by the fuzz (seed -1014842983, path "2", step 3: op1's line transfer and op1's answer sent
   * at once). Both are admitted while op1 has the dialog; the transfer is served first and the answer's
   * record lands on a dialog that is `transferred`, which the status machine (dialog-status.ts
   * `statusAfter`, 'answered') moves to `waiting_client`: on the new line, nobody responsible, and its
   * queue's offer standing. Whether the answer's write or the transfer's commits first is the worker's
   * choice, so four dialogs try it at once (all four miss about one time in sixteen).
   */
  it('an answer admitted with a line transfer does not leave the dialog waiting for the client with nobody responsible', async () => {
    await scripted([2, 2, 2, 2], 4, async (world, step) => {
      const holders = await Promise.all(
        world.dialogs.map(async (t) => (await row(world, t.id)).offeredTo[0]),
      );
      expect(holders).toEqual(['op1', 'op2', 'op3', 'op1']);
      await step(holders.map((by, i) => ['accept', i, by as Person]));
      await step(
        holders.flatMap((by, i): Step => [
          ['transferLine', i, by as Person],
          ['answer', i, by as Person],
        ]),
      );
      for (const track of world.dialogs) {
        const d = await row(world, track.id);
        expect([d.lineId, d.responsibleOperatorId]).toEqual([L2, null]);
      }
    });
  });

  /**
   * Found by the fuzz once the dialog's calls went in batches (seed 46675074, path "6", step 3: the
   * holder's close and line transfer sent at once). The transfer was served first and its write was
   * under way when the close was admitted; the close was recorded, then the dialog continued on the new
   * line, whose flow started it again: closed in the read model, offered on the new line, its workflow
   * running. A close (or spam) admitted while the dialog moves to another line is refused now.
   */
  it('a close sent with a line transfer either closes the dialog here or is refused while it moves', async () => {
    await scripted([2, 2, 2, 2], 4, async (world, step) => {
      const holders = await Promise.all(
        world.dialogs.map(async (t) => (await row(world, t.id)).offeredTo[0]),
      );
      await step(holders.map((by, i) => ['accept', i, by as Person]));
      const outcomes = await step(
        holders.flatMap((by, i): Step => [
          ['transferLine', i, by as Person],
          ['close', i, by as Person],
        ]),
      );
      for (const [i, track] of world.dialogs.entries()) {
        const [transfer, close] = [outcomes[2 * i]!, outcomes[2 * i + 1]!];
        const d = await row(world, track.id);
        if (transfer.ok) {
          expect(close).toEqual({ ok: false, reason: REFUSALS.movingLine });
          expect([d.lineId, OPEN_STATUSES.includes(d.status)]).toEqual([L2, true]);
        } else {
          expect([transfer.reason, close.ok, d.lineId]).toEqual([REFUSALS.closed, true, L1]);
          expect(['closed', 'closed_awaiting_rating']).toContain(d.status); // the flow asks for a rating
        }
      }
    });
  });

  it('finding 3: a client message arriving while the dialog finishes is recorded', async () => {
    // The spam's write is held back until the message is in: with local activities the whole ending
    // (the write, the nudge, the workflow's end) is otherwise one workflow task, done before the
    // update is even reported admitted, and the message would come after the dialog, not during it.
    let reached!: () => void;
    let release!: () => void;
    const writing = new Promise<void>((resolve) => (reached = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    await scripted(
      [1, 1, 1, 1],
      1,
      async (world, step) => {
        await step([['accept', 0, 'op1']]);
        const track = world.dialogs[0]!;
        // the spam ends the flow at once; its handler still records it while the message comes
        const spam = track.handle.executeUpdate(spamUpdate, { args: [actorOf('op1')] });
        await writing;
        const sent = await world.sendMessage(track, 'text');
        release();
        await spam;
        expect(sent).not.toMatch(/ended/); // the workflow took the message
        await world.settle('spam and message');
        await world.check({
          label: 'spam and message',
          assigned: new Map(),
          touched: new Set(),
          timePassed: false,
        });
      },
      (world) => ({
        recordDialogChange: async (input) => {
          if (input.type === 'dialog.spam') {
            reached();
            await released;
          }
          const { db, env } = world();
          return createActivities({ db, catalog, nudge: signalCapacityFreed(env.client) }).recordDialogChange(
            input,
          );
        },
      }),
    );
  });

  it('finding 4: closing records the close before the rating is asked for (dialogs wait for their rating)', async () => {
    await scripted([2, 2, 2, 2], 3, async (world, step) => {
      for (let round = 0; round < 2; round++) {
        await step([
          ['accept', 0, round ? SUPERVISOR : 'op1'],
          ['accept', 1, round ? SUPERVISOR : 'op2'],
          ['accept', 2, round ? SUPERVISOR : 'op3'],
        ]);
        await step([
          ['close', 0, SUPERVISOR],
          ['close', 1, SUPERVISOR],
          ['close', 2, SUPERVISOR],
        ]);
        for (const track of world.dialogs)
          expect((await row(world, track.id)).status).toBe('closed_awaiting_rating');
        if (round === 0) {
          for (const track of world.dialogs) await world.sendMessage(track, 'rating');
          await world.settle('rated');
          for (let i = 0; i < 3; i++) await world.openDialog();
          await world.settle('three more');
          world.dialogs.splice(0, 3);
          await world.check({
            label: 'three more',
            assigned: new Map(),
            touched: new Set(),
            timePassed: false,
          });
        }
      }
    });
  });

  it('finding 5: a transfer to a colleague nudges the dialogs waiting for the operator it released', async () => {
    await scripted([1, 1, 1, 1], 3, async (world, step) => {
      await step([['accept', 0, 'op1']]);
      await step([['accept', 1, 'op2']]);
      await step([['accept', 2, 'op3']]);
      await world.openDialog(); // d3: everyone is at their limit, it waits in line
      await world.settle('d3 waits');
      expect(await world.db.getRepository(QueueWaitEntity).countBy({ dialogId: 'd3' })).toBe(1);
      await step([['transferColleague', 0, 'op1', SUPERVISOR]]); // op1 has room now
      expect((await row(world, 'd3')).offeredTo).toEqual(['op1']);
    });
  });

  it("a transfer to someone who does not work on the dialog's line is refused, with the reason", async () => {
    await scripted([1, 1, 1, 1], 1, async (world, step) => {
      await step([['accept', 0, 'op1']]);
      const [transfer] = await step([['transferColleague', 0, 'op1', 'op4']]);
      expect(transfer).toEqual({ ok: false, reason: REFUSALS.notOnLine('op4') });
    });
  });
});

describe('operator action plans the fuzz found', () => {
  /**
   * Found by the fuzz (first plan of a 12-run batch; reproduces every time): a supervisor transfers an
   * offered dialog to line 2 while the client writes twice and the queue's one-minute step runs out.
   * The workflow COMPLETES on line 1 instead of continuing on line 2: the dialog is left `transferred`
   * with no workflow. dialog-run.ts `nextTurn` (l. 146-149): the condition is met by `transferred()`,
   * but by the time the code after it runs, the queue path (woken by the transfer, its withdraw
   * answered in the same activation on the replay after an UnhandledCommand) has begun recording its
   * last step (`recording` 1), so `transferred()` is false again and the fall-through answers
   * 'finished' although the flow is not finished; dialog.workflow.ts then returned. The same happened
   * on a dev server (ACTION_FUZZ_SERVER=dev): not a quirk of the test server. Main's finish-when-settled
   * (f1b9c78) ends it too: a 'finished' that is not settled goes round the loop again.
   */
  it('a line transfer while the queue step runs out and the client writes: the dialog goes on on the new line', async () => {
    await runPlan(
      {
        limits: [2, 1, 1, 1],
        dialogs: 3,
        steps: [
          {
            actions: [{ kind: 'transferLine', dialog: 1, by: 'sup', to: 'op2' }],
            messages: [
              { dialog: 1, kind: 'text' },
              { dialog: 1, kind: 'rating' },
            ],
            sleep: 61000,
            sleepDuring: true,
          },
        ],
      },
      newStats(),
    );
  });
});
