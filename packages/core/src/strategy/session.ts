/**
 * lock_timeout / statement_timeout around a phase's statements. A statement that waits for a lock
 * longer than the lock timeout fails instead of queueing every later query on the table behind it;
 * the phase is then retried.
 */
import type { DialectName, Statement } from '../dialects/dialect';

export interface SessionLimits {
  lockTimeoutMs: number;
  /** for the statements that run in a transaction; undefined: the server's setting */
  statementTimeoutMs?: number;
}

/** PostgreSQL's interval text for a setting: '5s', '250ms', '0' (no limit). */
export function pgDuration(ms: number): string {
  if (ms === 0) return '0';
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** Runs of consecutive transactional statements, and the statements that run on their own. */
function runs(statements: Statement[]): Statement[][] {
  const out: Statement[][] = [];
  for (const s of statements) {
    const last = out[out.length - 1];
    if (s.transactional && !s.batch && last?.[0]?.transactional && !last[0].batch) last.push(s);
    else out.push([s]);
  }
  return out;
}

/**
 * PostgreSQL: each transaction starts with SET LOCAL (gone at its end). When some statements run
 * on their own (concurrent builds, validations, batched backfills), the session gets the lock
 * timeout and no statement timeout (their duration grows with the table, and they block no
 * writes), and RESET restores both afterwards — also after a failure (cleanup).
 */
function postgres(statements: Statement[], limits: SessionLimits): Statement[] {
  const lock = pgDuration(limits.lockTimeoutMs);
  const local = (sql: string): Statement => ({ sql, transactional: true });
  const body = runs(statements).flatMap((run) =>
    run[0]!.transactional && !run[0]!.batch
      ? [
          local(`SET LOCAL lock_timeout = '${lock}'`),
          ...(limits.statementTimeoutMs === undefined
            ? []
            : [local(`SET LOCAL statement_timeout = '${pgDuration(limits.statementTimeoutMs)}'`)]),
          ...run,
        ]
      : run,
  );
  if (statements.every((s) => s.transactional && !s.batch)) return body;
  return [
    { sql: `SET lock_timeout = '${lock}'`, transactional: false },
    { sql: `SET statement_timeout = 0`, transactional: false },
    ...body,
    { sql: 'RESET lock_timeout', transactional: false, cleanup: true },
    { sql: 'RESET statement_timeout', transactional: false, cleanup: true },
  ];
}

/**
 * MySQL / MariaDB: lock_wait_timeout bounds the metadata-lock wait of DDL, innodb_lock_wait_timeout
 * the row-lock waits of a backfill (both in whole seconds). No statement timeout: MySQL's
 * max_execution_time limits SELECTs only, and MariaDB's max_statement_time would stop an online
 * rebuild half-way.
 */
function mysql(statements: Statement[], limits: SessionLimits): Statement[] {
  const seconds = Math.max(1, Math.ceil(limits.lockTimeoutMs / 1000));
  const set = (sql: string): Statement => ({ sql, transactional: false });
  const reset = (sql: string): Statement => ({ sql, transactional: false, cleanup: true });
  return [
    set(`SET SESSION lock_wait_timeout = ${seconds}`),
    set(`SET SESSION innodb_lock_wait_timeout = ${seconds}`),
    ...statements,
    reset('SET SESSION lock_wait_timeout = DEFAULT'),
    reset('SET SESSION innodb_lock_wait_timeout = DEFAULT'),
  ];
}

interface SessionSettings {
  wrap(statements: Statement[], limits: SessionLimits): Statement[];
  /** the statement timeout a phase with these up statements runs under, when the dialect sets one */
  statementTimeout(up: Statement[], limits: SessionLimits): number | undefined;
}

const SESSION: Record<DialectName, SessionSettings> = {
  postgres: {
    wrap: postgres,
    statementTimeout: (up, limits) => (up.every((s) => s.transactional && !s.batch) ? limits.statementTimeoutMs : 0),
  },
  mysql: { wrap: mysql, statementTimeout: () => undefined },
  // SQLite plans have no zero-downtime phases: one writer at a time, nothing to wait for online.
  sqlite: { wrap: (statements) => statements, statementTimeout: () => undefined },
};

/** The statements with the session settings of their phase around them (none around an empty list). */
export function withSessionLimits(dialect: DialectName, statements: Statement[], limits: SessionLimits): Statement[] {
  return statements.length ? SESSION[dialect].wrap(statements, limits) : statements;
}

/** The statement timeout a phase reports: its transactions' limit, or 0 when it runs statements on their own. */
export function reportedStatementTimeout(dialect: DialectName, up: Statement[], limits: SessionLimits): number | undefined {
  return SESSION[dialect].statementTimeout(up, limits);
}
