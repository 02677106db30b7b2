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

/**
 * Run statements in order. Consecutive transactional statements share one transaction where the
 * dialect has transactional DDL (so a failure leaves nothing half-applied); statements that cannot
 * run in a transaction run on their own, between those transactions.
 */
export async function executeStatements(db: Connection, dialect: Dialect, statements: Statement[]): Promise<void> {
  const groups: Statement[][] = [];
  for (const s of statements) {
    const last = groups[groups.length - 1];
    const batchable = s.transactional && dialect.supportsTransactionalDdl;
    if (batchable && last && last[0]!.transactional) last.push(s);
    else groups.push([s]);
  }
  for (const [g, group] of groups.entries()) {
    const inTransaction = group[0]!.transactional && dialect.supportsTransactionalDdl;
    if (inTransaction) await db.exec('BEGIN');
    for (const [i, s] of group.entries()) {
      try {
        await db.exec(s.sql);
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
