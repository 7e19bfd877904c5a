import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import type { BenchServerOptions, DriverMessage, ServerMessage, ServerStats } from './bench-server';

type Ready = Extract<ServerMessage, { type: 'ready' }>;
type Notice = Extract<ServerMessage, { type: 'notice' }>;

/** The driver's side of one bench-server child process. */
export class ServerHandle {
  private nextId = 0;
  private readonly waiting = new Map<number, (stats: ServerStats) => void>();
  private exited = false;
  /** resolves with the exit code (null after a signal) when the process has ended, however it ended */
  readonly exit: Promise<number | null>;

  private constructor(
    private readonly child: ChildProcess,
    readonly ready: Ready,
  ) {
    this.exit = new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
      else child.once('exit', (code) => resolve(code));
    });
    child.on('message', (message: ServerMessage) => {
      if (message.type === 'stats') {
        this.waiting.get(message.id)?.(message.stats);
        this.waiting.delete(message.id);
      }
    });
    child.on('exit', () => (this.exited = true));
  }

  /** Forks bench-server.ts with tsx; its output goes to `logFile`. Resolves once it reports ready. */
  static start(
    options: BenchServerOptions,
    env: NodeJS.ProcessEnv,
    logFile: string,
    onNotice: (notice: Notice) => void,
  ): Promise<ServerHandle> {
    const log = fs.openSync(logFile, 'a');
    const child = fork(require.resolve('./bench-server'), [JSON.stringify(options)], {
      // --cpu-prof DIR: a V8 CPU profile of each server process, for finding where time goes
      execArgv: [
        '--import',
        'tsx',
        ...(options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : []),
      ],
      env,
      stdio: ['ignore', log, log, 'ipc'],
    });
    fs.closeSync(log);
    child.on('message', (message: ServerMessage) => {
      if (message.type === 'notice') onNotice(message);
    });
    return new Promise((resolve, reject) => {
      child.on('message', (message: ServerMessage) => {
        if (message.type === 'ready') resolve(new ServerHandle(child, message));
        if (message.type === 'fatal') reject(new Error(`bench server (${options.role}): ${message.error}`));
      });
      child.on('exit', (code) =>
        reject(
          new Error(`bench server (${options.role}) exited with ${code} before it was ready; see ${logFile}`),
        ),
      );
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return !this.exited;
  }

  /** `kill -9`: no shutdown, nothing flushed (the reliability harness's crash). */
  async kill(): Promise<void> {
    if (this.exited) return;
    this.child.kill('SIGKILL');
    await this.exit;
  }

  stats(): Promise<ServerStats> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.exited) return reject(new Error('bench server has exited'));
      this.waiting.set(id, resolve);
      this.child.send({ type: 'stats', id } satisfies DriverMessage);
    });
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.send({ type: 'stop' } satisfies DriverMessage);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  }
}
