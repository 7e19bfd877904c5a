import type { Flow, Node } from '../../schemas/generated/flow';
import type { TriggerParams } from '../../schemas/generated/nodes/trigger.params';
import { durationMs } from '../../schemas/durations';
import { edgeHandle, handlesOfNode, nodeType } from './node-types';
import type { EngineView } from './nodes/define-node';
import { type DialogFacts } from './predicates';
import {
  answered,
  clientWrote,
  startClocks,
  watchAnswers,
  watchFirstAnswer,
  type KpiClocks,
} from './kpi-clocks';
import { isWithinWorkingHours } from './working-hours';
import type {
  DialogContext,
  EngineEvent,
  EngineFacts,
  EngineHost,
  KpiName,
  ParkedState,
  PathContext,
} from './engine-host';

/**
 * The flow interpreter: walks a flow's paths node by node against an `EngineHost` (engine-host.ts),
 * keeping everything it knows in a JSON snapshot that a new run can take over. What each node does is
 * its type's `run` (one module per type in nodes/); the interpreter starts paths, follows edges and
 * records each step.
 */

/** A path waiting inside a node (wait, delay, queue): where it goes on after continue-as-new. */
interface ParkedPath {
  trigger: string;
  nodeId: string;
  state: ParkedState;
  /** the path's write key and how many keyed writes it made (see `runPath`); absent in older runs' */
  key?: string;
  writes?: number;
}

/** Everything the engine knows about a dialog between nodes: plain JSON, carried across continue-as-new. */
export interface EngineSnapshot {
  variables: Record<string, unknown>;
  tags: string[];
  messageText: string | null;
  rating: string | number | null;
  status: string | null;
  counts: Partial<Record<EngineEvent, number>>;
  clientMessages: number;
  pathsStarted: number;
  /** when the client last wrote (or the dialog started), for `client.inactive` */
  lastClientActivityAt: number;
  /** per inactivity trigger: the client-message count of the quiet spell it last fired for */
  inactivityFiredAt: Record<string, number>;
  /** the trigger event a run starts with when it takes over a dialog (a line transfer) */
  entry?: 'dialog.transferred';
  /** how many times another dialog said an operator has room now (wakes waiting queue nodes) */
  capacityNudges?: number;
  /** KPI clocks: when the dialog started, its first answer, and since when the client waits again */
  kpi?: KpiClocks;
  /** paths waiting inside a node, by path id */
  parked?: Record<string, ParkedPath>;
  /** how many times the dialog moved to another line's flow (its node ids may repeat this flow's) */
  generation?: number;
}

/** A node's params as its type's generated interface; the validator has checked them before publishing. */
const paramsOf = <T>(node: Node): T => node.params as unknown as T;

export class FlowEngine {
  private readonly state: EngineSnapshot;
  private runningPaths = 0;
  /** an operator's close whose `dialog.closed` paths have not started yet (`reactToClose`) */
  private reactionPending = false;
  private readonly nodes: Map<string, Node>;
  private readonly edges: Map<string, string>;
  /** what the nodes see and change of the dialog */
  private readonly view: EngineView;

  constructor(
    private readonly flow: Flow,
    private readonly host: EngineHost,
    private readonly dialog: DialogContext,
    private readonly facts: EngineFacts,
    /** the state a previous run of the dialog handed over (continue-as-new); none for a new dialog */
    private readonly resumedFrom?: EngineSnapshot,
  ) {
    this.state = resumedFrom
      ? (JSON.parse(JSON.stringify(resumedFrom)) as EngineSnapshot)
      : {
          variables: {},
          tags: [],
          messageText: null,
          rating: null,
          status: null,
          counts: {},
          clientMessages: 0,
          pathsStarted: 0,
          lastClientActivityAt: 0,
          inactivityFiredAt: {},
        };
    this.nodes = new Map(flow.nodes.map((n) => [n.id, n]));
    this.edges = new Map();
    for (const edge of flow.edges) {
      const source = this.nodes.get(edge.source);
      const handles = source ? handlesOfNode(source) : [];
      const handle = edgeHandle(edge, handles);
      if (handle !== undefined) this.edges.set(`${edge.source}\u0000${handle}`, edge.target);
    }
    this.view = this.engineView();
  }

  get variables(): Record<string, unknown> {
    return this.state.variables;
  }

  get tags(): string[] {
    return this.state.tags;
  }

  get status(): string | null {
    return this.state.status;
  }

  /** True once a close node ran and every path has finished: the dialog's flow is over. */
  get finished(): boolean {
    return this.state.status !== null && this.runningPaths === 0;
  }

