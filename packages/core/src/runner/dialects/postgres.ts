import { createHash } from 'node:crypto';
import { connect } from '../../db/connect';
import type { Connection } from '../../db/connection';
import { splitStatements } from '../../safety/postgres/parse';
import { type LockOptions, type MigrationLock, type RunnerDialect, errorCodes } from './types';

/** The advisory lock key: a constant class for mig, and the history table's hash as the object. */
const LOCK_CLASS = 0x6d6967; // 'mig'

function lockObject(table: string): number {
  return createHash('sha256').update(table).digest().readInt32BE(0) & 0x7fffffff;
}

/** SQLSTATEs a statement of an interrupted migration fails with when its effect is already there. */
const ALREADY_DONE = new Set(['42P07', '42701', '42710', '42P06', '42704', '42P01', '42703']);
const RETRYABLE = new Set(['55P03', '40P01']);

async function holderOf(db: Connection, object: number): Promise<string> {
  const [row] = await db.query<{ pid: number; usename: string; application_name: string; client_addr: string | null; backend_start: Date }>(
    `SELECT a.pid, a.usename, a.application_name, a.client_addr::text AS client_addr, a.backend_start
       FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.classid = ${LOCK_CLASS} AND l.objid = ${object} AND l.objsubid = 2 AND l.granted`,
  );
  if (!row) return 'another session (it has just let go)';
  const since = row.backend_start instanceof Date ? row.backend_start.toISOString() : String(row.backend_start);
  return `PostgreSQL backend ${row.pid} (user ${row.usename}${row.application_name ? `, ${row.application_name}` : ''}${row.client_addr ? ` from ${row.client_addr}` : ''}, connected ${since})`;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

class AdvisoryLock implements MigrationLock {
  constructor(
    private readonly db: Connection,
    private readonly object: number,
    private readonly owned: boolean,
  ) {}

  async acquire(waitMs: number, onWait: (holder: string) => void): Promise<boolean> {
    const deadline = Date.now() + waitMs;
    let told = false;
    for (;;) {
      const [row] = await this.db.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(${LOCK_CLASS}, ${this.object}) AS ok`);
      if (row?.ok) return true;
      if (!told) {
        onWait(await holderOf(this.db, this.object));
        told = true;
      }
      if (Date.now() >= deadline) return false;
      await sleep(Math.min(250, Math.max(1, deadline - Date.now())));
    }
  }

  async release(): Promise<void> {
    try {
      await this.db.query(`SELECT pg_advisory_unlock(${LOCK_CLASS}, ${this.object})`);
    } finally {
      if (this.owned) await this.db.close();
    }
  }
}

/** The index a `CREATE INDEX CONCURRENTLY` builds, when the statement is one. */
function concurrentIndexName(sql: string): string | undefined {
  const [parsed] = splitStatements(sql);
  const stmt = (parsed?.node as { IndexStmt?: { idxname?: string; concurrent?: boolean } } | undefined)?.IndexStmt;
  return stmt?.concurrent && stmt.idxname ? stmt.idxname : undefined;
}

/**
 * A concurrent build that failed leaves its index behind, INVALID: it slows every write and makes
 * the next build fail with "already exists". Drop it (concurrently) before building again.
 */
async function dropInvalidIndex(db: Connection, sql: string): Promise<string | undefined> {
  const name = concurrentIndexName(sql);
  if (!name) return undefined;
  const [row] = await db.query<{ schema: string }>(
    `SELECT n.nspname AS schema FROM pg_index i
       JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relname = $1 AND n.nspname = ANY (current_schemas(false)) AND NOT i.indisvalid`,
    [name],
  );
  if (!row) return undefined;
  const quote = (id: string) => `"${id.replace(/"/g, '""')}"`;
  await db.exec(`DROP INDEX CONCURRENTLY IF EXISTS ${quote(row.schema)}.${quote(name)}`);
  return `dropped the INVALID index ${name} a failed concurrent build left`;
}

export function postgresRunner(table: string): RunnerDialect {
  const object = lockObject(table);
  return {
    name: 'postgres',
    transactionalDdl: true,
    param: (n) => `$${n}`,
    createHistory: (t) => [
      `CREATE TABLE IF NOT EXISTS ${t} (
  name varchar(255) PRIMARY KEY,
  checksum varchar(64) NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(),
  duration_ms integer,
  applied_by varchar(255) NOT NULL
)`,
    ],
    async sessionLock(db: Connection, options: LockOptions) {
      if (options.mode === 'xact') return undefined;
      // PGlite is one connection in this process: the lock lives on it
      if (db.driver === 'pglite') return new AdvisoryLock(db, object, false);
      return new AdvisoryLock(await connect(options.url), object, true);
    },
    begin: (options, waitMs) =>
      options.mode === 'xact'
        ? ['BEGIN', `SET LOCAL lock_timeout = '${Math.max(1, waitMs)}ms'`, `SELECT pg_advisory_xact_lock(${LOCK_CLASS}, ${object})`]
        : ['BEGIN'],
    // both settings in one round trip: set_config(name, value, true) is SET LOCAL, (…, false) is SET
    limits: (lockMs, statementMs, inTransaction) => ({
      set: [
        `SELECT set_config('lock_timeout', '${lockMs}ms', ${inTransaction}), set_config('statement_timeout', '${statementMs}ms', ${inTransaction})`,
      ],
      reset: inTransaction ? [] : ['RESET lock_timeout', 'RESET statement_timeout'],
    }),
    beforeStatement: dropInvalidIndex,
    alreadyDone: (e) => errorCodes(e).some((c) => ALREADY_DONE.has(String(c))),
    retryable: (e) => errorCodes(e).some((c) => RETRYABLE.has(String(c))),
  };
}
