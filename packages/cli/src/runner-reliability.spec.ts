/**
 * `mig migrate` under what deploy jobs meet, with real `mig` processes on real databases: eight runs
 * started at once, runs killed with SIGKILL at random moments, a migration blocked by another
 * session's lock, and the migration lock held by someone else.
 *
 * Needs `npm run build` first: the processes run packages/cli/dist.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '../../core/src/db/connect';
import type { Connection } from '../../core/src/db/connection';
import { type TargetName, describeTargets, openTestDatabase } from '../../core/src/testing/databases';

const BIN = join(__dirname, '..', 'bin', 'mig.js');

/** The environment of a `mig` process: no database URL inherited, no jest flags for node. */
function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['NODE_OPTIONS', 'MIG_DATABASE_URL', 'DATABASE_URL', 'MIG_DEBUG']) delete env[name];
  return env;
}

interface Line {
  /** when the line arrived (ms since the epoch) */
  at: number;
  text: string;
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Processes still running when a test ends (it failed or timed out) are killed. */
const running = new Set<ChildProcess>();
afterEach(() => {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
});

/** A running `mig` process, with each line of its output and the moment it arrived. */
class MigProcess {
  readonly child: ChildProcess;
  readonly lines: Line[] = [];
  readonly exited: Promise<Exit>;
  stdout = '';
  stderr = '';
  private closed = false;
  private waiters: Array<{ pattern: RegExp; resolve: (line: Line | undefined) => void }> = [];

  constructor(args: string[], cwd: string) {
    this.child = spawn(process.execPath, [BIN, ...args], { cwd, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(this.child);
    let partial = '';
    this.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      const at = Date.now();
      this.stdout += chunk;
      const parts = (partial + chunk).split('\n');
      partial = parts.pop()!;
      for (const text of parts) this.arrived({ at, text });
    });
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr += chunk;
    });
    this.exited = new Promise((resolve) =>
      this.child.on('close', (code, signal) => {
        this.closed = true;
        running.delete(this.child);
        for (const w of this.waiters) w.resolve(undefined);
        this.waiters = [];
        resolve({ code, signal });
      }),
    );
  }

  private arrived(line: Line): void {
    this.lines.push(line);
    this.waiters = this.waiters.filter((w) => {
      if (!w.pattern.test(line.text)) return true;
      w.resolve(line);
      return false;
    });
  }

  /** The first line matching `pattern`; undefined when the process ends without one. */
  waitFor(pattern: RegExp): Promise<Line | undefined> {
    const seen = this.lines.find((l) => pattern.test(l.text));
    if (seen || this.closed) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ pattern, resolve }));
  }

  /** The names in its `up <name> <n> ms` lines, with when each arrived. */
  applied(): Array<{ name: string; at: number }> {
    return this.lines.flatMap((l) => {
      const m = /^ {2}up {4}(\S+) {2}\d+ ms$/.exec(l.text);
      return m ? [{ name: m[1]!, at: l.at }] : [];
    });
  }
}

async function mig(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  const p = new MigProcess(args, cwd);
  const { code } = await p.exited;
  return { code, stdout: p.stdout, stderr: p.stderr, ms: Date.now() - started };
}

/** A small seeded generator (mulberry32): the same delays on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

type Target = Exclude<TargetName, 'pglite'>;

/** What the tests need to know of each database: the SQL they write and read. */
interface Facts {
  /** whether a migration and its history row commit together */
  transactionalDdl: boolean;
  /**
   * A migration creating `table` with ROWS rows (id 1..ROWS, k = `k`) that takes tens of
   * milliseconds, so kills land inside it. On PostgreSQL it first takes a number from a sequence:
   * a mark of its start that its rollback does not undo.
   */
  slow(table: string, k: number): string;
  /** a migration creating `table` with one row (1, k) */
  quick(table: string, k: number): string;
  /** the user tables, as rows of `name` */
  tables: string;
  /** the columns of a table, as rows of `name` */
  columns(table: string): string;
  /** other sessions on this database: a killed run's server side lingers until it notices */
  otherSessions?: string;
  /** set up the mark `slow` migrations leave when they start, and read it */
  probe?: { create: string; read: string };
  /** statements that make a session hold a lock on `table` that `ALTER TABLE table ...` must wait for */
  blockTable(table: string): string[];
  /** how long `--lock-timeout 300ms` really waits (MariaDB counts lock_wait_timeout in whole seconds) */
  effectiveLockTimeoutMs: number;
}

