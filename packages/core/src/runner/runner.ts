import { hostname, userInfo } from 'node:os';
import { Umzug } from 'umzug';
import { connect } from '../db/connect';
import type { Connection } from '../db/connection';
import type { DialectName } from '../dialects/dialect';
import { redactUrl } from '../db/connection';
import { MigError } from '../errors';
import { loadPostgresParser } from '../safety/postgres/parse';
import { RUNNER_DIALECTS, type LockOptions, type MigrationLock, type RunnerDialect } from './dialects';
import { type MigrationFile, type MigrationScript, readMigrations } from './migration-files';
import { type ScriptStatement, splitScript } from './script';

export type Direction = 'up' | 'down';

export interface RunnerOptions {
  /** the database (passwords are never printed) */
  url: string;
  /** the migrations directory */
  dir: string;
  /** the history table (default `mig_migrations`) */
  historyTable?: string;
  /** `session` (default): one lock for the run; `xact`: per migration transaction, for PgBouncer-style poolers */
  lockMode?: 'session' | 'xact';
  /** how long to wait for another run's lock (default 10 min) */
  lockWaitMs?: number;
  /** each migration's lock_timeout (default 5 s) and statement_timeout (default 0: none), unless its file says */
  lockTimeoutMs?: number;
  statementTimeoutMs?: number;
  /** attempts on a lock timeout or deadlock (default 3), with this backoff doubling from (default 1 s) */
  retries?: number;
  retryBackoffMs?: number;
  /** run migrations whose names sort before applied ones, and tolerate applied ones missing from disk */
  allowOutOfOrder?: boolean;
  /** also run `-- mig:after-deploy` migrations (contract steps) */
  afterDeploy?: boolean;
  /** recorded in the history (default user@host) */
  appliedBy?: string;
  onEvent?: (event: RunnerEvent) => void;
}

export type RunnerEvent =
  | { kind: 'lock-wait'; holder: string }
  | { kind: 'start'; name: string; direction: Direction }
  | { kind: 'done'; name: string; direction: Direction; ms: number }
  | { kind: 'skip'; name: string; direction: Direction; reason: string }
  | { kind: 'retry'; name: string; attempt: number; waitMs: number; error: string }
  | { kind: 'batch'; name: string; rows: number; total: number }
  | { kind: 'progress'; name: string; line: number; seconds: number }
  | { kind: 'already-done'; name: string; line: number; error: string }
  | { kind: 'cleanup'; name: string; line: number; what: string }
  | { kind: 'stopped'; before: string; reason: string };

export type MigrationStatus = 'Success' | 'Error' | 'NotExecuted';

export interface MigrationResult {
  name: string;
  direction: Direction;
  status: MigrationStatus;
  durationMs?: number;
  error?: string;
}

export interface RunResult {
  results: MigrationResult[];
  /** the first after-deploy migration the run stopped before */
  stoppedBefore?: string;
}

export interface HistoryRow {
  name: string;
  checksum: string;
  applied_at: unknown;
  /** null: started and not finished (a migration outside a transaction was interrupted) */
  duration_ms: number | null;
  applied_by: string;
}

export type StatusState = 'applied' | 'pending' | 'interrupted' | 'drifted' | 'missing';

export interface StatusEntry {
  name: string;
  state: StatusState;
  appliedAt?: string;
  durationMs?: number;
  appliedBy?: string;
  afterDeploy?: boolean;
}

const DEFAULTS = {
  historyTable: 'mig_migrations',
  lockWaitMs: 600_000,
  lockTimeoutMs: 5_000,
  statementTimeoutMs: 0,
  retries: 3,
  retryBackoffMs: 1_000,
};

const PROGRESS_EVERY_MS = 5_000;
/** Text safe as a SQL string literal as it is: no quotes, no backslashes. */
const PLAIN_TEXT = /^[A-Za-z0-9_.@:+\-]*$/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0] ?? '';
}

function iso(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  return v instanceof Date ? v.toISOString() : String(v);
}

/** A failure around the statements: opening or committing the migration's transaction (SQLite's write lock). */
function transactionFailure(file: MigrationFile, direction: Direction, e: unknown): MigError {
  return new MigError(`migration ${file.name} (${direction}) failed: ${firstLine(e)}`, { code: 'MIGRATION_FAILED', cause: e });
}

