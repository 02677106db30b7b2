import type { Connection } from '../db/connection';
import type { Dialect } from '../dialects/dialect';
import { openMysql } from '../dialects/mysql/driver';
import { mysqlDialect } from '../dialects/mysql/render';
import { applyOperations } from '../model/apply';
import type { Operation } from '../model/operations';
import { type Schema, emptySchema } from '../model/schema';
import { describeTargets } from '../testing/databases';
import { FIXTURE, comparable, count, openFixture, phasesText, roundTrip } from './__fixtures__/harness';
import { executePhases } from './execute';
import { type DesignOptions, type PhaseSpec, designPhases } from './index';

const fixture = applyOperations(emptySchema(), FIXTURE);
const MARIADB = '10.11.19-MariaDB';
const renameScore: Operation = { kind: 'renameColumn', table: 'accounts', from: 'score', to: 'points' };
const renameNick: Operation = { kind: 'renameColumn', table: 'accounts', from: 'nick', to: 'handle' };
const scoreToText: Operation = { kind: 'alterColumnType', table: 'accounts', column: 'score', type: 'string(20)' };

function design(ops: Operation[], options: Partial<DesignOptions> = {}): PhaseSpec[] {
  return designPhases(ops, { dialect: mysqlDialect, schema: fixture, zeroDowntime: true, version: MARIADB, ...options });
}

/** The phases' names and up statements, without the session settings around them. */
function upText(phases: PhaseSpec[]): string {
  return phases.map((p) => [`## ${p.name}`, ...p.up.filter((s) => !/^SET SESSION/.test(s.sql)).map((s) => s.sql)].join('\n')).join('\n');
}