  get closed(): boolean {
    return this.state.status !== null;
  }

  /**
   * No path is in the middle of a step (each running path is parked in a waiting node), so the whole
   * state is this snapshot and a new run can take over from it: parked paths go on in their nodes,
   * and the inactivity and KPI watchers re-arm from the times it keeps.
   */
  get idle(): boolean {
    return this.runningPaths === Object.keys(this.state.parked ?? {}).length;
  }

  snapshot(): EngineSnapshot {
    return JSON.parse(JSON.stringify(this.state)) as EngineSnapshot;
  }

  /**
   * The state a dialog transferred to another line takes into that line's flow: what the client said,
   * variables and tags go along; paths, waits and the status stay behind with the old flow.
   */
  static handedOver(from: EngineSnapshot): EngineSnapshot {
    return {
      ...JSON.parse(JSON.stringify(from)),
      status: null,
      counts: {},
      inactivityFiredAt: {},
      parked: {},
      entry: 'dialog.transferred',
      generation: (from.generation ?? 0) + 1,
    };
  }

  /**
   * Starts the `dialog.started` paths (not again when resumed) and the inactivity watchers. A dialog
   * transferred in from another line starts at this flow's `dialog.transferred` triggers, or at its
   * `dialog.started` ones when it has none.
   */
  start(): void {
    if (!this.resumedFrom) {
      this.state.lastClientActivityAt = this.host.now();
      this.state.kpi = startClocks(this.host.now());
      this.fire('dialog.started', 'dialog.started');
    } else if (this.state.entry) {
      delete this.state.entry;
      const entry = this.triggers('dialog.transferred').length ? 'dialog.transferred' : 'dialog.started';
      this.fire(entry, entry);
    }
    for (const [pathId, parked] of Object.entries(this.state.parked ?? {})) {
      const trigger = this.nodes.get(parked.trigger);
      if (trigger) void this.runPath(trigger, { id: Number(pathId), ...parked });
    }
    const thresholds = this.dialog.rules?.kpi ?? {};
    const watch = { host: this.host, closed: () => this.closed, breach: this.breach.bind(this) };
    if (thresholds.firstAnswer !== undefined) void watchFirstAnswer(this.kpi, thresholds.firstAnswer, watch);
    if (thresholds.answer !== undefined) void watchAnswers(this.kpi, thresholds.answer, watch);
    for (const node of this.triggers('client.inactive')) void this.watchInactivity(node);
  }

  /**
   * An operator closed the dialog (not a close node): paths that wait go on, e.g. for the rating.
   * Only a plain close starts the `dialog.closed` paths; spam and force-close ask the client nothing.
   * Returns whether the close starts paths: the flow reacts to it (asks for a rating, say), and the
   * dialog keeps its operator's place until those paths end (see `runPath`). With `reactLater` they
   * start at `reactToClose`.
   */
  closeBy(status: string, options: { reactLater?: boolean } = {}): boolean {
    if (this.state.status !== null) return false;
    this.state.status = status;
    if (status !== 'closed') return false;
    const reacting = this.triggers('dialog.closed').length > 0;
    if (options.reactLater && reacting) {
      this.reactionPending = true;
      this.runningPaths++; // not finished (nor idle) until the reaction has started
    } else this.emit('dialog.closed');
    return reacting;
  }

  /**
   * Starts the `dialog.closed` paths of a `closeBy(…, { reactLater: true })`: the host calls it once
   * the close is recorded, so the reaction's own writes (the rating request) come after the close's.
   */
  reactToClose(): void {
    if (!this.reactionPending) return;
    this.reactionPending = false;
    this.runningPaths--;
    this.emit('dialog.closed');
  }

  /** Another dialog freed an operator's room: a queue node waiting for room asks again. */
  capacityFreed(): void {
    this.state.capacityNudges = (this.state.capacityNudges ?? 0) + 1;
  }

  /** The dialog left for another line: this flow is over and starts nothing more. */
  transferredOut(): void {
    this.state.status = 'transferred';
  }

  /** Something happened in the dialog: update the facts, wake waiting nodes, start matching paths. */
  emit(
    event: EngineEvent,
    data: { text?: string | null; rating?: string | number; hidden?: boolean } = {},
  ): void {
    const state = this.state;
    const now = this.host.now();
    const kpi = this.kpi;
    if (event === 'client.message') {
      state.clientMessages++;
      state.lastClientActivityAt = now;
      if (data.text !== undefined) state.messageText = data.text;
      clientWrote(kpi, now);
    }
    if (event === 'operator.message' && !data.hidden) answered(kpi, now); // a hidden note stops no clock
    if (event === 'rating.received' && data.rating !== undefined) state.rating = data.rating;
    state.counts[event] = (state.counts[event] ?? 0) + 1;
    this.fire(event, `${event}#${state.counts[event]}`);
  }