/** The failure of one statement: names the migration, the direction, the file and line, the statement and the database's error. */
function statementFailure(file: MigrationFile, direction: Direction, script: MigrationScript, s: ScriptStatement, e: unknown): MigError {
  const sql = s.sql.replace(/\s+/g, ' ');
  return new MigError(
    `migration ${file.name} (${direction}) failed at ${script.path}:${s.line}: ${sql.length > 120 ? `${sql.slice(0, 120)}…` : sql} — ${firstLine(e)}`,
    { code: 'MIGRATION_FAILED', cause: e },
  );
}

class Run {
  readonly table: string;
  readonly rd: RunnerDialect;
  readonly lockOptions: LockOptions;
  readonly o: Required<Omit<RunnerOptions, 'onEvent' | 'appliedBy'>> & { appliedBy: string };
  /** the history is read inside each migration's own transaction (SQLite, xact mode) */
  readonly perMigrationLock: boolean;
  readonly results = new Map<string, MigrationResult>();
  /** statements of the open transaction to send with its COMMIT */
  private withCommit: string[] = [];
  /** the names the history held when last read (under the run's lock): only these need their row replaced */
  private recorded = new Set<string>();

  constructor(
    readonly db: Connection,
    readonly files: MigrationFile[],
    options: RunnerOptions,
  ) {
    const table = options.historyTable ?? DEFAULTS.historyTable;
    if (!IDENTIFIER.test(table)) {
      throw new MigError(`history table "${table}" must be letters, digits and _ (at most 63); pass another --history-table`, {
        code: 'BAD_OPTIONS',
      });
    }
    this.table = table;
    this.rd = RUNNER_DIALECTS[db.dialect](table);
    this.o = {
      url: options.url,
      dir: options.dir,
      historyTable: table,
      lockMode: options.lockMode ?? 'session',
      lockWaitMs: options.lockWaitMs ?? DEFAULTS.lockWaitMs,
      lockTimeoutMs: options.lockTimeoutMs ?? DEFAULTS.lockTimeoutMs,
      statementTimeoutMs: options.statementTimeoutMs ?? DEFAULTS.statementTimeoutMs,
      retries: options.retries ?? DEFAULTS.retries,
      retryBackoffMs: options.retryBackoffMs ?? DEFAULTS.retryBackoffMs,
      allowOutOfOrder: options.allowOutOfOrder ?? false,
      afterDeploy: options.afterDeploy ?? false,
      appliedBy: options.appliedBy ?? `${userInfo().username}@${hostname()}`,
    };
    if (this.o.lockMode === 'xact' && db.dialect !== 'postgres') {
      throw new MigError('--lock-mode xact is for PostgreSQL behind a transaction pooler; leave it at session here', {
        code: 'BAD_OPTIONS',
      });
    }
    this.lockOptions = { url: options.url, mode: this.o.lockMode };
    this.perMigrationLock = this.o.lockMode === 'xact' || db.dialect === 'sqlite';
    this.emit = options.onEvent ?? (() => undefined);
  }

  readonly emit: (event: RunnerEvent) => void;

  private p(n: number): string {
    return this.rd.param(n);
  }

  async history(): Promise<HistoryRow[]> {
    const rows = await this.db.query<HistoryRow>(
      `SELECT name, checksum, applied_at, duration_ms, applied_by FROM ${this.table} ORDER BY name`,
    );
    this.recorded = new Set(rows.map((r) => r.name));
    return rows;
  }

  async historyExists(): Promise<boolean> {
    try {
      await this.db.query(`SELECT name FROM ${this.table} WHERE 1 = 0`);
      return true;
    } catch {
      return false;
    }
  }

  /** Create the history table (under the lock, so concurrent first runs do not race). */
  async ensureHistory(): Promise<void> {
    if (await this.historyExists()) return;
    if (this.perMigrationLock) {
      await this.inTransaction(async () => {
        for (const sql of this.rd.createHistory(this.table)) await this.db.exec(sql);
      });
    } else {
      for (const sql of this.rd.createHistory(this.table)) await this.db.exec(sql);
    }
  }

