import type { DataSource, QueryRunner } from 'typeorm';

/**
 * TypeORM's better-sqlite3 driver hands every caller the same QueryRunner on the one connection. With
 * async code that means a transaction's BEGIN…COMMIT spans awaits during which any other query — an API
 * read, a token insert, another activity's transaction — runs *inside* it, and a ROLLBACK takes their
 * writes along. Here each caller gets its own runner on the shared connection, and one mutex admits
 * either a whole transaction or a single statement at a time. SQLite allows one writer anyway, so
 * this costs no parallelism we had.
 */
class OwnedMutex {
  private owner: unknown;
  private readonly waiting: Array<() => void> = [];

  async acquire(owner: unknown): Promise<void> {
    if (this.owner === undefined) {
      this.owner = owner;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.owner = owner;
  }

  release(owner: unknown): void {
    if (this.owner !== owner) return;
    this.owner = undefined;
    // Hand over directly (FIFO); the next owner sets itself when its promise resumes.
    const next = this.waiting.shift();
    if (next) {
      this.owner = null; // held during the hand-over so a newcomer queues instead of slipping in
      next();
    }
  }

  isHeldBy(owner: unknown): boolean {
    return this.owner === owner;
  }
}

type Runner = QueryRunner & { transactionDepth: number; stmtCache?: Map<string, unknown> };

export function serializeSqliteAccess(db: DataSource): void {
  const driver = db.driver as unknown as { createQueryRunner(mode: string): QueryRunner };
  const shared = driver.createQueryRunner('master') as Runner;
  const RunnerClass = shared.constructor as new (driver: unknown) => Runner;
  const mutex = new OwnedMutex();

  driver.createQueryRunner = () => {
    const runner = new RunnerClass(driver);
    if (shared.stmtCache) runner.stmtCache = shared.stmtCache; // keep prepared statements across runners
    const { startTransaction, commitTransaction, rollbackTransaction, query } = runner;

    runner.startTransaction = async (...args) => {
      const outermost = runner.transactionDepth === 0;
      if (outermost) await mutex.acquire(runner);
      try {
        await startTransaction.apply(runner, args);
      } catch (error) {
        if (outermost) mutex.release(runner);
        throw error;
      }
    };
    const ending = (end: () => Promise<void>) => async (): Promise<void> => {
      try {
        await end.apply(runner);
      } finally {
        if (!runner.isTransactionActive) mutex.release(runner);
      }
    };
    runner.commitTransaction = ending(commitTransaction);
    runner.rollbackTransaction = ending(rollbackTransaction);

    runner.query = (async (...args: Parameters<QueryRunner['query']>) => {
      if (mutex.isHeldBy(runner)) return query.apply(runner, args);
      await mutex.acquire(runner);
      try {
        return await query.apply(runner, args);
      } finally {
        mutex.release(runner);
      }
    }) as QueryRunner['query'];
    return runner;
  };
}