  factsNow(): DialogFacts {
    const schedule = this.dialog.rules?.workingHours;
    return {
      ...this.facts,
      ...(schedule ? { withinWorkingHours: isWithinWorkingHours(schedule, this.host.now()) } : {}),
      messageText: this.state.messageText,
      rating: this.state.rating,
      tags: [...this.state.tags],
      variables: { ...this.state.variables },
    };
  }

  /** The KPI clocks' state (created at the start, or by the first run that watches them). */
  private get kpi(): KpiClocks {
    return (this.state.kpi ??= startClocks(this.host.now()));
  }

  /** Counts the breach on the dialog, then starts the flow's paths for it (e.g. alert the supervisor). */
  private async breach(kpi: KpiName, thresholdMs: number): Promise<void> {
    this.runningPaths++; // the dialog is not finished while its breach is being written
    try {
      const event = kpi === 'firstAnswer' ? 'kpi.firstAnswer.exceeded' : 'kpi.answer.exceeded';
      const key = `${this.generation}/${event}#${(this.state.counts[event] ?? 0) + 1}`;
      await this.host.kpiExceeded(kpi, thresholdMs, key);
    } finally {
      this.runningPaths--;
    }
    this.emit(kpi === 'firstAnswer' ? 'kpi.firstAnswer.exceeded' : 'kpi.answer.exceeded');
  }

  private triggers(event: TriggerParams['event']): Node[] {
    return this.flow.nodes.filter((n) => n.type === 'trigger' && paramsOf<TriggerParams>(n).event === event);
  }

  /** `occurrence` names which happening of the event this is, stable however often a task reruns. */
  private fire(event: TriggerParams['event'], occurrence: string): void {
    if (this.closed && event !== 'rating.received' && event !== 'dialog.closed') return;
    for (const node of this.triggers(event)) void this.runPath(node, undefined, occurrence);
  }

  private get generation(): string {
    return `g${this.state.generation ?? 0}`;
  }

  /**
   * `client.inactive`: fires when no client message came for `after`, once per quiet spell. Counts
   * from the last client message (or the start), so a resumed run keeps the clock it was handed.
   */
  private async watchInactivity(trigger: Node): Promise<void> {
    const after = durationMs(paramsOf<TriggerParams>(trigger).after!);
    const state = this.state;
    while (!this.closed) {
      const seen = state.clientMessages;
      const spoke = () => state.clientMessages !== seen || this.closed;
      if (state.inactivityFiredAt[trigger.id] === seen) {
        await this.host.waitUntil(spoke); // fired for this quiet spell already: wait for the client
        continue;
      }
      const quietFor = this.host.now() - state.lastClientActivityAt;
      if (await this.host.waitUntil(spoke, Math.max(1, after - quietFor))) continue;
      if (this.closed) return;
      state.inactivityFiredAt[trigger.id] = seen;
      void this.runPath(trigger, undefined, `quiet#${seen}`);
    }
  }

