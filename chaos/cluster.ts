import path from 'node:path';
import type { BenchServerOptions } from '../bench/bench-server';
import { ServerHandle } from '../bench/server-handle';
import { startEmbeddedTemporal, type EmbeddedTemporal } from '../runtime/embedded-temporal';

/** One API or worker process of the cluster under test, and what the harness did to it. */
export interface Slot {
  name: string;
  kind: 'api' | 'worker';
  options: BenchServerOptions;
  handle?: ServerHandle;
  /** the harness took it down on purpose (a kill, a replacement): its exit is no surprise */
  down: boolean;
  starts: number;
  /** exits the harness did not cause (restarted by the supervisor, as systemd or Kubernetes would) */
  unexpectedExits: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** a process that cannot start (its database or Temporal is down right now) is tried again this long */
const START_FOR_MS = 5 * 60_000;

/**
 * The processes of one run: the bench's server processes (bench/bench-server.ts) in their `api` and
 * `worker` roles, without the baseline, each with a log file in the data directory. Like a process
 * supervisor, the cluster restarts a process that exits when the harness did not kill it, and keeps
 * trying to start one whose dependencies are down.
 */
export class Cluster {
  readonly apis: Slot[] = [];
  readonly workers: Slot[] = [];
  private stopping = false;

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly dataDir: string,
    private readonly log: (line: string) => void,
  ) {}

  get slots(): Slot[] {
    return [...this.apis, ...this.workers];
  }

  add(kind: Slot['kind'], options: BenchServerOptions): Slot {
    const list = kind === 'api' ? this.apis : this.workers;
    const slot: Slot = {
      name: `${kind}-${list.length + 1}`,
      kind,
      options,
      down: true,
      starts: 0,
      unexpectedExits: 0,
    };
    list.push(slot);
    return slot;
  }

  /** Starts the slot's process, trying again while it fails (a dependency down), and watches it. */
  async start(slot: Slot): Promise<void> {
    const deadline = Date.now() + START_FOR_MS;
    for (;;) {
      try {
        const handle = await ServerHandle.start(
          slot.options,
          this.env,
          path.join(this.dataDir, `${slot.name}.log`),
          () => undefined,
        );
        slot.handle = handle;
        slot.starts++;
        slot.down = false;
        void handle.exit.then((code) => this.exited(slot, handle, code));
        return;
      } catch (error) {
        if (this.stopping || Date.now() > deadline) throw error;
        this.log(`${slot.name} did not start (${(error as Error).message.split('\n')[0]}); trying again`);
        await sleep(2_000);
      }
    }
  }

  private exited(slot: Slot, handle: ServerHandle, code: number | null): void {
    if (this.stopping || slot.down || slot.handle !== handle) return;
    slot.unexpectedExits++;
    slot.down = true;
    this.log(`${slot.name} exited on its own (code ${code}); the supervisor restarts it`);
    void sleep(1_000).then(() => (this.stopping ? undefined : this.start(slot).catch(() => undefined)));
  }

  /** `kill -9` of the slot's process. */
  async kill(slot: Slot): Promise<void> {
    slot.down = true;
    await slot.handle?.kill();
  }

  /** Stops the process cleanly and starts it again with other options (the small workflow cache). */
  async replace(slot: Slot, options: BenchServerOptions): Promise<void> {
    slot.down = true;
    await slot.handle?.stop();
    slot.options = options;
    await this.start(slot);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    // workers first: their activities still need the database and the APIs nothing
    for (const slot of [...this.workers, ...this.apis]) await slot.handle?.stop().catch(() => undefined);
  }
}

/** The embedded Temporal dev server on a fixed port and its file, so it can stop and come back. */
export class TemporalServer {
  private embedded?: EmbeddedTemporal;
  constructor(
    private readonly dataDir: string,
    readonly port: number,
  ) {}

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.embedded = await startEmbeddedTemporal({
      dataDir: this.dataDir,
      namespace: 'default',
      port: this.port,
      ui: false,
    });
  }

  async stop(): Promise<void> {
    await this.embedded?.stop();
    this.embedded = undefined;
  }
}
