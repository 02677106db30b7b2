import type { Connection } from '../../db/connection';
import type { DialectName } from '../../dialects/dialect';

/** Who holds the migration lock, as the database reports it. */
export interface LockHolder {
  description: string;
}

/** The migration lock of one run, taken before the history is read and held until the run ends. */
export interface MigrationLock {
  /** wait up to `waitMs` for the lock; `onWait` is told once who holds it. False when the wait ran out. */
  acquire(waitMs: number, onWait: (holder: string) => void): Promise<boolean>;
  release(): Promise<void>;
}

export interface LockOptions {
  url: string;
  /** `session` (default): one lock for the whole run, on a connection of its own; `xact`: one per migration transaction */
  mode: 'session' | 'xact';
}

/**
 * What the runner needs from each database: the history table, the migration lock, and the
 * session settings that bound a migration's lock waits and statements.
 */
export interface RunnerDialect {
  readonly name: DialectName;
  /** the database can roll back DDL: a migration and its history row commit together */
  readonly transactionalDdl: boolean;
  /** placeholder for the n-th (1-based) query parameter */
  param(n: number): string;
  createHistory(table: string): string[];
  /** a lock held for the run; undefined where each migration's own transaction is the lock (SQLite, xact mode) */
  sessionLock(db: Connection, options: LockOptions): Promise<MigrationLock | undefined>;
  /**
   * statements opening a migration's transaction; they take the per-migration lock where there is
   * one, waiting up to `waitMs` for another run (`--lock-wait`), or where that lock is also the
   * application's (SQLite's write lock), up to the migration's `lockTimeoutMs`
   */
  begin(options: LockOptions, waitMs: number, lockTimeoutMs: number): string[];
  /** settings for one migration, and the statements that undo them afterwards (none inside a transaction) */
  limits(lockTimeoutMs: number, statementTimeoutMs: number, inTransaction: boolean): { set: string[]; reset: string[] };
  /** the error says the statement's effect is already there (resuming an interrupted migration) */
  alreadyDone(error: unknown): boolean;
  /**
   * Work before a statement outside a transaction, e.g. dropping the INVALID index a failed
   * concurrent build left, so the build can run again. Returns what it did, for the output.
   */
  beforeStatement?(db: Connection, sql: string): Promise<string | undefined>;
  /** the error is a lock timeout or deadlock: worth another attempt */
  retryable(error: unknown): boolean;
}

/** The database error's code (SQLSTATE, errno or driver code), looking through causes. */
export function errorCodes(error: unknown): unknown[] {
  const codes: unknown[] = [];
  let e: unknown = error;
  for (let depth = 0; typeof e === 'object' && e !== null && depth < 5; depth++) {
    const { code, errno, cause } = e as { code?: unknown; errno?: unknown; cause?: unknown };
    if (code !== undefined) codes.push(code);
    if (errno !== undefined) codes.push(errno);
    e = cause;
  }
  return codes;
}
