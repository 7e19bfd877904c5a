import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { In, IsNull, type DataSource, type EntityManager } from 'typeorm';
import { queueOperators } from '../activities/routing/routing-store';
import {
  DialogEntity,
  DialogEventEntity,
  DialogOfferEntity,
  LeadEntity,
  LineEntity,
  LiveEventEntity,
  MessageEntity,
  OutboundMessageEntity,
  type Dialog,
  type DialogEvent,
  type DialogOffer,
  type Lead,
  type Line,
  type LiveEvent,
  type Message,
  type OutboundMessage,
} from '../db/entities';
import { dialogWorkflowId } from '../workflows/definitions';
import { limitOf } from '../workflows/engine/routing-rules';
import { fetchHistory } from '../bench/histories';
import type { DialogRecord, ServerError } from './chaos-traffic';
import type { WebhookReceiver } from './webhook-receiver';

/** One promise checked after a run: how many times it was broken, and a few examples. */
export interface InvariantResult {
  name: string;
  checked: number;
  violations: number;
  examples: string[];
}

const EventType = temporal.api.enums.v1.EventType;
const Cause = temporal.api.enums.v1.WorkflowTaskFailedCause;

class Tally {
  checked = 0;
  readonly examples: string[] = [];
  violations = 0;
  constructor(readonly name: string) {}
  check(ok: boolean, example: () => string): void {
    this.checked++;
    if (ok) return;
    this.violations++;
    if (this.examples.length < 5) this.examples.push(example());
  }
  result(): InvariantResult {
    return { name: this.name, checked: this.checked, violations: this.violations, examples: this.examples };
  }
}

/**
 * What an operator's load is made of at this instant, for a violation's report: the open dialogs they
 * are responsible for (id, status) and the offers they hold (dialog id and since when), so the
 * dialogs' timelines can tell how each got there.
 */
async function whatMakesTheLoad(tx: EntityManager, operatorId: string): Promise<string> {
  const dialogs = await tx.getRepository<Dialog>(DialogEntity).find({
    select: { id: true, status: true },
    where: { responsibleOperatorId: operatorId, closedAt: IsNull() },
  });
  const offers = await tx.getRepository<DialogOffer>(DialogOfferEntity).findBy({ operatorId });
  const held = dialogs.map((d) => `${d.id.slice(0, 8)}:${d.status}`).join(' ');
  const offered = offers.map((o) => `${o.dialogId.slice(0, 8)}@${o.offeredAt.toISOString()}`).join(' ');
  return `responsible for [${held}], offered [${offered}]`;
}

/**
 * Samples every operator's load against their limit while the run goes on, with the routing's own
 * reading of load (`queueOperators`: open dialogs that count plus offers held) and `limitOf`, in one
 * transaction so each sample is one instant. A sample that fails (the database is down) is skipped.
 */
export class LoadSampler {
  samples = 0;
  skipped = 0;
  readonly overLimit: string[] = [];
  private timer?: NodeJS.Timeout;
  private busy = false;

  constructor(
    private readonly db: DataSource,
    private readonly lineId: string,
    private readonly everyMs = 250,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.sample(), this.everyMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async sample(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      await this.db.transaction(async (tx) => {
        const line = await tx.getRepository<Line>(LineEntity).findOneByOrFail({ id: this.lineId });
        const order = line.settings.queue?.operators ?? [];
        for (const operator of await queueOperators(tx, order, line.settings, '')) {
          const limit = limitOf(operator, line.settings);
          if (limit !== null && operator.load > limit)
            this.overLimit.push(
              `${new Date().toISOString()} operator ${operator.id}: load ${operator.load} > limit ${limit}` +
                ` (${await whatMakesTheLoad(tx, operator.id)})`,
            );
        }
      });
      this.samples++;
    } catch {
      this.skipped++;
    } finally {
      this.busy = false;
    }
  }
}

/**
 * The promises of issue 14 checked on the database, Temporal and the fake receiver after a run:
 * every dialog in an expected final state; each client message stored once and in order; each
 * outbound message received once per Idempotency-Key; no operator over their limit at any sample;
 * one responsible at a time; timeline sequence numbers unique; no lead made twice; no workflow stuck
 * in a retry loop (nor failing on nondeterminism); and the API never answering 500 or a stack.
 */