  /** `lockTimeoutMs`: a migration's own bound on its lock waits (the history table's creation has none but the run's) */
  private async inTransaction<T>(work: () => Promise<T>, lockTimeoutMs = this.o.lockWaitMs, settings: string[] = []): Promise<T> {
    const begin = [...this.rd.begin(this.lockOptions, this.o.lockWaitMs, lockTimeoutMs), ...settings];
    // one round trip: the opening statements and the migration's settings go together
    if (begin.length > 1) await this.db.execScript(begin.join(';\n'));
    else for (const sql of begin) await this.db.exec(sql);
    try {
      this.withCommit = [];
      const out = await work();
      // the history row, when it can be written as plain SQL, travels with the COMMIT: one round trip
      const finish = [...this.withCommit, 'COMMIT'];
      this.withCommit = [];
      if (finish.length > 1) await this.db.execScript(finish.join(';\n'));
      else await this.db.exec('COMMIT');
      return out;
    } catch (e) {
      await this.db.exec('ROLLBACK').catch(() => undefined);
      throw e;
    }
  }

  /** Drift, missing and out-of-order checks of the files against the history. */
  verify(history: HistoryRow[], pendingOnly = false): void {
    const byName = new Map(this.files.map((f) => [f.name, f]));
    for (const row of history) {
      const file = byName.get(row.name);
      if (!file) {
        if (this.o.allowOutOfOrder || pendingOnly) continue;
        throw new MigError(
          `migration ${row.name} is in the history but not in ${this.o.dir}; restore the file, or pass --allow-out-of-order to go on without it`,
          { code: 'MISSING_MIGRATION' },
        );
      }
      if (row.checksum !== file.checksum && row.duration_ms !== null) {
        throw new MigError(
          `${file.up.path} was edited after it was applied (checksum ${row.checksum.slice(0, 12)}… in the history, ${file.checksum.slice(0, 12)}… on disk); restore it and put the change in a new migration`,
          { code: 'DRIFT' },
        );
      }
    }
    if (this.o.allowOutOfOrder || pendingOnly) return;
    const applied = history.filter((r) => r.duration_ms !== null).map((r) => r.name);
    const last = applied.reduce<string | undefined>((a, b) => (a === undefined || b > a ? b : a), undefined);
    const early = this.files.find((f) => last !== undefined && f.name < last && !applied.includes(f.name));
    if (early) {
      throw new MigError(
        `migration ${early.name} is new but sorts before ${last}, which is applied; rename it to sort last, or pass --allow-out-of-order`,
        { code: 'OUT_OF_ORDER' },
      );
    }
  }

  private result(name: string, direction: Direction): MigrationResult {
    const r = this.results.get(name) ?? { name, direction, status: 'NotExecuted' as MigrationStatus };
    this.results.set(name, r);
    return r;
  }

  /** Run one statement, repeating it while it changes rows when marked, reporting progress of long ones. */
  private async runStatement(file: MigrationFile, s: ScriptStatement): Promise<void> {
    const started = Date.now();
    const timer = setInterval(
      () => this.emit({ kind: 'progress', name: file.name, line: s.line, seconds: Math.round((Date.now() - started) / 1000) }),
      PROGRESS_EVERY_MS,
    );
    timer.unref();
    try {
      if (!s.repeat) return await this.db.exec(s.sql);
      if (!this.db.execCount) {
        throw new MigError(`the ${this.db.driver} driver cannot count changed rows, which -- mig:repeat needs`, { code: 'NO_ROW_COUNT' });
      }
      let total = 0;
      for (;;) {
        const rows = await this.db.execCount(s.sql);
        total += rows;
        this.emit({ kind: 'batch', name: file.name, rows, total });
        if (rows === 0) return;
        if (s.pauseMs) await sleep(s.pauseMs);
      }
    } finally {
      clearInterval(timer);
    }
  }

  private script(file: MigrationFile, direction: Direction): MigrationScript {
    const script = direction === 'up' ? file.up : file.down;
    if (!script) {
      throw new MigError(`migration ${file.name} has no down file; write ${file.name}.down.sql to roll it back`, { code: 'NO_DOWN' });
    }
    return script;
  }