describe('mysql-expand-contract: phases', () => {
  test('rename: the column beside the old one, triggers, backfill, NOT NULL and indexes online, the swap under LOCK TABLES after the deploy', () => {
    expect(phasesText(design([renameScore], { batchSize: 500 }))).toMatchInlineSnapshot(`
"## expand (no transaction, lock 5000ms, retry 5x): rename accounts.score to points: add accounts.points beside score, nullable and without a default; ALGORITHM=INSTANT: metadata only, an exclusive metadata lock for a moment
up:
! SET SESSION lock_wait_timeout = 5
! SET SESSION innodb_lock_wait_timeout = 5
! ALTER TABLE accounts ADD COLUMN points int NULL AFTER score, ALGORITHM=INSTANT
~ SET SESSION lock_wait_timeout = DEFAULT
~ SET SESSION innodb_lock_wait_timeout = DEFAULT
down:
! SET SESSION lock_wait_timeout = 5
! SET SESSION innodb_lock_wait_timeout = 5
! ALTER TABLE accounts DROP COLUMN points, ALGORITHM=INSTANT
~ SET SESSION lock_wait_timeout = DEFAULT
~ SET SESSION innodb_lock_wait_timeout = DEFAULT

## sync (no transaction, lock 5000ms, retry 5x): triggers BEFORE INSERT and BEFORE UPDATE keep score and points in step both ways; CREATE TRIGGER takes an exclusive metadata lock on accounts for a moment and needs the TRIGGER privilege
up:
! SET SESSION lock_wait_timeout = 5
! SET SESSION innodb_lock_wait_timeout = 5
! DROP TRIGGER IF EXISTS mig_sync_accounts_score_ins
! CREATE TRIGGER mig_sync_accounts_score_ins BEFORE INSERT ON accounts FOR EACH ROW SET
      NEW.score = IF(NEW.points IS NULL, NEW.score, NEW.points),
      NEW.points = IF(NEW.points IS NULL, NEW.score, NEW.points)
! DROP TRIGGER IF EXISTS mig_sync_accounts_score_upd
! CREATE TRIGGER mig_sync_accounts_score_upd BEFORE UPDATE ON accounts FOR EACH ROW SET
      NEW.points = IF(NOT (NEW.points <=> OLD.points) AND NOT (NEW.points <=> NEW.score), NEW.points, IF(NOT (NEW.score <=> OLD.score), NEW.score, NEW.points)),
      NEW.score = IF(NOT (NEW.points <=> OLD.points) AND NOT (NEW.points <=> NEW.score), NEW.points, NEW.score)
~ SET SESSION lock_wait_timeout = DEFAULT
~ SET SESSION innodb_lock_wait_timeout = DEFAULT
down:
! SET SESSION lock_wait_timeout = 5
! SET SESSION innodb_lock_wait_timeout = 5
! DROP TRIGGER IF EXISTS mig_sync_accounts_score_upd
! DROP TRIGGER IF EXISTS mig_sync_accounts_score_ins
~ SET SESSION lock_wait_timeout = DEFAULT
~ SET SESSION innodb_lock_wait_timeout = DEFAULT

## backfill (no transaction, lock 5000ms, retry 5x): copy accounts.score into points for the existing rows, 500 rows a statement, each committed: row locks on one batch at a time
up:
! SET SESSION lock_wait_timeout = 5
! SET SESSION innodb_lock_wait_timeout = 5
* UPDATE accounts SET points = score WHERE NOT (points <=> score) ORDER BY id LIMIT 500
~ SET SESSION lock_wait_timeout = DEFAULT
~ SET SESSION innodb_lock_wait_timeout = DEFAULT
down:

## set-not-null (no transaction, lock 5000ms, retry 5x): NOT NULL on accounts.points: MODIFY COLUMN with ALGORITHM=INPLACE, LOCK=NONE: reads and writes go on; an exclusive metadata lock only briefly at its start and end; InnoDB rebuilds the table in place, which takes time and I/O in proportion to its size
up:
! SET SESSION lock_wait_timeout = 5
! SET SESSION innodb_lock_wait_timeout = 5
! ALTER TABLE accounts MODIFY COLUMN points int NOT NULL, ALGORITHM=INPLACE, LOCK=NONE
~ SET SESSION lock_wait_timeout = DEFAULT
~ SET SESSION innodb_lock_wait_timeout = DEFAULT
down:
! SET SESSION lock_wait_timeout = 5
! SET SESSION innodb_lock_wait_timeout = 5
! ALTER TABLE accounts MODIFY COLUMN points int NULL, ALGORITHM=INPLACE, LOCK=NONE
~ SET SESSION lock_wait_timeout = DEFAULT
~ SET SESSION innodb_lock_wait_timeout = DEFAULT

## index (no transaction, lock 5000ms, retry 5x): build the indexes of points under temporary names in one ALTER with ALGORITHM=INPLACE, LOCK=NONE: reads and writes go on; an exclusive metadata lock only briefly at its start and end
up:
! SET SESSION lock_wait_timeout = 5
! SET SESSION innodb_lock_wait_timeout = 5
! ALTER TABLE accounts ADD INDEX idx_accounts_score_nick_mig (points, nick), ALGORITHM=INPLACE, LOCK=NONE
~ SET SESSION lock_wait_timeout = DEFAULT
~ SET SESSION innodb_lock_wait_timeout = DEFAULT
down:
! SET SESSION lock_wait_timeout = 5
! SET SESSION innodb_lock_wait_timeout = 5
! ALTER TABLE accounts DROP INDEX idx_accounts_score_nick_mig, ALGORITHM=INPLACE, LOCK=NONE
~ SET SESSION lock_wait_timeout = DEFAULT
~ SET SESSION innodb_lock_wait_timeout = DEFAULT

## contract (no transaction, lock 5000ms, retry 5x, AFTER DEPLOY): rename accounts.score to points: drop the sync triggers and the old column score, points takes the final names, all under LOCK TABLES accounts WRITE: reads and writes on accounts wait until UNLOCK TABLES, and its ALTERs change metadata only. Run this only after the application using the new shape is deployed
up:
! SET SESSION lock_wait_timeout = 5
! SET SESSION innodb_lock_wait_timeout = 5
! LOCK TABLES accounts WRITE
! DROP TRIGGER IF EXISTS mig_sync_accounts_score_upd
! DROP TRIGGER IF EXISTS mig_sync_accounts_score_ins
! ALTER TABLE accounts DROP INDEX idx_accounts_score_nick, RENAME INDEX idx_accounts_score_nick_mig TO idx_accounts_score_nick, ALGORITHM=INPLACE
! ALTER TABLE accounts DROP COLUMN score, CHANGE COLUMN points points int NOT NULL DEFAULT 0, ALGORITHM=INSTANT
~ UNLOCK TABLES
~ SET SESSION lock_wait_timeout = DEFAULT
~ SET SESSION innodb_lock_wait_timeout = DEFAULT
down:
! SET SESSION lock_wait_timeout = 5
! SET SESSION innodb_lock_wait_timeout = 5
! LOCK TABLES accounts WRITE
! ALTER TABLE accounts CHANGE COLUMN points points int NOT NULL, RENAME INDEX idx_accounts_score_nick TO idx_accounts_score_nick_mig, ALGORITHM=INSTANT
! ALTER TABLE accounts ADD COLUMN score int NULL DEFAULT 0 AFTER nick, ALGORITHM=INSTANT
! DROP TRIGGER IF EXISTS mig_sync_accounts_score_ins
! CREATE TRIGGER mig_sync_accounts_score_ins BEFORE INSERT ON accounts FOR EACH ROW SET
      NEW.score = IF(NEW.points IS NULL, NEW.score, NEW.points),
      NEW.points = IF(NEW.points IS NULL, NEW.score, NEW.points)
! DROP TRIGGER IF EXISTS mig_sync_accounts_score_upd
! CREATE TRIGGER mig_sync_accounts_score_upd BEFORE UPDATE ON accounts FOR EACH ROW SET
      NEW.points = IF(NOT (NEW.points <=> OLD.points) AND NOT (NEW.points <=> NEW.score), NEW.points, IF(NOT (NEW.score <=> OLD.score), NEW.score, NEW.points)),
      NEW.score = IF(NOT (NEW.points <=> OLD.points) AND NOT (NEW.points <=> NEW.score), NEW.points, NEW.score)
~ UNLOCK TABLES
* UPDATE accounts SET score = points WHERE NOT (score <=> points) ORDER BY id LIMIT 500
! ALTER TABLE accounts MODIFY COLUMN score int NOT NULL DEFAULT 0, ALGORITHM=INPLACE, LOCK=NONE
! ALTER TABLE accounts ADD INDEX idx_accounts_score_nick (score, nick), ALGORITHM=INPLACE, LOCK=NONE
~ SET SESSION lock_wait_timeout = DEFAULT
~ SET SESSION innodb_lock_wait_timeout = DEFAULT"
`);
  });

  test('type change: values converted with CAST both ways, the default as the plain MODIFY keeps it', () => {
    expect(upText(design([scoreToText]))).toMatchInlineSnapshot(`
"## expand
ALTER TABLE accounts ADD COLUMN score_mig_new varchar(20) NULL AFTER score, ALGORITHM=INSTANT
## sync
DROP TRIGGER IF EXISTS mig_sync_accounts_score_ins
CREATE TRIGGER mig_sync_accounts_score_ins BEFORE INSERT ON accounts FOR EACH ROW SET
  NEW.score = IF(NEW.score_mig_new IS NULL, NEW.score, CAST(NEW.score_mig_new AS SIGNED)),
  NEW.score_mig_new = IF(NEW.score_mig_new IS NULL, CAST(NEW.score AS CHAR), NEW.score_mig_new)
DROP TRIGGER IF EXISTS mig_sync_accounts_score_upd
CREATE TRIGGER mig_sync_accounts_score_upd BEFORE UPDATE ON accounts FOR EACH ROW SET
  NEW.score_mig_new = IF(NOT (CAST(CONVERT(NEW.score_mig_new USING utf8mb4) AS BINARY) <=> CAST(CONVERT(OLD.score_mig_new USING utf8mb4) AS BINARY)) AND NOT (CAST(CONVERT(NEW.score_mig_new USING utf8mb4) AS BINARY) <=> CAST(CONVERT(CAST(NEW.score AS CHAR) USING utf8mb4) AS BINARY)), NEW.score_mig_new, IF(NOT (NEW.score <=> OLD.score), CAST(NEW.score AS CHAR), NEW.score_mig_new)),
  NEW.score = IF(NOT (CAST(CONVERT(NEW.score_mig_new USING utf8mb4) AS BINARY) <=> CAST(CONVERT(OLD.score_mig_new USING utf8mb4) AS BINARY)) AND NOT (CAST(CONVERT(NEW.score_mig_new USING utf8mb4) AS BINARY) <=> CAST(CONVERT(CAST(NEW.score AS CHAR) USING utf8mb4) AS BINARY)), CAST(NEW.score_mig_new AS SIGNED), NEW.score)
## backfill
UPDATE accounts SET score_mig_new = CAST(score AS CHAR) WHERE NOT (CAST(CONVERT(score_mig_new USING utf8mb4) AS BINARY) <=> CAST(CONVERT(CAST(score AS CHAR) USING utf8mb4) AS BINARY)) ORDER BY id LIMIT 10000
## set-not-null
ALTER TABLE accounts MODIFY COLUMN score_mig_new varchar(20) NOT NULL, ALGORITHM=INPLACE, LOCK=NONE
## index
ALTER TABLE accounts ADD INDEX idx_accounts_score_nick_mig (score_mig_new, nick), ALGORITHM=INPLACE, LOCK=NONE
## contract
LOCK TABLES accounts WRITE
DROP TRIGGER IF EXISTS mig_sync_accounts_score_upd
DROP TRIGGER IF EXISTS mig_sync_accounts_score_ins
ALTER TABLE accounts DROP INDEX idx_accounts_score_nick, RENAME INDEX idx_accounts_score_nick_mig TO idx_accounts_score_nick, ALGORITHM=INPLACE
ALTER TABLE accounts DROP COLUMN score, CHANGE COLUMN score_mig_new score varchar(20) NOT NULL DEFAULT '0', ALGORITHM=INSTANT
UNLOCK TABLES"
`);
  });

  test.each<[string, string, Operation, Partial<DesignOptions>]>([
    ['a rename', 'expand sync backfill set-not-null index contract', renameScore, {}],
    ['a rename on a server of unknown version', 'expand sync backfill set-not-null index contract', renameScore, { version: undefined }],
    ['a rename of a nullable column outside any index', 'expand sync backfill contract', { kind: 'renameColumn', table: 'accounts', from: 'note', to: 'remark' }, {}],
    ['int → bigint (a table copy)', 'expand sync backfill set-not-null index contract', { kind: 'alterColumnType', table: 'accounts', column: 'score', type: 'bigint' }, {}],
    ['varchar narrowed (a table copy)', 'expand sync backfill index contract', { kind: 'alterColumnType', table: 'accounts', column: 'nick', type: 'string(20)' }, {}],
    ['a rename without the schema', 'migrate', renameScore, { schema: undefined }],
    ['a rename of the primary key', 'migrate', { kind: 'renameColumn', table: 'teams', from: 'id', to: 'team_id' }, {}],
    ['a rename of a foreign-key column', 'migrate', { kind: 'renameColumn', table: 'accounts', from: 'team_id', to: 'group_id' }, {}],
    ['a rename on MariaDB 10.4 (no RENAME INDEX)', 'migrate', renameScore, { version: '10.4.30-MariaDB' }],
    ['varchar widened in place (INSTANT)', 'migrate', { kind: 'alterColumnType', table: 'accounts', column: 'nick', type: 'string(60)' }, {}],
    ['a change to json (no exact conversion)', 'migrate', { kind: 'alterColumnType', table: 'accounts', column: 'note', type: 'json' }, {}],
    ['a change to an enum', 'migrate', { kind: 'alterColumnType', table: 'accounts', column: 'note', type: 'enum(a,b)' }, {}],
    ['int → double on MySQL 8.0.16 (no CAST AS DOUBLE)', 'migrate', { kind: 'alterColumnType', table: 'accounts', column: 'score', type: 'double' }, { version: '8.0.16' }],
  ])('%s: %s', (_name, names, op, options) => {
    expect(design([op], options).map((p) => p.name).join(' ')).toBe(names);
  });
});