const ROWS = 500;

const FACTS: Record<Target, Facts> = {
  postgres: {
    transactionalDdl: true,
    slow: (table, k) =>
      [
        `SELECT nextval('kill_probe');`,
        `CREATE TABLE ${table} (id integer PRIMARY KEY, k integer NOT NULL);`,
        `SELECT pg_sleep(0.03);`,
        `INSERT INTO ${table} SELECT g, ${k} FROM generate_series(1, ${ROWS}) g;`,
        `SELECT pg_sleep(0.03);`,
      ].join('\n'),
    quick: (table, k) => `CREATE TABLE ${table} (id integer PRIMARY KEY, k integer NOT NULL);\nINSERT INTO ${table} VALUES (1, ${k});`,
    tables: `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'`,
    columns: (table) => `SELECT column_name AS name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '${table}' ORDER BY ordinal_position`,
    otherSessions: `SELECT COUNT(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    probe: { create: 'CREATE SEQUENCE kill_probe', read: `SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS n FROM kill_probe` },
    blockTable: (table) => ['BEGIN', `LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`],
    effectiveLockTimeoutMs: 300,
  },
  mysql: {
    transactionalDdl: false,
    // No transactional DDL: a resumed migration runs again the statement it was killed in, which the
    // server may have finished. The insert is written to be run again (a plain INSERT would fail on
    // its key or double the rows: the runner cannot tell whether a killed DML statement committed).
    slow: (table, k) =>
      [
        `CREATE TABLE ${table} (id integer PRIMARY KEY, k integer NOT NULL);`,
        `DO SLEEP(0.03);`,
        `INSERT IGNORE INTO ${table} SELECT seq, ${k} FROM seq_1_to_${ROWS};`,
        `DO SLEEP(0.03);`,
      ].join('\n'),
    quick: (table, k) => `CREATE TABLE ${table} (id integer PRIMARY KEY, k integer NOT NULL);\nINSERT INTO ${table} VALUES (1, ${k});`,
    tables: `SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()`,
    columns: (table) => `SELECT COLUMN_NAME AS name FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '${table}' ORDER BY ORDINAL_POSITION`,
    otherSessions: `SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND ID <> CONNECTION_ID()`,
    blockTable: (table) => ['BEGIN', `SELECT * FROM ${table}`],
    effectiveLockTimeoutMs: 1000,
  },
  sqlite: {
    transactionalDdl: true,
    slow: (table, k) => {
      const burn = `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 80000) SELECT COUNT(*) FROM c;`;
      return [
        `CREATE TABLE ${table} (id integer PRIMARY KEY, k integer NOT NULL);`,
        burn,
        `INSERT INTO ${table} WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ${ROWS}) SELECT x, ${k} FROM c;`,
        burn,
      ].join('\n');
    },
    quick: (table, k) => `CREATE TABLE ${table} (id integer PRIMARY KEY, k integer NOT NULL);\nINSERT INTO ${table} VALUES (1, ${k});`,
    tables: `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'`,
    columns: (table) => `SELECT name FROM pragma_table_info('${table}') ORDER BY cid`,
    blockTable: () => ['BEGIN IMMEDIATE'],
    effectiveLockTimeoutMs: 300,
  },
};

interface Db {
  url: string;
  db: Connection;
  /** the SQLite file */
  file?: string;
  dispose(): Promise<void>;
}

/** A fresh database; for SQLite a file, since the runs are other processes. */
async function openDb(target: Target, dir: string): Promise<Db> {
  if (target === 'sqlite') {
    const file = join(dir, 'test.db');
    const url = `sqlite:${file}`;
    const db = await connect(url);
    return { url, db, file, dispose: () => db.close() };
  }
  const t = await openTestDatabase(target);
  return { url: t.url!, db: t.db, dispose: () => t.dispose() };
}