  /** Apply or revert one migration, as its file and the database allow. */
  async apply(file: MigrationFile, direction: Direction): Promise<void> {
    const script = this.script(file, direction);
    const statements = await statementsOf(this.db.dialect, script);
    const transactional = this.rd.transactionalDdl && script.directives.transaction && !statements.some((s) => s.repeat);
    const result = this.result(file.name, direction);
    const started = Date.now();
    this.emit({ kind: 'start', name: file.name, direction });
    try {
      const ran = transactional
        ? await this.applyInTransaction(file, direction, script, statements)
        : await this.applyOutside(file, direction, script, statements);
      result.status = 'Success';
      result.durationMs = Date.now() - started;
      if (ran) this.emit({ kind: 'done', name: file.name, direction, ms: result.durationMs });
    } catch (e) {
      result.status = 'Error';
      result.error = firstLine(e);
      throw e;
    }
  }

  private async recordedRow(name: string): Promise<HistoryRow | undefined> {
    const [row] = await this.db.query<HistoryRow>(
      `SELECT name, checksum, applied_at, duration_ms, applied_by FROM ${this.table} WHERE name = ${this.p(1)}`,
      [name],
    );
    return row;
  }

  /** Write the history row; `replace` when one may be there already (an interrupted attempt's). */
  private async record(file: MigrationFile, durationMs: number, replace: boolean, withCommit = false): Promise<void> {
    const values = [file.name, file.checksum, this.o.appliedBy];
    if (withCommit && values.every((v) => PLAIN_TEXT.test(v))) {
      // only letters, digits and a few marks: a literal that reads the same in every dialect and mode
      const [name, checksum, by] = values.map((v) => `'${v}'`);
      if (replace) this.withCommit.push(`DELETE FROM ${this.table} WHERE name = ${name}`);
      this.withCommit.push(`INSERT INTO ${this.table} (name, checksum, duration_ms, applied_by) VALUES (${name}, ${checksum}, ${Math.round(durationMs)}, ${by})`);
      return;
    }
    if (replace) await this.db.query(`DELETE FROM ${this.table} WHERE name = ${this.p(1)}`, [file.name]);
    await this.db.query(
      `INSERT INTO ${this.table} (name, checksum, duration_ms, applied_by) VALUES (${this.p(1)}, ${this.p(2)}, ${this.p(3)}, ${this.p(4)})`,
      [file.name, file.checksum, durationMs, this.o.appliedBy],
    );
  }

  private async unrecord(file: MigrationFile): Promise<void> {
    await this.db.query(`DELETE FROM ${this.table} WHERE name = ${this.p(1)}`, [file.name]);
  }

  private limits(script: MigrationScript, inTransaction: boolean) {
    return this.rd.limits(
      script.directives.lockTimeoutMs ?? this.o.lockTimeoutMs,
      script.directives.statementTimeoutMs ?? this.o.statementTimeoutMs,
      inTransaction,
    );
  }

  private async backoff(file: MigrationFile, attempt: number, e: unknown): Promise<void> {
    const waitMs = this.o.retryBackoffMs * 2 ** (attempt - 1);
    this.emit({ kind: 'retry', name: file.name, attempt: attempt + 1, waitMs, error: firstLine(e) });
    await sleep(waitMs);
  }

  /**
   * One transaction: the statements and the history row commit together, or nothing does. A lock
   * timeout or deadlock rolls everything back and the migration is tried again after a pause.
   * Returns false when another run had already done it (seen under the per-migration lock).
   */
  private async applyInTransaction(
    file: MigrationFile,
    direction: Direction,
    script: MigrationScript,
    statements: ScriptStatement[],
  ): Promise<boolean> {
    const attempts = script.directives.retries ?? this.o.retries;
    for (let attempt = 1; ; attempt++) {
      const started = Date.now();
      let current: ScriptStatement | undefined;
      try {
        return await this.inTransaction(async () => {
          // under the session lock the history read at the start still holds; else read it again here
          let replace = this.recorded.has(file.name);
          if (this.perMigrationLock) {
            const row = await this.recordedRow(file.name);
            replace = row !== undefined;
            const done = direction === 'up' ? row !== undefined && row.duration_ms !== null : row === undefined;
            if (done) {
              this.emit({ kind: 'skip', name: file.name, direction, reason: 'another run did it first' });
              return false;
            }
          }
          if (this.perMigrationLock) for (const sql of this.limits(script, true).set) await this.db.exec(sql);
          for (const s of statements) {
            current = s;
            await this.runStatement(file, s);
          }
          current = undefined;
          if (direction === 'up') await this.record(file, Date.now() - started, replace, true);
          else await this.unrecord(file);
          return true;
        }, script.directives.lockTimeoutMs ?? this.o.lockTimeoutMs, this.perMigrationLock ? [] : this.limits(script, true).set);
      } catch (e) {
        if (attempt < attempts && this.rd.retryable(e)) {
          await this.backoff(file, attempt, e);
          continue;
        }
        if (current) throw statementFailure(file, direction, script, current, e);
        throw e instanceof MigError ? e : transactionFailure(file, direction, e);
      }
    }
  }