type Row = Record<string, unknown>;

async function rows(db: Connection, sql = 'SELECT * FROM accounts ORDER BY id'): Promise<Row[]> {
  return db.query<Row>(sql);
}

/** Runs the named up phases, in plan order, through the phase executor. */
function runner(db: Connection, dialect: Dialect, phases: PhaseSpec[]) {
  return (...names: string[]) => executePhases(db, dialect, phases.filter((p) => names.includes(p.name)), 'up');
}

async function expectSchema(db: Connection, dialect: Dialect, expected: Schema): Promise<void> {
  expect(comparable(dialect, await dialect.introspect(db))).toEqual(comparable(dialect, expected));
}

describeTargets(['mysql'])('mysql-expand-contract on %s', (target) => {
  test.each<[string, Operation]>([
    ['a column with a unique index', { kind: 'renameColumn', table: 'accounts', from: 'email', to: 'email_address' }],
    ['a nullable text column outside any index', { kind: 'renameColumn', table: 'accounts', from: 'note', to: 'remark' }],
  ])('rename of %s: the round trip holds', async (_name, op) => {
    const { t, dialect } = await openFixture(target);
    try {
      const { phases } = await roundTrip(t.db, dialect, [op]);
      expect(phases.map((p) => p.name)).toContain('sync');
    } finally {
      await t.dispose();
    }
  });

  test('rename: old and new code both work until the contract; the contract reaches the model; the downs restore schema and rows', async () => {
    const { t, dialect, before } = await openFixture(target);
    try {
      const [server] = await t.db.query<{ v: string }>('SELECT version() AS v');
      const original = await rows(t.db);
      const phases = designPhases([renameScore], { dialect, schema: before, zeroDowntime: true, batchSize: 10, pauseMs: 0, version: server!.v });
      const run = runner(t.db, dialect, phases);
      await run('expand', 'sync');
      // Deployed code writes the old name; the new column follows.
      await t.db.exec("INSERT INTO accounts (email, score) VALUES ('old@example.com', 7)");
      expect(await count(t.db, "SELECT points AS n FROM accounts WHERE email = 'old@example.com'")).toBe(7);
      await t.db.exec("UPDATE accounts SET score = 8 WHERE email = 'old@example.com'");
      expect(await count(t.db, "SELECT points AS n FROM accounts WHERE email = 'old@example.com'")).toBe(8);
      // New code writes the new name; the old column follows, over its default.
      await t.db.exec("INSERT INTO accounts (email, points) VALUES ('new@example.com', 9)");
      expect(await count(t.db, "SELECT score AS n FROM accounts WHERE email = 'new@example.com'")).toBe(9);
      await t.db.exec("UPDATE accounts SET points = 10 WHERE email = 'new@example.com'");
      expect(await count(t.db, "SELECT score AS n FROM accounts WHERE email = 'new@example.com'")).toBe(10);
      // Code omitting both gets the old column's default on both.
      await t.db.exec("INSERT INTO accounts (email) VALUES ('default@example.com')");
      expect(await count(t.db, "SELECT points AS n FROM accounts WHERE email = 'default@example.com'")).toBe(0);
      expect(await count(t.db, 'SELECT count(*) AS n FROM accounts WHERE NOT (points <=> score)')).toBe(25);
      // The sync phase can run again (a retry after a lock timeout): the same two triggers.
      await run('sync');
      expect(await count(t.db, "SELECT count(*) AS n FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = database() AND TRIGGER_NAME LIKE 'mig_sync_%'")).toBe(2);

      let copied = 0;
      await executePhases(t.db, dialect, phases.filter((p) => p.name === 'backfill'), 'up', { onBatch: (_s, n) => (copied += n) });
      expect(copied).toBe(25);
      expect(await count(t.db, 'SELECT count(*) AS n FROM accounts WHERE NOT (points <=> score)')).toBe(0);
      await run('set-not-null', 'index');
      await t.db.exec('UPDATE accounts SET score = score + 1 WHERE id = 1');
      expect(await count(t.db, 'SELECT points AS n FROM accounts WHERE id = 1')).toBe(11);
      await t.db.exec("DELETE FROM accounts WHERE email IN ('old@example.com', 'new@example.com', 'default@example.com')");

      await run('contract');
      await expectSchema(t.db, dialect, applyOperations(before, [renameScore]));
      await t.db.exec('UPDATE accounts SET points = points - 1 WHERE id = 1');
      expect(await rows(t.db, 'SELECT id, points FROM accounts ORDER BY id')).toEqual(original.map((r) => ({ id: r['id'], points: r['score'] })));

      await executePhases(t.db, dialect, phases, 'down');
      await expectSchema(t.db, dialect, before);
      const restored = await rows(t.db);
      expect(restored).toEqual(original);
      // The old column is back in its place.
      expect(Object.keys(restored[0]!)).toEqual(Object.keys(original[0]!));
    } finally {
      await t.dispose();
    }
  });

  test('rename of a text column: a change of case or of trailing spaces alone is carried over both ways', async () => {
    const { t, dialect, before } = await openFixture(target);
    try {
      const phases = designPhases([renameNick], { dialect, schema: before, zeroDowntime: true, batchSize: 10, pauseMs: 0 });
      await runner(t.db, dialect, phases)('expand', 'sync', 'backfill', 'index');
      await t.db.exec("UPDATE accounts SET handle = 'NICK1' WHERE id = 1");
      await t.db.exec("UPDATE accounts SET nick = 'nick2 ' WHERE id = 2");
      expect(await rows(t.db, 'SELECT id, nick, handle FROM accounts WHERE id IN (1, 2) ORDER BY id')).toEqual([
        { id: 1, nick: 'NICK1', handle: 'NICK1' },
        { id: 2, nick: 'nick2 ', handle: 'nick2 ' },
      ]);
      await runner(t.db, dialect, phases)('contract');
      await expectSchema(t.db, dialect, applyOperations(before, [renameNick]));
      await executePhases(t.db, dialect, phases, 'down');
      await expectSchema(t.db, dialect, before);
      expect(await rows(t.db, 'SELECT id, nick FROM accounts WHERE id IN (1, 2) ORDER BY id')).toEqual([
        { id: 1, nick: 'NICK1' },
        { id: 2, nick: 'nick2 ' },
      ]);
    } finally {
      await t.dispose();
    }
  });
});