interface HistoryRow {
  name: string;
  checksum: string;
  duration_ms: number | null;
}

/** The history, oldest first; empty before a run has created its table (a run killed that early). */
async function history(db: Connection): Promise<HistoryRow[]> {
  const tables = await db.query<{ name: string }>(FACTS[db.dialect].tables);
  if (!tables.some((t) => t.name === 'mig_migrations')) return [];
  const rows = await db.query<HistoryRow>('SELECT name, checksum, duration_ms FROM mig_migrations ORDER BY name');
  return rows.map((r) => ({ ...r, duration_ms: r.duration_ms === null ? null : Number(r.duration_ms) }));
}

async function tablesLike(db: Connection, facts: Facts, prefix: string): Promise<string[]> {
  const rows = await db.query<{ name: string }>(facts.tables);
  return rows.map((r) => r.name).filter((n) => n.startsWith(prefix)).sort(byNumber);
}

/** t_2 before t_10 */
function byNumber(a: string, b: string): number {
  return Number(/\d+$/.exec(a)?.[0]) - Number(/\d+$/.exec(b)?.[0]) || (a < b ? -1 : a > b ? 1 : 0);
}

interface TableContent {
  name: string;
  n: number;
  lo: number;
  hi: number;
  kmin: number;
  kmax: number;
}

/** Row count, id range and k range of each table, in one query. */
async function contents(db: Connection, tables: string[]): Promise<TableContent[]> {
  if (tables.length === 0) return [];
  const sql = tables
    .map((t) => `SELECT '${t}' AS name, COUNT(*) AS n, MIN(id) AS lo, MAX(id) AS hi, MIN(k) AS kmin, MAX(k) AS kmax FROM ${t}`)
    .join(' UNION ALL ');
  const rows = await db.query<Record<keyof TableContent, unknown>>(sql);
  return rows.map((r) => ({ name: String(r.name), n: Number(r.n), lo: Number(r.lo), hi: Number(r.hi), kmin: Number(r.kmin), kmax: Number(r.kmax) }));
}

/** Wait until the server has no other session on the database (a killed run's backends finish what they were doing first). */
async function quiesce(db: Connection, facts: Facts): Promise<void> {
  if (!facts.otherSessions) return;
  const deadline = Date.now() + 15_000;
  for (;;) {
    const [row] = await db.query<{ n: unknown }>(facts.otherSessions);
    if (Number(row?.n) === 0) return;
    if (Date.now() > deadline) throw new Error(`sessions of killed runs still open after 15 s`);
    await sleep(10);
  }
}

const migrationName = (k: number, table: string) => `${String(k).padStart(3, '0')}_create_${table}`;

/** Write `count` migrations, each creating `<prefix>_<k>`; returns their names in order. */
function writeMigrations(dir: string, count: number, prefix: string, body: (table: string, k: number) => string): string[] {
  mkdirSync(dir, { recursive: true });
  const names: string[] = [];
  for (let k = 1; k <= count; k++) {
    const table = `${prefix}_${k}`;
    const name = migrationName(k, table);
    writeFileSync(join(dir, `${name}.up.sql`), `${body(table, k)}\n`);
    writeFileSync(join(dir, `${name}.down.sql`), `DROP TABLE ${table};\n`);
    names.push(name);
  }
  return names;
}

const tableOf = (name: string) => name.replace(/^\d+_create_/, '');

const KILLS = 30;
const KILL_MIGRATIONS = 50;
const SEED = 0x5eed;

/**
 * The share of kills timed from the run's first finished migration rather than from its start: they
 * land inside the second migration whatever the machine's load, and commit one or two migrations
 * each; the others land anywhere from start-up to the second migration and commit less than one.
 * Both kinds together leave migrations pending after 30 kills.
 */
const AFTER_FIRST_SHARE = 0.4;