  /**
   * Outside a transaction (no transactional DDL, `-- mig:no-transaction`, repeated batches): the
   * history row is written first, unfinished, and completed at the end. A run that finds an
   * unfinished row resumes the migration: statements whose effect is already there are skipped.
   * A statement that hits a lock timeout is tried again on its own.
   */
  private async applyOutside(file: MigrationFile, direction: Direction, script: MigrationScript, statements: ScriptStatement[]): Promise<boolean> {
    if (this.o.lockMode === 'xact') {
      throw new MigError(
        `migration ${file.name} runs outside a transaction, which --lock-mode xact cannot cover; run it with --lock-mode session on a direct connection`,
        { code: 'NEEDS_SESSION_LOCK' },
      );
    }
    const row = await this.recordedRow(file.name);
    const resuming = direction === 'up' ? row !== undefined && row.duration_ms === null : true;
    if (direction === 'up' && !row) {
      await this.db.query(
        `INSERT INTO ${this.table} (name, checksum, duration_ms, applied_by) VALUES (${this.p(1)}, ${this.p(2)}, NULL, ${this.p(3)})`,
        [file.name, file.checksum, this.o.appliedBy],
      );
    }
    const started = Date.now();
    const attempts = script.directives.retries ?? this.o.retries;
    const limits = this.limits(script, false);
    for (const sql of limits.set) await this.db.exec(sql);
    let ran = false;
    try {
      for (const s of statements) {
        for (let attempt = 1; ; attempt++) {
          try {
            const cleaned = await this.rd.beforeStatement?.(this.db, s.sql);
            if (cleaned) this.emit({ kind: 'cleanup', name: file.name, line: s.line, what: cleaned });
            await this.runStatement(file, s);
            ran = true;
            break;
          } catch (e) {
            if (resuming && this.rd.alreadyDone(e)) {
              this.emit({ kind: 'already-done', name: file.name, line: s.line, error: firstLine(e) });
              break;
            }
            if (attempt < attempts && this.rd.retryable(e)) {
              await this.backoff(file, attempt, e);
              continue;
            }
            // its first statement never got its lock: the migration changed nothing, so it is pending, not interrupted
            if (direction === 'up' && !resuming && !ran && this.rd.retryable(e)) await this.unrecord(file).catch(() => undefined);
            throw statementFailure(file, direction, script, s, e);
          }
        }
      }
    } finally {
      for (const sql of limits.reset) await this.db.exec(sql).catch(() => undefined);
    }
    if (direction === 'up') {
      await this.db.query(`UPDATE ${this.table} SET duration_ms = ${this.p(1)}, checksum = ${this.p(2)} WHERE name = ${this.p(3)}`, [
        Date.now() - started,
        file.checksum,
        file.name,
      ]);
    } else {
      await this.unrecord(file);
    }
    return true;
  }

  umzug(): Umzug<Record<string, never>> {
    return new Umzug({
      migrations: this.files.map((f) => ({
        name: f.name,
        path: f.up.path,
        up: () => this.apply(f, 'up'),
        down: () => this.apply(f, 'down'),
      })),
      storage: {
        executed: async () => (await this.history()).filter((r) => r.duration_ms !== null).map((r) => r.name),
        // the history row is written by the migration itself, inside its transaction
        logMigration: async () => undefined,
        unlogMigration: async () => undefined,
      },
      logger: undefined,
    });
  }
}

/**
 * A script's statements. PostgreSQL's are split by its own parser, loaded only when there is a
 * script to split: a run with nothing pending never pays for it.
 */