/** A type change, with what the test table needs first (a column holding values of the source type). */
interface TypeCase {
  name: string;
  op: Operation;
  setup?: string[];
  /** the column after the contract */
  column: string;
}

const TYPE_CASES: TypeCase[] = [
  { name: 'int → bigint', op: { kind: 'alterColumnType', table: 'accounts', column: 'score', type: 'bigint' }, column: 'score' },
  { name: 'varchar(50) → varchar(20), in an index', op: { kind: 'alterColumnType', table: 'accounts', column: 'nick', type: 'string(20)' }, column: 'nick' },
  { name: 'int → varchar(20), with its default', op: scoreToText, column: 'score' },
  { name: 'int → decimal(10,2)', op: { kind: 'alterColumnType', table: 'accounts', column: 'score', type: 'decimal(10,2)' }, column: 'score' },
  {
    name: 'varchar → int',
    op: { kind: 'alterColumnType', table: 'accounts', column: 'code', type: 'integer' },
    setup: ['ALTER TABLE accounts ADD COLUMN code varchar(20) NULL', 'UPDATE accounts SET code = CAST(id * 7 AS CHAR) WHERE id % 4 <> 0'],
    column: 'code',
  },
  {
    name: 'varchar → date',
    op: { kind: 'alterColumnType', table: 'accounts', column: 'born', type: 'date' },
    setup: ["ALTER TABLE accounts ADD COLUMN born varchar(10) NOT NULL DEFAULT '2000-01-01'", "UPDATE accounts SET born = CONCAT('1990-03-', LPAD(id, 2, '0'))"],
    column: 'born',
  },
];