/** One kill: when it landed, and what the run had done. */
interface Kill {
  /** timed from the run's start (its banner) or from its first finished migration */
  anchor: 'start' | 'first done';
  delayMs: number;
  /** migrations the killed run committed */
  applied: number;
  /** inside a migration (it had started and not finished) or between two (startup included) */
  landed: 'mid-migration' | 'between';
  /** MariaDB: statements the resuming run found already done */
  resumedSkips?: number;
}

const timings: string[] = [];
afterAll(() => {
  if (timings.length) console.log(timings.join('\n'));
});

describeTargets(['postgres', 'mysql', 'sqlite'])('mig migrate reliability on %s', (targetName) => {
  const target = targetName as Target;
  const facts = FACTS[target];
  let dir: string;
  let migrations: string;
  let d: Db;
  let blockStarted = 0;

  beforeAll(() => {
    blockStarted = Date.now();
  });
  afterAll(() => {
    timings.push(`${target}: the reliability specs took ${((Date.now() - blockStarted) / 1000).toFixed(1)} s`);
  });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mig-reliability-'));
    migrations = join(dir, 'migrations');
    d = await openDb(target, dir);
  });
  afterEach(async () => {
    await d.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const migrateArgs = (...more: string[]) => ['migrate', '--db', d.url, '--dir', migrations, ...more];

  test('eight runs started at once apply each of 30 migrations exactly once', async () => {
    const names = writeMigrations(migrations, 30, 'c', facts.quick);
    const runs = Array.from({ length: 8 }, () => new MigProcess(migrateArgs(), dir));
    const exits = await Promise.all(runs.map((r) => r.exited));
    expect(exits.map((e, i) => ({ code: e.code, stderr: runs[i]!.stderr }))).toEqual(Array(8).fill({ code: 0, stderr: '' }));

    // each migration reported applied by exactly one run
    const reported = runs.flatMap((r) => r.applied().map((a) => a.name)).sort();
    expect(reported).toEqual(names);

    const rows = await history(d.db);
    expect(rows.map((r) => r.name)).toEqual(names);
    expect(new Set(rows.map((r) => r.name)).size).toBe(30);
    expect(rows.every((r) => r.duration_ms !== null && r.duration_ms >= 0)).toBe(true);

    // a migration run twice would have failed on its CREATE TABLE or doubled its row
    const tables = await tablesLike(d.db, facts, 'c_');
    expect(tables).toEqual(names.map(tableOf));
    const content = await contents(d.db, tables);
    expect(content).toEqual(tables.map((name, i) => ({ name, n: 1, lo: 1, hi: 1, kmin: i + 1, kmax: i + 1 })));

    const st = await mig(['status', '--db', d.url, '--dir', migrations, '--json'], dir);
    expect(st.code).toBe(0);
    const listed = JSON.parse(st.stdout).migrations as Array<{ name: string; state: string }>;
    expect(listed.map((m) => [m.name, m.state])).toEqual(names.map((n) => [n, 'applied']));
  }, 90_000);

  test(`SIGKILL at ${KILLS} random moments of a ${KILL_MIGRATIONS}-migration run never leaves history and schema apart`, async () => {
    if (facts.probe) await d.db.exec(facts.probe.create);
    const names = writeMigrations(migrations, KILL_MIGRATIONS, 't', facts.slow);
    const pace = await calibrate();
    const random = seeded(SEED + ['postgres', 'mysql', 'sqlite'].indexOf(target));
    const kills: Kill[] = [];
    let committed = 0;

    while (kills.length < KILLS) {
      const probeBefore = await probe();
      const run = new MigProcess(migrateArgs(), dir);
      const banner = await run.waitFor(/^mig migrate · /);
      if (!banner) throw new Error(`mig migrate ended before starting: ${run.stderr}`);
      // a kill anywhere from start-up to the second migration, or within the migration after the first one
      const anchor: Kill['anchor'] = random() < AFTER_FIRST_SHARE ? 'first done' : 'start';
      const from = anchor === 'start' ? banner : await run.waitFor(/^ {2}up {4}/);
      if (!from) throw new Error(`mig migrate ended before applying one migration (exit ${run.child.exitCode}): ${run.stderr}`);
      const delayMs = Math.round(random() * (anchor === 'start' ? pace.startupMs + pace.migrationMs / 2 : pace.migrationMs));
      const timer = setTimeout(() => run.child.kill('SIGKILL'), Math.max(0, from.at + delayMs - Date.now()));
      const exit = await run.exited;
      clearTimeout(timer);
      if (exit.signal !== 'SIGKILL') {
        throw new Error(`after ${kills.length} kills a run finished (exit ${exit.code}) with ${KILL_MIGRATIONS} applied: ${run.stderr}`);
      }
      // a hot journal: SQLite was inside a migration's transaction (checked before anyone reads the file)
      const hotJournal = d.file !== undefined && existsSync(`${d.file}-journal`);
      await quiesce(d.db, facts);
      const firstDone = run.applied()[0];
      if (firstDone) pace.startupMs = Math.round((pace.startupMs + firstDone.at - banner.at - pace.migrationMs) / 2);

      const state = await expectConsistent(names);
      const started = (await probe()) - probeBefore;
      const applied = state.finished - committed;
      committed = state.finished;
      const landed = state.unfinished !== undefined || hotJournal || started > applied ? 'mid-migration' : 'between';
      const kill: Kill = { anchor, delayMs, applied, landed };
      if (state.unfinished) {
        kill.resumedSkips = await resume(state.unfinished, names);
        committed += 1;
      }
      kills.push(kill);
    }

    const final = await mig(migrateArgs(), dir);
    expect(final.stderr).toBe('');
    expect(final.code).toBe(0);
    const state = await expectConsistent(names);
    expect(state).toEqual({ finished: KILL_MIGRATIONS });
    const rows = await history(d.db);
    expect(rows.map((r) => r.name)).toEqual(names);

    const mid = kills.filter((k) => k.landed === 'mid-migration').length;
    timings.push(
      `${target}: ${kills.length} kills: ${mid} mid-migration, ${kills.length - mid} between migrations or in start-up; ` +
        `${committed} of ${KILL_MIGRATIONS} committed while killing (start-up ~${pace.startupMs} ms, a migration ~${pace.migrationMs} ms)` +
        (target === 'mysql' ? `; ${kills.filter((k) => k.resumedSkips !== undefined).length} resumed, skipping ${kills.reduce((n, k) => n + (k.resumedSkips ?? 0), 0)} statements already done` : '') +
        `\n  each kill (s: ms after start / f: ms after the first migration, migrations committed, m: mid-migration / b: between): ` +
        kills.map((k) => `${k.anchor[0]}${k.delayMs}/${k.applied}/${k.landed[0]}`).join(' '),
    );
    expect(kills).toHaveLength(KILLS);
    // kills after a finished migration land inside the next one: if they do not, the test proves little
    expect(mid).toBeGreaterThanOrEqual(kills.filter((k) => k.anchor === 'first done').length / 2);
  }, 240_000);

  /**
   * A run's pace, measured with the same migrations under a history table of their own: from its
   * banner to its first migration (connect, lock, history), and one migration. Start-up is
   * measured again on every killed run that got as far.
   */
  async function calibrate(): Promise<{ startupMs: number; migrationMs: number }> {
    const calibration = join(dir, 'calibration');
    writeMigrations(calibration, 3, 'cal', facts.slow);
    const run = new MigProcess(['migrate', '--db', d.url, '--dir', calibration, '--history-table', 'mig_calibration'], dir);
    const banner = await run.waitFor(/^mig migrate · /);
    const exit = await run.exited;
    expect(exit.code).toBe(0);
    const ups = run.applied();
    expect(ups).toHaveLength(3);
    const migrationMs = Math.round((ups[2]!.at - ups[0]!.at) / 2);
    return { startupMs: Math.max(0, ups[0]!.at - banner!.at - migrationMs), migrationMs };
  }

  async function probe(): Promise<number> {
    if (!facts.probe) return 0;
    const [row] = await d.db.query<{ n: unknown }>(facts.probe.read);
    return Number(row?.n);
  }

  /**
   * History against schema after a kill. Migrations apply in order, so the finished ones are the
   * first few; every one of them has its table with all its rows, and no other table exists. Where a
   * migration is its own transaction nothing is ever half there; on MariaDB one unfinished row may
   * follow them (its table there or not, its rows partly).
   */
  async function expectConsistent(names: string[]): Promise<{ finished: number; unfinished?: string }> {
    const rows = await history(d.db);
    const finished = rows.filter((r) => r.duration_ms !== null).map((r) => r.name);
    const unfinished = rows.filter((r) => r.duration_ms === null).map((r) => r.name);
    expect(finished).toEqual(names.slice(0, finished.length));
    if (facts.transactionalDdl) expect(unfinished).toEqual([]);
    else expect(unfinished).toEqual(names.slice(finished.length, finished.length + unfinished.length));
    expect(unfinished.length).toBeLessThanOrEqual(1);

    const tables = await tablesLike(d.db, facts, 't_');
    const expected = finished.map(tableOf);
    if (unfinished[0] && tables.includes(tableOf(unfinished[0]))) expected.push(tableOf(unfinished[0]));
    expect(tables).toEqual(expected);
    const content = new Map((await contents(d.db, finished.map(tableOf))).map((c) => [c.name, c]));
    for (const name of finished.map(tableOf)) {
      const k = Number(/\d+$/.exec(name)![0]);
      expect(content.get(name)).toEqual({ name, n: ROWS, lo: 1, hi: ROWS, kmin: k, kmax: k });
    }
    return { finished: finished.length, ...(unfinished[0] ? { unfinished: unfinished[0] } : {}) };
  }

  /** MariaDB: a run up to the interrupted migration finishes it; returns how many statements it found done. */
  async function resume(unfinished: string, names: string[]): Promise<number> {
    const run = await mig(migrateArgs('--to', unfinished), dir);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(new RegExp(`\\n {2}up {4}${unfinished} {2}\\d+ ms\\n`));
    const state = await expectConsistent(names);
    expect(state).toEqual({ finished: names.indexOf(unfinished) + 1 });
    return run.stdout.split('\n').filter((l) => l.includes(`${unfinished}: line`) && l.includes('was already done')).length;
  }

  describe('a migration blocked by another session', () => {
    const columns = async () => (await d.db.query<{ name: string }>(facts.columns('accounts'))).map((r) => r.name);
    let blocker: Connection | undefined;

    beforeEach(async () => {
      mkdirSync(migrations, { recursive: true });
      writeFileSync(join(migrations, '001_accounts.up.sql'), `CREATE TABLE accounts (id integer PRIMARY KEY, name varchar(50));\nINSERT INTO accounts VALUES (1, 'a');\n`);
      writeFileSync(join(migrations, '001_accounts.down.sql'), 'DROP TABLE accounts;\n');
      const first = await mig(migrateArgs(), dir);
      expect(first.code).toBe(0);
      writeFileSync(join(migrations, '002_accounts_email.up.sql'), 'ALTER TABLE accounts ADD COLUMN email varchar(100);\n');
      writeFileSync(join(migrations, '002_accounts_email.down.sql'), 'ALTER TABLE accounts DROP COLUMN email;\n');
      blocker = await connect(d.url);
      for (const sql of facts.blockTable('accounts')) await blocker.exec(sql);
    });
    afterEach(async () => {
      await blocker?.exec('ROLLBACK').catch(() => undefined);
      await blocker?.close();
      blocker = undefined;
    });

    test('--lock-timeout 300ms --retries 3: times out, retries, then fails cleanly with nothing changed', async () => {
      const before = { history: await history(d.db), columns: await columns() };
      const run = await mig(migrateArgs('--lock-timeout', '300ms', '--retries', '3'), dir);
      await blocker!.exec('ROLLBACK');

      expect(run.code).toBe(1);
      const errors = run.stderr.split('\n').filter(Boolean);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/^error: migration 002_accounts_email \(up\) failed/);
      expect(run.stdout).toMatch(/\n {8}002_accounts_email: .+; attempt 2 in 1000 ms\n/);
      expect(run.stdout).toMatch(/\n {8}002_accounts_email: .+; attempt 3 in 2000 ms\n/);
      expect(run.stdout).not.toContain('attempt 4');
      expect(run.stdout).toMatch(/\n0 applied in \d+ ms; 002_accounts_email failed\n$/);
      // three waits for the lock and two pauses, no more
      expect(run.ms).toBeGreaterThanOrEqual(3 * facts.effectiveLockTimeoutMs + 3000);

      expect(await history(d.db)).toEqual(before.history);
      expect(await columns()).toEqual(before.columns);
      const st = await mig(['status', '--db', d.url, '--dir', migrations, '--json'], dir);
      expect((JSON.parse(st.stdout).migrations as Array<{ state: string }>).map((m) => m.state)).toEqual(['applied', 'pending']);
    }, 60_000);

    test('released while the run pauses before its next attempt: the retry applies the migration', async () => {
      const p = new MigProcess(migrateArgs('--lock-timeout', '300ms', '--retries', '5'), dir);
      const retrying = await p.waitFor(/002_accounts_email: .+; attempt 2 in 1000 ms$/);
      expect(retrying).toBeDefined();
      await blocker!.exec('ROLLBACK');
      await p.exited;
      const run = { code: p.child.exitCode, stdout: p.stdout, stderr: p.stderr };

      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
      expect(run.stdout).not.toContain('attempt 3');
      expect(run.stdout).toMatch(/\n {2}up {4}002_accounts_email {2}\d+ ms\n1 applied in \d+ ms\n$/);
      expect(await columns()).toEqual(['id', 'name', 'email']);
      expect((await history(d.db)).map((r) => [r.name, r.duration_ms !== null])).toEqual([
        ['001_accounts', true],
        ['002_accounts_email', true],
      ]);
    }, 60_000);
  });

  if (target !== 'sqlite') {
    test('the migration lock held elsewhere: --lock-wait 1 gives up naming the holder, nothing applied', async () => {
      writeMigrations(migrations, 3, 'c', facts.quick);
      const holder = await connect(d.url);
      try {
        const who = await holdMigrationLock(holder);
        const run = await mig(migrateArgs('--lock-wait', '1'), dir);
        expect(run.code).toBe(1);
        expect(run.ms).toBeGreaterThanOrEqual(1000);
        const errors = run.stderr.split('\n').filter(Boolean);
        expect(errors).toHaveLength(1);
        expect(errors[0]).toMatch(new RegExp(`^error: the migration lock is held by ${who}.*; gave up after 1 s \\(--lock-wait\\); nothing was applied$`));
        expect(run.stdout).toMatch(new RegExp(`\\nwaiting for the migration lock, held by ${who}`));
        expect(await tablesLike(d.db, facts, '')).toEqual([]);
      } finally {
        await holder.close();
      }
      const after = await mig(migrateArgs('--lock-wait', '1'), dir);
      expect({ code: after.code, stderr: after.stderr }).toEqual({ code: 0, stderr: '' });
      expect(await tablesLike(d.db, facts, 'c_')).toEqual(['c_1', 'c_2', 'c_3']);
    }, 30_000);
  }

  /** Take the lock a run takes (key and name as the runner's dialects make them); returns how the error names the holder. */
  async function holdMigrationLock(db: Connection): Promise<string> {
    if (target === 'postgres') {
      const object = createHash('sha256').update('mig_migrations').digest().readInt32BE(0) & 0x7fffffff;
      const [got] = await db.query<{ ok: boolean; pid: number }>(`SELECT pg_try_advisory_lock(${0x6d6967}, ${object}) AS ok, pg_backend_pid() AS pid`);
      expect(got?.ok).toBe(true);
      return `PostgreSQL backend ${got!.pid} \\(user postgres`;
    }
    const [me] = await db.query<{ db: string; id: unknown }>('SELECT DATABASE() AS db, CONNECTION_ID() AS id');
    const [got] = await db.query<{ ok: unknown }>('SELECT GET_LOCK(?, 0) AS ok', [`mig:${me!.db}.mig_migrations`]);
    expect(Number(got?.ok)).toBe(1);
    return `connection ${Number(me!.id)} \\(root@`;
  }
});