export async function checkInvariants(input: {
  db: DataSource;
  temporal: Client;
  lineId: string;
  records: DialogRecord[];
  receiver: WebhookReceiver;
  sampler: LoadSampler;
  serverErrors: ServerError[];
  /** how many answers the API gave in all */
  answers: number;
}): Promise<{ results: InvariantResult[]; notes: Record<string, number> }> {
  const { db, records, receiver } = input;
  const dialogs = await db.getRepository<Dialog>(DialogEntity).findBy({ lineId: input.lineId });
  const ids = dialogs.map((d) => d.id);
  const byId = new Map(dialogs.map((d) => [d.id, d]));
  const inChunks = async <T>(read: (chunk: string[]) => Promise<T[]>): Promise<T[]> => {
    const out: T[] = [];
    for (let i = 0; i < ids.length; i += 200) out.push(...(await read(ids.slice(i, i + 200))));
    return out;
  };
  const messages = await inChunks((chunk) =>
    db
      .getRepository<Message>(MessageEntity)
      .find({ where: { dialogId: In(chunk) }, order: { createdAt: 'ASC', id: 'ASC' } }),
  );
  const timeline = await inChunks((chunk) =>
    db.getRepository<DialogEvent>(DialogEventEntity).findBy({ dialogId: In(chunk) }),
  );
  const live = await inChunks((chunk) =>
    db.getRepository<LiveEvent>(LiveEventEntity).findBy({ dialogId: In(chunk) }),
  );
  const outbox = await inChunks((chunk) =>
    db.getRepository<OutboundMessage>(OutboundMessageEntity).findBy({ dialogId: In(chunk) }),
  );
  const leads = await inChunks((chunk) => db.getRepository<Lead>(LeadEntity).findBy({ dialogId: In(chunk) }));

  // every dialog in an expected final state: closed, or waiting on a person with its workflow running
  const finalState = new Tally('every dialog in an expected final state (closed, or waiting on a person)');
  const running = new Set<string>();
  for await (const w of input.temporal.workflow.list({ query: 'ExecutionStatus="Running"' }))
    running.add(w.workflowId);
  const waitingOnPerson = ['new', 'offered', 'in_progress', 'waiting_client', 'closed_awaiting_rating'];
  for (const d of dialogs) {
    const ok = d.status === 'closed' || (waitingOnPerson.includes(d.status) && running.has(d.workflowId));
    finalState.check(
      ok,
      () => `dialog ${d.id}: ${d.status}${running.has(d.workflowId) ? '' : ', no running workflow'}`,
    );
  }
  for (const r of records) {
    if (!r.dialogId) continue;
    const d = byId.get(r.dialogId);
    finalState.check(
      !!d,
      () => `dialog ${r.dialogId} (client ${r.key}) acknowledged but not in the database`,
    );
    if (r.ok && d)
      finalState.check(d.status === 'closed', () => `dialog ${d.id} finished by its client but ${d.status}`);
  }

  // each client message stored once and in order
  const clientMessages = new Tally('each client message stored once and in order');
  const stored = new Map<string, string[]>();
  for (const m of messages)
    if (m.author === 'client' && m.externalMessageId)
      stored.set(m.dialogId, [...(stored.get(m.dialogId) ?? []), m.externalMessageId]);
  for (const r of records) {
    if (!r.dialogId) continue;
    const got = (stored.get(r.dialogId) ?? []).filter((id) => !id.includes('-rating-'));
    clientMessages.check(
      JSON.stringify(got) === JSON.stringify(r.clientMessages),
      () =>
        `dialog ${r.dialogId}: sent ${r.clientMessages.join(', ')}; stored ${got.join(', ') || 'nothing'}`,
    );
  }

  // each outbound message received once per Idempotency-Key; none left undelivered
  const outbound = new Tally('each outbound message received once per Idempotency-Key by the receiver');
  for (const row of outbox) {
    const n = receiver.counts.get(row.messageId) ?? 0;
    if (row.status === 'failed')
      outbound.check(n <= 1, () => `message ${row.messageId}: marked failed, received ${n} times`);
    else
      outbound.check(
        row.status === 'sent' && n === 1,
        () => `message ${row.messageId} (${row.status}, ${row.attempts} attempts): received ${n} times`,
      );
  }
  const known = new Set(outbox.map((o) => o.messageId));
  for (const key of receiver.counts.keys())
    outbound.check(known.has(key), () => `received key ${key}, which is no outbound message`);
  for (const mismatch of receiver.keyMismatches)
    outbound.check(false, () => `Idempotency-Key is not the message id: ${mismatch}`);

  const load = new Tally('no operator over their limit at any sampled instant');
  load.checked = input.sampler.samples;
  load.violations = input.sampler.overLimit.length;
  const over = input.sampler.overLimit;
  // the first few and the last: when it began and how long it lasted
  load.examples.push(...over.slice(0, 4), ...(over.length > 4 ? [`… ${over.at(-1)!}`] : []));

  // one responsible at a time: one accept per dialog (this load transfers nothing), and it is the row's
  const responsible = new Tally('one responsible at a time');
  const accepts = new Map<string, string[]>();
  for (const e of timeline)
    if (e.type === 'dialog.accepted' || e.type === 'dialog.taken')
      accepts.set(e.dialogId, [...(accepts.get(e.dialogId) ?? []), String(e.data.operatorId)]);
  for (const d of dialogs) {
    const got = accepts.get(d.id) ?? [];
    responsible.check(
      got.length <= 1 && (got.length === 0 || d.responsibleOperatorId === got[0]),
      () => `dialog ${d.id}: accepted by ${got.join(', ')}; responsible ${d.responsibleOperatorId}`,
    );
  }
  for (const r of records)
    responsible.check(
      new Set(r.acceptedBy).size <= 1,
      () => `dialog ${r.dialogId}: accepts answered 200 for ${r.acceptedBy.join(', ')}`,
    );

  // timeline sequence numbers unique, each entry announced once, each message on it once
  const sequence = new Tally('timeline sequence numbers unique');
  const seen = new Map<string, number>();
  for (const e of timeline) seen.set(`${e.dialogId}#${e.seq}`, (seen.get(`${e.dialogId}#${e.seq}`) ?? 0) + 1);
  for (const [key, n] of seen) sequence.check(n === 1, () => `timeline entry ${key} stored ${n} times`);
  const announced = new Map<string, number>();
  for (const e of live) {
    const seq = (e.data as { seq?: number }).seq;
    if (seq === undefined) continue;
    announced.set(`${e.dialogId}#${seq}`, (announced.get(`${e.dialogId}#${seq}`) ?? 0) + 1);
  }
  for (const [key, n] of announced)
    sequence.check(n === 1, () => `timeline entry ${key} announced ${n} times`);
  // Numbers alone cannot show a write kept twice under two numbers (a workflow task run again with its
  // local activities, docs/architecture.md §3.5): each message is on the timeline exactly once.
  const entriesOf = new Map<string, number>();
  for (const e of timeline) {
    const messageId = (e.data as { messageId?: unknown }).messageId;
    if ((e.type === 'client.message' || e.type === 'operator.message') && typeof messageId === 'string')
      entriesOf.set(messageId, (entriesOf.get(messageId) ?? 0) + 1);
  }
  for (const m of messages) {
    if (m.author !== 'client' && m.author !== 'operator') continue;
    const n = entriesOf.get(m.id) ?? 0;
    sequence.check(n === 1, () => `dialog ${m.dialogId}: message ${m.id} on the timeline ${n} times`);
  }

  // no lead made twice
  const leadTally = new Tally('no lead made twice');
  const perClient = new Map<string, number>();
  for (const l of leads) perClient.set(l.clientId, (perClient.get(l.clientId) ?? 0) + 1);
  for (const [clientId, n] of perClient) leadTally.check(n === 1, () => `client ${clientId}: ${n} leads`);

  // no workflow stuck in a retry loop, none failing on nondeterminism
  const stuck = new Tally('no workflow stuck in a retry loop (or failing on nondeterminism)');
  let workflowTaskFailures = 0;
  let workflowTaskTimeouts = 0;
  let activityRetries = 0;
  for (const d of dialogs) {
    const workflowId = dialogWorkflowId(d.id);
    stuck.check(true, () => '');
    if (running.has(workflowId)) {
      const described = await input.temporal.workflow.getHandle(workflowId).describe();
      const pending = described.raw.pendingActivities ?? [];
      const worst = Math.max(0, ...pending.map((a) => a.attempt ?? 0));
      const task = described.raw.pendingWorkflowTask?.attempt ?? 0;
      stuck.check(
        worst < 5 && task < 3,
        () => `${workflowId}: pending activity attempt ${worst}, workflow task attempt ${task}`,
      );
    }
    const history = await fetchHistory(input.temporal, workflowId).catch(() => undefined);
    for (const e of history?.events ?? []) {
      if (e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT) workflowTaskTimeouts++;
      if (
        e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED &&
        (e.activityTaskStartedEventAttributes?.attempt ?? 1) > 1
      )
        activityRetries++;
      if (e.eventType !== EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED) continue;
      workflowTaskFailures++;
      const attributes = e.workflowTaskFailedEventAttributes;
      const message = attributes?.failure?.message ?? '';
      // an unhandled command (a signal arrived while the task ran) is Temporal's normal retry, not a fault
      const benign = attributes?.cause === Cause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND;
      stuck.check(
        benign,
        () => `${workflowId}: workflow task failed (${attributes?.cause}): ${message.slice(0, 160)}`,
      );
    }
  }

  // the API answers an outage 503 with the error shape; never a 500, never a stack
  const answers = new Tally(
    'the API never answers 500 or shows a stack (503 with the error shape meanwhile)',
  );
  answers.checked = input.answers - input.serverErrors.length;
  for (const e of input.serverErrors)
    answers.check(
      e.status !== 500 && e.wellFormed,
      () => `${new Date(e.at).toISOString()} ${e.route}: ${e.status} ${e.body.slice(0, 160)}`,
    );

  // every acknowledged client request reached a dialog the client could finish
  return {
    results: [
      finalState,
      clientMessages,
      outbound,
      load,
      responsible,
      sequence,
      leadTally,
      stuck,
      answers,
    ].map((t) => t.result()),
    notes: {
      dialogsInDatabase: dialogs.length,
      outboundMessages: outbox.length,
      outboundAttemptsOverOne: outbox.filter((o) => o.attempts > 1).length,
      answersStoredTwice: [
        ...groupCount(messages.filter((m) => m.author === 'operator').map((m) => m.dialogId)).values(),
      ].filter((n) => n > 1).length,
      leads: leads.length,
      workflowTaskFailures,
      workflowTaskTimeouts,
      activityRetries,
      loadSamplesSkipped: input.sampler.skipped,
    },
  };
}

function groupCount(keys: string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const k of keys) out.set(k, (out.get(k) ?? 0) + 1);
  return out;
}