describeTargets(['mysql'])('mysql-expand-contract type changes on %s', (target) => {
  /** The values the plain MODIFY leaves, on a database of its own: what the phases must reach. */
  async function plainResult(c: TypeCase): Promise<Row[]> {
    const { t, dialect } = await openFixture(target);
    try {
      for (const sql of c.setup ?? []) await t.db.exec(sql);
      const [plain] = designPhases([c.op], { dialect, schema: await dialect.introspect(t.db), zeroDowntime: false });
      await executePhases(t.db, dialect, [plain!], 'up');
      return await rows(t.db, `SELECT id, ${c.column} FROM accounts ORDER BY id`);
    } finally {
      await t.dispose();
    }
  }

  test.each(TYPE_CASES.map((c) => [c.name, c] as const))('%s: the values of the plain MODIFY, the model\'s schema; the downs restore schema and rows', async (_name, c) => {
    const expected = await plainResult(c);
    const { t, dialect } = await openFixture(target);
    try {
      for (const sql of c.setup ?? []) await t.db.exec(sql);
      const before = await dialect.introspect(t.db);
      const original = await rows(t.db);
      const [server] = await t.db.query<{ v: string }>('SELECT version() AS v');
      const phases = designPhases([c.op], { dialect, schema: before, zeroDowntime: true, batchSize: 10, pauseMs: 0, version: server!.v });
      expect(phases.map((p) => p.name)).toContain('sync');
      await executePhases(t.db, dialect, phases, 'up');
      await expectSchema(t.db, dialect, applyOperations(before, [c.op]));
      expect(await rows(t.db, `SELECT id, ${c.column} FROM accounts ORDER BY id`)).toEqual(expected);
      await executePhases(t.db, dialect, phases, 'down');
      await expectSchema(t.db, dialect, before);
      const restored = await rows(t.db);
      expect(restored).toEqual(original);
      expect(Object.keys(restored[0]!)).toEqual(Object.keys(original[0]!));
    } finally {
      await t.dispose();
    }
  });

  test('int → decimal(10,2): what the new code writes stays as written; the old column gets it rounded', async () => {
    const op: Operation = { kind: 'alterColumnType', table: 'accounts', column: 'score', type: 'decimal(10,2)' };
    const { t, dialect, before } = await openFixture(target);
    try {
      const phases = designPhases([op], { dialect, schema: before, zeroDowntime: true, batchSize: 10, pauseMs: 0 });
      await runner(t.db, dialect, phases)('expand', 'sync', 'backfill');
      await t.db.exec('UPDATE accounts SET score_mig_new = 1.5 WHERE id = 1');
      await t.db.exec('UPDATE accounts SET score = 7 WHERE id = 2');
      expect(await rows(t.db, 'SELECT id, score, score_mig_new FROM accounts WHERE id IN (1, 2) ORDER BY id')).toEqual([
        { id: 1, score: 2, score_mig_new: '1.50' },
        { id: 2, score: 7, score_mig_new: '7.00' },
      ]);
    } finally {
      await t.dispose();
    }
  });

  test('varchar → int: the backfill leaves the old column alone; writes through either column are converted; a value the new type cannot hold is refused', async () => {
    const c = TYPE_CASES.find((x) => x.name === 'varchar → int')!;
    const { t, dialect } = await openFixture(target);
    try {
      for (const sql of c.setup ?? []) await t.db.exec(sql);
      await t.db.exec("UPDATE accounts SET code = '007' WHERE id = 1");
      const phases = designPhases([c.op], { dialect, schema: await dialect.introspect(t.db), zeroDowntime: true, batchSize: 10, pauseMs: 0 });
      await runner(t.db, dialect, phases)('expand', 'sync', 'backfill');
      expect(await count(t.db, 'SELECT count(*) AS n FROM accounts WHERE NOT (code_mig_new <=> CAST(code AS SIGNED))')).toBe(0);
      // The backfill's write of the converted value leaves the old column as it was.
      expect(await rows(t.db, 'SELECT code, code_mig_new FROM accounts WHERE id = 1')).toEqual([{ code: '007', code_mig_new: 7 }]);
      await t.db.exec("INSERT INTO accounts (email, code) VALUES ('old@example.com', '42')");
      expect(await count(t.db, "SELECT code_mig_new AS n FROM accounts WHERE email = 'old@example.com'")).toBe(42);
      await t.db.exec("UPDATE accounts SET code_mig_new = 43 WHERE email = 'old@example.com'");
      expect(await rows(t.db, "SELECT code FROM accounts WHERE email = 'old@example.com'")).toEqual([{ code: '43' }]);
      await expect(t.db.exec("UPDATE accounts SET code = 'abc' WHERE email = 'old@example.com'")).rejects.toThrow(/Truncated incorrect INTEGER value/);
      expect(await rows(t.db, "SELECT code, code_mig_new FROM accounts WHERE email = 'old@example.com'")).toEqual([{ code: '43', code_mig_new: 43 }]);
    } finally {
      await t.dispose();
    }
  });
});