async function statementsOf(dialect: DialectName, script: MigrationScript): Promise<ScriptStatement[]> {
  if (dialect === 'postgres') await loadPostgresParser();
  return splitScript(dialect, script.text, script.path);
}

/** The MigError a migration threw, out of umzug's wrapper. */
function unwrap(e: unknown): unknown {
  let cur: unknown = e;
  for (let i = 0; i < 5 && cur; i++) {
    if (cur instanceof MigError) return cur;
    cur = (cur as { cause?: unknown }).cause;
  }
  return e;
}

async function openRun(options: RunnerOptions): Promise<Run> {
  const files = readMigrations(options.dir);
  const db = await connect(options.url);
  try {
    return new Run(db, files, options);
  } catch (e) {
    await db.close();
    throw e;
  }
}

/**
 * Wait up to `waitMs` for a run's lock, telling `onEvent` who holds it; when the wait runs out, let
 * go of the lock's connection and fail cleanly, naming the holder.
 */
export async function takeRunLock(lock: MigrationLock, waitMs: number, onEvent?: (event: RunnerEvent) => void): Promise<void> {
  let holder = 'another run';
  const got = await lock.acquire(waitMs, (h) => {
    holder = h;
    onEvent?.({ kind: 'lock-wait', holder: h });
  });
  if (got) return;
  await lock.release().catch(() => undefined);
  throw new MigError(`the migration lock is held by ${holder}; gave up after ${waitMs / 1000} s (--lock-wait); nothing was applied`, {
    code: 'LOCK_TIMEOUT',
  });
}

/** Take the run's lock (where it has one), run `work`, and let go of everything. */
async function locked<T>(run: Run, work: () => Promise<T>): Promise<T> {
  try {
    const lock = await run.rd.sessionLock(run.db, run.lockOptions);
    if (lock) await takeRunLock(lock, run.o.lockWaitMs, run.emit);
    try {
      await run.ensureHistory();
      return await work();
    } finally {
      await lock?.release().catch(() => undefined);
    }
  } finally {
    await run.db.close();
  }
}

function outcome(run: Run, planned: string[], direction: Direction, stoppedBefore?: string): RunResult {
  return {
    results: planned.map((name) => run.results.get(name) ?? { name, direction, status: 'NotExecuted' as MigrationStatus }),
    ...(stoppedBefore ? { stoppedBefore } : {}),
  };
}

export class RunFailed extends MigError {
  constructor(
    cause: unknown,
    readonly result: RunResult,
  ) {
    super(firstLine(cause), { code: cause instanceof MigError ? cause.code : 'MIGRATION_FAILED', cause });
  }
}

/** Apply pending migrations in name order, each in its own transaction where the database allows. */
export async function migrate(options: RunnerOptions & { to?: string }): Promise<RunResult> {
  const run = await openRun(options);
  return locked(run, async () => {
    const history = await run.history();
    run.verify(history);
    const umzug = run.umzug();
    const pending = (await umzug.pending()).map((m) => m.name);
    if (options.to !== undefined && !pending.includes(options.to)) {
      const known = run.files.some((f) => f.name === options.to);
      throw new MigError(
        known
          ? `--to ${options.to} is already applied; nothing to do up to it`
          : `--to ${options.to} names no migration in ${options.dir}; run mig status to list them`,
        { code: 'BAD_TARGET' },
      );
    }
    let planned = options.to ? pending.slice(0, pending.indexOf(options.to) + 1) : pending;
    let stoppedBefore: string | undefined;
    if (!run.o.afterDeploy) {
      const gate = planned.findIndex((name) => run.files.find((f) => f.name === name)!.up.directives.afterDeploy);
      if (gate >= 0) {
        stoppedBefore = planned[gate];
        planned = planned.slice(0, gate);
        run.emit({
          kind: 'stopped',
          before: stoppedBefore!,
          reason: 'it is an after-deploy step: deploy the application, then run mig migrate --after-deploy',
        });
      }
    }
    if (planned.length === 0) return outcome(run, [], 'up', stoppedBefore);
    try {
      // exactly these: where the lock is per migration another run may apply some of them meanwhile,
      // which each one sees under its own lock (umzug re-reading its pending list would not find them)
      await umzug.up({ migrations: planned, rerun: 'ALLOW' });
    } catch (e) {
      throw new RunFailed(unwrap(e), outcome(run, planned, 'up', stoppedBefore));
    }
    return outcome(run, planned, 'up', stoppedBefore);
  });
}

