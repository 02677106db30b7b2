import { connect } from '../../db/connect';
import type { Connection } from '../../db/connection';
import { type LockOptions, type MigrationLock, type RunnerDialect, errorCodes } from './types';

/** Errors a statement of an interrupted migration fails with when its effect is already there. */
const ALREADY_DONE = new Set([1050, 1060, 1061, 1091, 1826, 1051, 1359, 1360, 1068]);
const RETRYABLE = new Set([1205, 1213]);

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** GET_LOCK on a connection of its own: named locks are server-wide, so the name carries the database. */
class NamedLock implements MigrationLock {
  constructor(
    private readonly db: Connection,
    private readonly name: string,
  ) {}

  private async holder(): Promise<string> {
    const [used] = await this.db.query<{ id: number | null }>('SELECT IS_USED_LOCK(?) AS id', [this.name]);
    if (used?.id == null) return 'another session (it has just let go)';
    const [p] = await this.db.query<{ USER: string; HOST: string; TIME: number }>(
      'SELECT USER, HOST, TIME FROM information_schema.PROCESSLIST WHERE ID = ?',
      [used.id],
    );
    return p ? `connection ${used.id} (${p.USER}@${p.HOST}, connected ${p.TIME} s)` : `connection ${used.id}`;
  }

  async acquire(waitMs: number, onWait: (holder: string) => void): Promise<boolean> {
    const deadline = Date.now() + waitMs;
    let told = false;
    for (;;) {
      const [row] = await this.db.query<{ ok: number | null }>('SELECT GET_LOCK(?, 0) AS ok', [this.name]);
      if (Number(row?.ok) === 1) return true;
      if (!told) {
        onWait(await this.holder());
        told = true;
      }
      if (Date.now() >= deadline) return false;
      await sleep(Math.min(250, Math.max(1, deadline - Date.now())));
    }
  }

  async release(): Promise<void> {
    try {
      await this.db.query('SELECT RELEASE_LOCK(?)', [this.name]);
    } finally {
      await this.db.close();
    }
  }
}

export function mysqlRunner(table: string): RunnerDialect {
  let mariadb = true;
  return {
    name: 'mysql',
    transactionalDdl: false,
    param: () => '?',
    createHistory: (t) => [
      `CREATE TABLE IF NOT EXISTS ${t} (
  name varchar(255) NOT NULL PRIMARY KEY,
  checksum varchar(64) NOT NULL,
  applied_at timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  duration_ms int NULL,
  applied_by varchar(255) NOT NULL
) ENGINE=InnoDB`,
    ],
    async sessionLock(db: Connection, options: LockOptions) {
      const [row] = await db.query<{ db: string | null; v: string }>('SELECT DATABASE() AS db, VERSION() AS v');
      mariadb = /mariadb/i.test(row?.v ?? '');
      const name = `mig:${row?.db ?? ''}.${table}`.slice(0, 64);
      return new NamedLock(await connect(options.url), name);
    },
    begin: () => ['BEGIN'],
    limits: (lockMs, statementMs) => {
      const seconds = Math.max(1, Math.ceil(lockMs / 1000));
      const statement = mariadb
        ? [`SET SESSION max_statement_time = ${statementMs / 1000}`]
        : [`SET SESSION max_execution_time = ${statementMs}`];
      return {
        set: [`SET SESSION lock_wait_timeout = ${seconds}`, `SET SESSION innodb_lock_wait_timeout = ${seconds}`, ...statement],
        reset: [
          'SET SESSION lock_wait_timeout = DEFAULT',
          'SET SESSION innodb_lock_wait_timeout = DEFAULT',
          mariadb ? 'SET SESSION max_statement_time = DEFAULT' : 'SET SESSION max_execution_time = DEFAULT',
        ],
      };
    },
    alreadyDone: (e) => errorCodes(e).some((c) => ALREADY_DONE.has(Number(c))),
    retryable: (e) => errorCodes(e).some((c) => RETRYABLE.has(Number(c)) || c === 'ER_LOCK_WAIT_TIMEOUT' || c === 'ER_LOCK_DEADLOCK'),
  };
}
