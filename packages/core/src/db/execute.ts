import type { Dialect, Statement } from '../dialects/dialect';
import { MigError } from '../errors';
import type { Connection } from './connection';

/** After a failure, the remaining statements that restore session settings still run. */
async function runCleanups(db: Connection, rest: Statement[]): Promise<void> {
  for (const s of rest) {
    if (!s.cleanup) continue;
    try {
      await db.exec(s.sql);
    } catch {
      // The original failure is what the caller needs to see.
    }
  }
}

export interface ExecuteOptions {
  /** called after each run of a batched statement with the rows that run and all runs so far affected */
  onBatch?: (statement: Statement, rows: number, total: number) => void;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

type Batch = NonNullable<Statement['batch']>;

/** A batched statement: run on its own until a run affects no rows, pausing between runs. */
async function runBatched(db: Connection, s: Statement, batch: Batch, options: ExecuteOptions): Promise<void> {
  if (!db.execCount) {
    throw new MigError(
      `the ${db.driver} driver cannot count affected rows, which a batched statement needs; run it with pg, pglite, mysql or sqlite`,
      { code: 'NO_ROW_COUNT' },
    );
  }
  let total = 0;
  for (;;) {
    const rows = await db.execCount(s.sql);
    total += rows;
    options.onBatch?.(s, rows, total);
    if (rows === 0) return;
    if (batch.pauseMs > 0) await sleep(batch.pauseMs);
  }
}

function runOne(db: Connection, s: Statement, options: ExecuteOptions): Promise<void> {
  return s.batch ? runBatched(db, s, s.batch, options) : db.exec(s.sql);
}

/**
 * Run statements in order. Consecutive transactional statements share one transaction where the
 * dialect has transactional DDL (so a failure leaves nothing half-applied); statements that cannot
 * run in a transaction, and batched statements (each run commits), run on their own, between
 * those transactions.
 */
export async function executeStatements(
  db: Connection,
  dialect: Dialect,
  statements: Statement[],
  options: ExecuteOptions = {},
): Promise<void> {
  const groups: Statement[][] = [];
  for (const s of statements) {
    const last = groups[groups.length - 1];
    const batchable = s.transactional && !s.batch && dialect.supportsTransactionalDdl;
    if (batchable && last && last[0]!.transactional && !last[0]!.batch) last.push(s);
    else groups.push([s]);
  }
  for (const [g, group] of groups.entries()) {
    const inTransaction = group[0]!.transactional && !group[0]!.batch && dialect.supportsTransactionalDdl;
    if (inTransaction) await db.exec('BEGIN');
    for (const [i, s] of group.entries()) {
      try {
        await runOne(db, s, options);
      } catch (e) {
        if (inTransaction) await db.exec('ROLLBACK');
        await runCleanups(db, [...group.slice(i + 1), ...groups.slice(g + 1).flat()]);
        throw new MigError(`statement failed: ${s.sql.split('\n')[0]} — ${(e as Error).message}`, {
          code: 'STATEMENT_FAILED',
          cause: e,
        });
      }
    }
    if (inTransaction) await db.exec('COMMIT');
  }
}