export interface RollbackOptions extends RunnerOptions {
  step?: number;
  to?: string;
  all?: boolean;
}

/** Revert applied migrations, newest first: the last one, `step` of them, down to `to` (included), or all. */
export async function rollback(options: RollbackOptions): Promise<RunResult> {
  const chosen = [options.step !== undefined, options.to !== undefined, options.all === true].filter(Boolean).length;
  if (chosen > 1) throw new MigError('pass one of --step, --to and --all', { code: 'BAD_OPTIONS' });
  if (options.step !== undefined && (!Number.isInteger(options.step) || options.step < 1)) {
    throw new MigError(`--step must be a whole number of at least 1 (got ${options.step})`, { code: 'BAD_OPTIONS' });
  }
  const run = await openRun(options);
  return locked(run, async () => {
    const history = await run.history();
    run.verify(history);
    const umzug = run.umzug();
    const executed = (await umzug.executed()).map((m) => m.name);
    if (options.to !== undefined && !executed.includes(options.to)) {
      throw new MigError(`--to ${options.to} is not applied; run mig status to list what is`, { code: 'BAD_TARGET' });
    }
    const count = options.all ? executed.length : options.to ? executed.length - executed.indexOf(options.to) : (options.step ?? 1);
    const planned = executed.slice(-count).reverse();
    if (planned.length === 0) return outcome(run, [], 'down');
    try {
      await umzug.down({ migrations: planned, rerun: 'ALLOW' });
    } catch (e) {
      throw new RunFailed(unwrap(e), outcome(run, planned, 'down'));
    }
    return outcome(run, planned, 'down');
  });
}

/** Every migration on disk and in the history, with its state. Takes no lock and writes nothing. */
export async function status(options: RunnerOptions): Promise<StatusEntry[]> {
  const run = await openRun(options);
  try {
    const history = (await run.historyExists()) ? await run.history() : [];
    const byName = new Map(history.map((r) => [r.name, r]));
    const entries: StatusEntry[] = run.files.map((f) => {
      const row = byName.get(f.name);
      const state: StatusState = !row ? 'pending' : row.duration_ms === null ? 'interrupted' : row.checksum !== f.checksum ? 'drifted' : 'applied';
      return {
        name: f.name,
        state,
        ...(row ? { appliedAt: iso(row.applied_at), appliedBy: row.applied_by } : {}),
        ...(row?.duration_ms != null ? { durationMs: Number(row.duration_ms) } : {}),
        ...(f.up.directives.afterDeploy ? { afterDeploy: true } : {}),
      } as StatusEntry;
    });
    for (const row of history) {
      if (!run.files.some((f) => f.name === row.name)) {
        entries.push({ name: row.name, state: 'missing', ...(iso(row.applied_at) ? { appliedAt: iso(row.applied_at)! } : {}), appliedBy: row.applied_by });
      }
    }
    return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } finally {
    await run.db.close();
  }
}

/** The statements pending migrations would run, without connecting for anything but reading the history. */
export async function pendingStatements(options: RunnerOptions & { to?: string }): Promise<Array<{ name: string; transactional: boolean; statements: string[] }>> {
  const run = await openRun(options);
  try {
    const history = (await run.historyExists()) ? await run.history() : [];
    run.verify(history);
    const done = new Set(history.filter((r) => r.duration_ms !== null).map((r) => r.name));
    const pending = run.files.filter((f) => !done.has(f.name));
    const end = options.to ? pending.findIndex((f) => f.name === options.to) : pending.length - 1;
    if (options.to && end < 0) {
      throw new MigError(`--to ${options.to} names no pending migration; run mig status to list them`, { code: 'BAD_TARGET' });
    }
    const out = [];
    for (const f of pending.slice(0, end + 1)) {
      const statements = await statementsOf(run.db.dialect, f.up);
      out.push({
        name: f.name,
        transactional: run.rd.transactionalDdl && f.up.directives.transaction && !statements.some((s) => s.repeat),
        statements: statements.map((s) => s.sql),
      });
    }
    return out;
  } finally {
    await run.db.close();
  }
}

export { redactUrl };