  /**
   * Walks one path. Its writes are keyed by what started it (this flow's trigger node and which
   * occurrence of its event), not by its number: numbers follow the order paths start in, which a
   * workflow task run again with more signals in it may change. Each write adds its count within the
   * path and what it is, so the same write of a task run again has the same key.
   */
  private async runPath(
    trigger: Node,
    resume?: ParkedPath & { id: number },
    occurrence?: string,
  ): Promise<void> {
    this.runningPaths++;
    const parked = (this.state.parked ??= {});
    const id = resume?.id ?? ++this.state.pathsStarted;
    const key = resume?.key ?? `${this.generation}/${trigger.id}/${occurrence ?? `path${id}`}`;
    let writes = resume?.writes ?? 0;
    const keyFor = (what: string) => `${key}#${++writes}:${what}`;
    const path: PathContext = {
      trigger: trigger.id,
      id,
      park: async (nodeId, state, wait) => {
        parked[path.id] = {
          trigger: trigger.id,
          nodeId,
          state: JSON.parse(JSON.stringify(state)),
          key,
          writes,
        };
        try {
          return await wait;
        } finally {
          delete parked[path.id];
        }
      },
    };
    let resumed = resume?.state;
    const closedPath = paramsOf<TriggerParams>(trigger).event === 'dialog.closed';
    try {
      let node: Node | undefined = resume ? this.nodes.get(resume.nodeId) : trigger;
      while (node) {
        const type = nodeType(node.type);
        let outcome: string | null;
        let error: string | undefined;
        if (!type) {
          outcome = null;
          error = `no executor for node type "${node.type}" in this version of Lineflow`;
        } else {
          try {
            const host = this.keyedHost(keyFor);
            const run = { node, params: node.params, path, resumed, host, engine: this.view };
            outcome = await type.run(run);
            resumed = undefined; // only the node the path was parked in resumes
          } catch (failure) {
            // An action that failed for good (retries spent, or a non-retryable error) ends this path
            // with the reason on the timeline; the dialog and its other paths go on.
            outcome = null;
            error = failure instanceof Error ? failure.message : String(failure);
          }
        }
        const at = this.host.now();
        const target: string | undefined =
          outcome === null ? undefined : this.edges.get(`${node.id}\u0000${outcome}`);
        // The last step of a path the operator's close started settles the close: the read model
        // stamps the dialog closed for good and the operator's place is free (docs/product.md §3.3).
        const settlesClose =
          target === undefined && closedPath && this.state.status === 'closed' ? 'closed' : undefined;
        const status = (type?.movesStatus ? (this.state.status ?? undefined) : undefined) ?? settlesClose;
        await this.host.record(
          {
            type: 'node',
            nodeId: node.id,
            nodeType: node.type,
            outcome,
            trigger: path.trigger,
            pathId: path.id,
            at,
            ...(status ? { status } : {}),
            ...(error ? { error } : {}),
          },
          keyFor(`step:${node.id}`),
        );
        node = target === undefined ? undefined : this.nodes.get(target);
      }
    } finally {
      this.runningPaths--;
    }
  }

  /** The host as a node of a path sees it: its writes keyed by the path (see `runPath`). */
  private keyedHost(keyFor: (what: string) => string): EngineHost {
    const host = this.host;
    return {
      now: () => host.now(),
      sleep: (ms) => host.sleep(ms),
      waitUntil: (test, timeoutMs) => host.waitUntil(test, timeoutMs),
      runActivity: (name, input) => host.runActivity(name, input, () => keyFor(`call:${name}`)),
      record: (entry) => host.record(entry, keyFor(`step:${entry.nodeId}`)),
      transfer: (target) => host.transfer(target, keyFor('transfer')),
      offer: (request) => host.offer(request, keyFor('offer')),
      withdrawOffer: () => host.withdrawOffer(keyFor('withdraw')),
      kpiExceeded: (kpi, thresholdMs) => host.kpiExceeded(kpi, thresholdMs, keyFor(`kpi:${kpi}`)),
    };
  }

  private engineView(): EngineView {
    const state = this.state;
    return {
      dialog: this.dialog,
      facts: () => this.factsNow(),
      firstContact: this.facts.firstContact,
      get variables() {
        return state.variables;
      },
      get tags() {
        return state.tags;
      },
      count: (event) => state.counts[event] ?? 0,
      clientMessages: () => state.clientMessages,
      messageText: () => state.messageText,
      capacityNudges: () => state.capacityNudges ?? 0,
      closed: () => this.closed,
      emit: (event) => this.emit(event),
      fillTemplates: (input) => this.fillTemplates(input),
      closeWith: (status) => {
        state.status = status;
      },
      transferredOut: () => this.transferredOut(),
    };
  }

  /** "{{message.text}}", "{{variables.x}}", "{{client.name}}", "{{dialog.id}}" in action inputs. */
  private fillTemplates(input: Record<string, unknown>): Record<string, unknown> {
    const values: Record<string, unknown> = {
      'dialog.id': this.dialog.id,
      'dialog.lineId': this.dialog.lineId,
      'dialog.channelId': this.dialog.channelId,
      'client.name': this.dialog.clientName,
      'message.text': this.state.messageText,
    };
    const lookup = (key: string) =>
      key.startsWith('variables.') ? this.variables[key.slice(10)] : values[key];
    const fill = (value: unknown): unknown => {
      if (typeof value === 'string') {
        const whole = /^\{\{\s*([\w.]+)\s*\}\}$/.exec(value);
        if (whole) return lookup(whole[1]!) ?? null;
        return value.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_m, key: string) => String(lookup(key) ?? ''));
      }
      if (Array.isArray(value)) return value.map(fill);
      if (value && typeof value === 'object') {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v)]));
      }
      return value;
    };
    return fill(input) as Record<string, unknown>;
  }
}
