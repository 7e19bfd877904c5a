import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { createConnection } from 'mysql2/promise';
import { findFreePort } from '../runtime/free-port';

const run = promisify(execFile);

/** Where the server and its installer are (Debian's packages put them here); env vars override. */
const MARIADBD = process.env.LINEFLOW_MARIADBD_PATH ?? '/usr/sbin/mariadbd';
const INSTALL_DB = process.env.LINEFLOW_MARIADB_INSTALL_DB_PATH ?? 'mariadb-install-db';

/**
 * A MariaDB server of the harness's own: its own data directory (initialised here), port and socket,
 * run as the current user. The MariaDB fault stops *this* server, never the machine's shared one on
 * 3306 that other test runs use: `kill -9`, then a start on the same data directory and port.
 */
export class PrivateMariadb {
  private child?: ChildProcess;
  private exited?: Promise<void>;

  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  /** Initialises a data directory under `dir` and starts the server on a free port. */
  static async create(dir: string): Promise<PrivateMariadb> {
    fs.mkdirSync(dir, { recursive: true });
    if (!fs.existsSync(MARIADBD))
      throw new Error(`mariadbd not found at ${MARIADBD} (set LINEFLOW_MARIADBD_PATH)`);
    await run(
      INSTALL_DB,
      [
        '--no-defaults',
        `--datadir=${path.join(dir, 'data')}`,
        '--auth-root-authentication-method=normal',
        '--skip-test-db',
        ...asUser(),
      ],
      { timeout: 120_000 },
    ).catch((error: Error & { stderr?: string }) => {
      throw new Error(`mariadb-install-db failed: ${error.stderr ?? error.message}`);
    });
    const server = new PrivateMariadb(dir, await findFreePort());
    await server.start();
    return server;
  }

  /** mysql://root@127.0.0.1:port/[database] */
  url(database = ''): string {
    return `mysql://root@127.0.0.1:${this.port}/${database}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts mariadbd on the data directory and waits until it accepts connections. */
  async start(): Promise<void> {
    if (this.child) return;
    const log = fs.openSync(path.join(this.dir, 'mariadbd.log'), 'a');
    const child = spawn(
      MARIADBD,
      [
        '--no-defaults',
        `--datadir=${path.join(this.dir, 'data')}`,
        `--port=${this.port}`,
        '--bind-address=127.0.0.1',
        `--socket=${path.join(this.dir, 'mariadbd.sock')}`,
        `--pid-file=${path.join(this.dir, 'mariadbd.pid')}`,
        '--skip-log-bin',
        '--innodb-buffer-pool-size=64M',
        '--max-connections=300',
        ...asUser(),
      ],
      { stdio: ['ignore', log, log] },
    );
    fs.closeSync(log);
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    void this.exited.then(() => {
      if (this.child === child) this.child = undefined;
    });
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        const connection = await createConnection(this.url());
        await connection.end();
        return;
      } catch (error) {
        if (!this.child || Date.now() > deadline)
          throw new Error(
            `the private mariadbd did not start (${(error as Error).message}); see ${this.dir}/mariadbd.log`,
          );
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }

  /** `kill -9`: the server is gone at once, mid-transaction; InnoDB recovers on the next start. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill('SIGKILL');
    await this.exited;
    this.child = undefined;
  }

  /** A clean shutdown (the harness's cleanup). */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await this.exited;
    clearTimeout(timer);
    this.child = undefined;
  }
}

/** mariadbd refuses to run as root unless told to. */
const asUser = () => (process.getuid?.() === 0 ? ['--user=root'] : []);