describeTargets(['mysql'])('mysql-expand-contract contract under writes on %s', (target) => {
  test('int → bigint: writes of the deployed code during the contract wait for it, none fails or is lost', async () => {
    const op: Operation = { kind: 'alterColumnType', table: 'accounts', column: 'score', type: 'bigint' };
    const { t, dialect, before } = await openFixture(target);
    const writer = await openMysql(t.url!);
    try {
      const phases = designPhases([op], { dialect, schema: before, zeroDowntime: true, batchSize: 10, pauseMs: 0 });
      await executePhases(t.db, dialect, phases.filter((p) => !p.afterDeploy), 'up');
      let done = false;
      const errors: string[] = [];
      const updated = new Map<number, number>();
      let writes = 0;
      const writing = (async () => {
        for (let i = 0; (!done || writes < 20) && errors.length < 5; i++) {
          try {
            await writer.exec(`INSERT INTO accounts (email, score) VALUES ('w${i}@example.com', ${i})`);
            await writer.exec(`UPDATE accounts SET score = ${1000 + i} WHERE id = ${1 + (i % 25)}`);
            updated.set(1 + (i % 25), 1000 + i);
            writes++;
          } catch (e) {
            errors.push((e as Error).message);
          }
        }
      })();
      await new Promise((resolve) => setTimeout(resolve, 20));
      await executePhases(t.db, dialect, phases.filter((p) => p.afterDeploy), 'up');
      done = true;
      await writing;
      expect(errors).toEqual([]);
      // Every insert kept its value, in the column that remains.
      expect(await count(t.db, "SELECT count(*) AS n FROM accounts WHERE email LIKE 'w%' AND score = CAST(SUBSTRING_INDEX(SUBSTRING(email, 2), '@', 1) AS SIGNED)")).toBe(
        await count(t.db, "SELECT count(*) AS n FROM accounts WHERE email LIKE 'w%'"),
      );
      // Every update too.
      const scores = await rows(t.db, 'SELECT id, score FROM accounts WHERE id <= 25 ORDER BY id');
      expect(scores.filter((r) => updated.has(Number(r['id'])))).toEqual([...updated].sort(([a], [b]) => a - b).map(([id, score]) => ({ id, score })));
    } finally {
      await writer.close();
      await t.dispose();
    }
  });
});
