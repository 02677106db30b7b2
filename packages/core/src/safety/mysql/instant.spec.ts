/**
 * The analyzer's algorithm claims against the real MariaDB server. Each ALTER of the corpus runs on
 * a freshly made fixture table holding rows, once with each of ALGORITHM=INSTANT, ALGORITHM=NOCOPY,
 * ALGORITHM=INPLACE, LOCK=NONE and ALGORITHM=INPLACE, LOCK=SHARED appended; the server accepts the
 * clause only when it can honour it. The claims must agree:
 *  - claimed INSTANT        ⇔ INSTANT accepted;
 *  - claimed INPLACE/NONE   ⇒ INSTANT refused, INPLACE with LOCK=NONE accepted;
 *  - claimed INPLACE/SHARED ⇒ INSTANT and LOCK=NONE refused, LOCK=SHARED accepted;
 *  - claimed COPY           ⇒ INSTANT and INPLACE refused;
 *  - and, for what is not COPY, claimed rewrite ⇔ NOCOPY (in place without a rebuild) refused.
 * MySQL 8 is not available here; its claims come from its manual (online-ddl.ts).
 */
import { mysqlDialect } from '../../dialects/mysql/render';
import { applyOperation } from '../../model/apply';
import type { Operation } from '../../model/operations';
import { type Schema, emptySchema } from '../../model/schema';
import { type TestDatabase, describeTargets, openTestDatabase } from '../../testing/databases';
import { analyzeMysqlSql, mysqlDetail, mysqlFactsForStatements } from './analyze';
import { mysqlAddColumnNotInstant } from '../rules/mysql-add-column-not-instant';
import { mysqlAddForeignKey } from '../rules/mysql-add-foreign-key';
import { mysqlAlgorithmCopy } from '../rules/mysql-algorithm-copy';
import { mysqlAlgorithmNotSupported } from '../rules/mysql-algorithm-not-supported';
import { mysqlEnumChangeNotAppend } from '../rules/mysql-enum-change-not-append';
import type { Rule, StatementFacts } from '../types';
import { lintMysql } from './lint';
import { serverFromVersionString } from './server';
import { splitMysqlStatements } from './split';

const FIXTURE: Operation[] = [
  {
    kind: 'createTable',
    table: 'orgs',
    columns: [
      { name: 'id', type: 'bigint', nullable: false, primaryKey: true, autoIncrement: true },
      { name: 'name', type: 'string(50)', nullable: false },
    ],
  },
  {
    kind: 'createTable',
    table: 'users',
    columns: [
      { name: 'id', type: 'bigint', nullable: false, primaryKey: true, autoIncrement: true },
      { name: 'email', type: 'string(50)', nullable: false },
      { name: 'name', type: 'string(60)', nullable: true },
      { name: 'bio', type: 'text', nullable: true },
      { name: 'status', type: 'enum(active,inactive)', nullable: false, default: 'active' },
      { name: 'score', type: 'integer', nullable: true },
      { name: 'amount', type: 'decimal(10,2)', nullable: true },
      { name: 'flag', type: 'boolean', nullable: false, default: false },
      { name: 'long_text', type: 'string(100)', nullable: true },
      { name: 'org_id', type: 'bigint', nullable: true },
      { name: 'team_id', type: 'bigint', nullable: true, references: { table: 'orgs', column: 'id' } },
    ],
  },
  { kind: 'createIndex', table: 'users', columns: ['score'], unique: false, name: 'idx_users_score' },
  { kind: 'createIndex', table: 'users', columns: ['email', 'name'], unique: false, name: 'idx_users_email_name' },
  { kind: 'addCheck', table: 'users', name: 'ck_users_amount', expression: 'amount >= 0' },
  {
    kind: 'createTable',
    table: 'events',
    columns: [
      { name: 'id', type: 'bigint', nullable: false },
      { name: 'kind', type: 'string(20)', nullable: true },
    ],
  },
];

const ROWS = 200;

function fixtureSql(): string[] {
  let schema: Schema = emptySchema();
  const out: string[] = [];
  for (const op of FIXTURE) {
    out.push(...mysqlDialect.render(op, { schema }).map((s) => s.sql));
    schema = applyOperation(schema, op);
  }
  const ids = Array.from({ length: ROWS }, (_, i) => i + 1);
  out.push(`INSERT INTO orgs (name) VALUES ('a'), ('b')`);
  out.push(
    `INSERT INTO users (email, name, bio, score, amount, long_text, org_id, team_id) VALUES ${ids
      .map((i) => `('u${i}@example.com', 'name ${i}', 'bio ${i}', ${i}, ${i}.25, 'text ${i}', 1, 2)`)
      .join(', ')}`,
  );
  out.push(`INSERT INTO events (id, kind) VALUES ${ids.map((i) => `(${i}, 'k${i}')`).join(', ')}`);
  return out;
}

interface Case {
  sql: string;
  /** session settings run before the statement (and reset after) */
  setup?: string;
}

const CORPUS: Case[] = [
  { sql: 'ALTER TABLE users ADD COLUMN email_verified tinyint(1) NOT NULL DEFAULT FALSE' },
  { sql: 'ALTER TABLE users ADD COLUMN nickname varchar(40) NULL AFTER email' },
  { sql: 'ALTER TABLE users ADD COLUMN first_col int NULL FIRST' },
  { sql: 'ALTER TABLE users ADD COLUMN created_at datetime NULL DEFAULT CURRENT_TIMESTAMP' },
  { sql: "ALTER TABLE users ADD COLUMN settings json NOT NULL DEFAULT ('{}')" },
  { sql: 'ALTER TABLE users ADD COLUMN token char(36) NULL DEFAULT (uuid())' },
  { sql: 'ALTER TABLE users ADD COLUMN next_score int NULL DEFAULT (score + 1)' },
  { sql: 'ALTER TABLE users ADD COLUMN total int GENERATED ALWAYS AS (score + 1) STORED' },
  { sql: 'ALTER TABLE users ADD COLUMN total int GENERATED ALWAYS AS (score + 1) VIRTUAL' },
  { sql: 'ALTER TABLE users ADD COLUMN x int NULL, ADD INDEX idx_users_x (x)' },
  { sql: 'ALTER TABLE users ADD COLUMN x int NULL, DROP INDEX idx_users_score' },
  { sql: 'ALTER TABLE users ADD COLUMN code varchar(20) NULL UNIQUE' },
  { sql: 'ALTER TABLE events ADD COLUMN seq int NOT NULL AUTO_INCREMENT, ADD UNIQUE INDEX idx_events_seq (seq)' },
  { sql: 'ALTER TABLE users DROP COLUMN bio' },
  { sql: 'ALTER TABLE users DROP COLUMN score' },
  { sql: 'ALTER TABLE users DROP COLUMN name' },
  { sql: 'ALTER TABLE users RENAME COLUMN name TO full_name' },
  { sql: 'ALTER TABLE users CHANGE COLUMN name full_name varchar(60) NULL' },
  { sql: 'ALTER TABLE users MODIFY COLUMN name varchar(63) NULL' },
  { sql: 'ALTER TABLE users MODIFY COLUMN name varchar(64) NULL' },
  { sql: 'ALTER TABLE users MODIFY COLUMN name varchar(40) NULL' },
  { sql: 'ALTER TABLE users MODIFY COLUMN long_text varchar(200) NULL' },
  { sql: 'ALTER TABLE users MODIFY COLUMN name varchar(60) NOT NULL' },
  { sql: 'ALTER TABLE users MODIFY COLUMN email varchar(50) NULL' },
  { sql: 'ALTER TABLE users MODIFY COLUMN score bigint NULL' },
  { sql: 'ALTER TABLE users MODIFY COLUMN score int unsigned NULL' },
  { sql: 'ALTER TABLE users MODIFY COLUMN amount decimal(12,2) NULL' },
  { sql: 'ALTER TABLE users MODIFY COLUMN bio mediumtext NULL' },
  { sql: "ALTER TABLE users MODIFY COLUMN status enum('active','inactive','banned') NOT NULL DEFAULT 'active'" },
  { sql: "ALTER TABLE users MODIFY COLUMN status enum('banned','active','inactive') NOT NULL DEFAULT 'active'" },
  { sql: "ALTER TABLE users MODIFY COLUMN status enum('active') NOT NULL DEFAULT 'active'" },
  { sql: 'ALTER TABLE users MODIFY COLUMN flag tinyint(4) NOT NULL DEFAULT 0' },
  { sql: 'ALTER TABLE users MODIFY COLUMN score int NULL AFTER email' },
  { sql: 'ALTER TABLE users ALTER COLUMN score SET DEFAULT 5' },
  { sql: 'ALTER TABLE users ALTER COLUMN status DROP DEFAULT' },
  { sql: 'CREATE INDEX idx_users_email ON users (email)' },
  { sql: 'CREATE UNIQUE INDEX idx_users_email_unique ON users (email)' },
  { sql: 'ALTER TABLE users ADD FULLTEXT INDEX ft_users_bio (bio)' },
  { sql: 'ALTER TABLE users DROP INDEX idx_users_score' },
  { sql: 'ALTER TABLE users RENAME INDEX idx_users_score TO idx_score' },
  { sql: 'ALTER TABLE users ADD CONSTRAINT fk_users_org_id_orgs FOREIGN KEY (org_id) REFERENCES orgs (id)' },
  {
    setup: 'SET foreign_key_checks = 0',
    sql: 'ALTER TABLE users ADD CONSTRAINT fk_users_org_id_orgs FOREIGN KEY (org_id) REFERENCES orgs (id)',
  },
  { sql: 'ALTER TABLE users DROP FOREIGN KEY fk_users_team_id_orgs' },
  { sql: 'ALTER TABLE users ADD CONSTRAINT ck_users_score CHECK (score >= 0)' },
  { sql: 'ALTER TABLE users DROP CONSTRAINT ck_users_amount' },
  { sql: 'ALTER TABLE events ADD PRIMARY KEY (id)' },
  { sql: 'ALTER TABLE users FORCE' },
  { sql: 'ALTER TABLE users ENGINE=InnoDB' },
  { sql: 'ALTER TABLE users CONVERT TO CHARACTER SET latin1' },
  { sql: 'ALTER TABLE users RENAME TO people' },
  { sql: "ALTER TABLE users COMMENT = 'people'" },
];

/** Operations as mig plans them, rendered against the introspected fixture. */
const PLANNED: Operation[] = [
  { kind: 'addColumn', table: 'users', column: { name: 'email_verified', type: 'boolean', nullable: false, default: false } },
  { kind: 'addColumn', table: 'users', column: { name: 'handle', type: 'string(30)', nullable: true, unique: true } },
  { kind: 'addColumn', table: 'users', column: { name: 'owner_id', type: 'bigint', nullable: true, references: { table: 'orgs', column: 'id' } } },
  { kind: 'addColumn', table: 'users', column: { name: 'seen_at', type: 'timestamp', nullable: true, default: { sql: 'CURRENT_TIMESTAMP' } } },
  { kind: 'dropColumn', table: 'users', column: 'bio' },
  { kind: 'dropColumn', table: 'users', column: 'score' },
  { kind: 'renameColumn', table: 'users', from: 'name', to: 'full_name' },
  { kind: 'alterColumnType', table: 'users', column: 'name', type: 'string(63)' },
  { kind: 'alterColumnType', table: 'users', column: 'name', type: 'string(255)' },
  { kind: 'alterColumnType', table: 'users', column: 'score', type: 'bigint' },
  { kind: 'alterColumnType', table: 'users', column: 'status', type: 'enum(active,inactive,banned)' },
  { kind: 'alterColumnType', table: 'users', column: 'status', type: 'enum(inactive,active)' },
  { kind: 'setNotNull', table: 'users', column: 'name' },
  { kind: 'dropNotNull', table: 'users', column: 'email' },
  { kind: 'setDefault', table: 'users', column: 'score', default: 0 },
  { kind: 'dropDefault', table: 'users', column: 'status' },
  { kind: 'createIndex', table: 'users', columns: ['email'], unique: true, name: 'idx_users_email_unique' },
  { kind: 'dropIndex', table: 'users', name: 'idx_users_score' },
  { kind: 'addForeignKey', table: 'users', columns: ['org_id'], refTable: 'orgs', refColumns: ['id'], name: 'fk_users_org_id_orgs' },
  { kind: 'dropForeignKey', table: 'users', name: 'fk_users_team_id_orgs' },
  { kind: 'addCheck', table: 'users', name: 'ck_users_score', expression: 'score >= 0' },
  { kind: 'dropCheck', table: 'users', name: 'ck_users_amount' },
];

const PROBES = {
  instant: 'ALGORITHM=INSTANT',
  nocopy: 'ALGORITHM=NOCOPY',
  inplaceNone: 'ALGORITHM=INPLACE, LOCK=NONE',
  inplaceShared: 'ALGORITHM=INPLACE, LOCK=SHARED',
} as const;

type Probe = keyof typeof PROBES;

/** CREATE INDEX takes its options without a comma. */
function withClause(sql: string, clause: string): string {
  return /^CREATE/i.test(sql) ? `${sql} ${clause.replace(', ', ' ')}` : `${sql}, ${clause}`;
}

function expected(claim: string, lock: string, rewrite: boolean): Record<Probe, boolean> {
  const copy = claim.startsWith('COPY');
  return {
    instant: claim === 'INSTANT',
    nocopy: !copy && !rewrite,
    inplaceNone: !copy && lock === 'NONE',
    inplaceShared: !copy && lock !== 'EXCLUSIVE',
  };
}

const describeDb = describeTargets(['mysql']);

describeDb('online DDL claims on %s', () => {
  let t: TestDatabase;
  let version: string;
  let schema: Schema;

  beforeAll(async () => {
    t = await openTestDatabase('mysql');
    version = ((await t.db.query<{ v: string }>('SELECT VERSION() AS v'))[0] as { v: string }).v;
    await resetFixture();
    schema = await mysqlDialect.introspect(t.db);
  });

  afterAll(async () => {
    await t?.dispose();
  });

  async function resetFixture(): Promise<void> {
    await t.db.exec('SET foreign_key_checks = 0');
    await t.db.exec('DROP TABLE IF EXISTS users, people, orgs, events');
    await t.db.exec('SET foreign_key_checks = 1');
    for (const sql of fixtureSql()) await t.db.exec(sql);
  }

  let dirty = false;

  /**
   * Whether the server accepts `sql` with the clause, after running `before` (session settings,
   * or the earlier statements of the same operation). The fixture is rebuilt once it has changed.
   */
  async function accepts(before: string[], sql: string, clause: string): Promise<boolean> {
    if (dirty) await resetFixture();
    dirty = before.length > 0;
    try {
      for (const s of before) await t.db.exec(s);
      await t.db.exec(withClause(sql, clause));
      dirty = true;
      return true;
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code !== 'ER_ALTER_OPERATION_NOT_SUPPORTED' && code !== 'ER_ALTER_OPERATION_NOT_SUPPORTED_REASON') throw e;
      return false;
    } finally {
      await t.db.exec('SET foreign_key_checks = 1');
    }
  }

  /** One line of the agreement table: the claim, what the server accepted, the statement. */
  async function judge(facts: StatementFacts, before: string[], label: string): Promise<{ row: string; agree: boolean }> {
    const mode = facts.locks.find((l) => /^(INSTANT|INPLACE|COPY)/.test(l.mode))?.mode ?? 'none';
    const lock = mysqlDetail(facts)?.verdict?.lock ?? 'NONE';
    const observed = {} as Record<Probe, boolean>;
    for (const probe of Object.keys(PROBES) as Probe[]) observed[probe] = await accepts(before, facts.sql, PROBES[probe]);
    const want = expected(mode, lock, facts.rewrite);
    const agree = (Object.keys(PROBES) as Probe[]).every((p) => observed[p] === want[p]);
    const seen = (Object.keys(PROBES) as Probe[]).map((p) => `${p}=${observed[p] ? 'ok' : 'no'}`).join(' ');
    const claim = `${mode}${mode === 'INSTANT' && lock !== 'NONE' ? ` (LOCK=${lock})` : ''}${facts.rewrite ? ' rebuild' : ''}`;
    return { row: `${agree ? 'agree' : 'DISAGREE'} ${claim} | ${seen} | ${label}`, agree };
  }

  it('agrees with MariaDB on every statement of the corpus', async () => {
    const server = serverFromVersionString(version);
    expect(server.flavor).toBe('mariadb');
    const rows: string[] = [];
    for (const c of CORPUS) {
      const script = c.setup ? `${c.setup};\n${c.sql}` : c.sql;
      const facts = analyzeMysqlSql(script, { flavor: server.flavor, version, schema });
      const verdict = await judge(facts[facts.length - 1] as StatementFacts, c.setup ? [c.setup] : [], c.setup ? `${c.setup}; ${c.sql}` : c.sql);
      rows.push(verdict.row);
    }
    expect(CORPUS.length).toBeGreaterThanOrEqual(25);
    expect(rows.filter((r) => r.startsWith('DISAGREE'))).toEqual([]);
    expect(rows).toMatchInlineSnapshot(`
[
  "agree INSTANT | instant=ok nocopy=ok inplaceNone=ok inplaceShared=ok | ALTER TABLE users ADD COLUMN email_verified tinyint(1) NOT NULL DEFAULT FALSE",
  "agree INSTANT | instant=ok nocopy=ok inplaceNone=ok inplaceShared=ok | ALTER TABLE users ADD COLUMN nickname varchar(40) NULL AFTER email",
  "agree INSTANT | instant=ok nocopy=ok inplaceNone=ok inplaceShared=ok | ALTER TABLE users ADD COLUMN first_col int NULL FIRST",
  "agree INSTANT | instant=ok nocopy=ok inplaceNone=ok inplaceShared=ok | ALTER TABLE users ADD COLUMN created_at datetime NULL DEFAULT CURRENT_TIMESTAMP",
  "agree INSTANT | instant=ok nocopy=ok inplaceNone=ok inplaceShared=ok | ALTER TABLE users ADD COLUMN settings json NOT NULL DEFAULT ('{}')",
  "agree COPY/SHARED rebuild | instant=no nocopy=no inplaceNone=no inplaceShared=no | ALTER TABLE users ADD COLUMN token char(36) NULL DEFAULT (uuid())",
  "agree COPY/SHARED rebuild | instant=no nocopy=no inplaceNone=no inplaceShared=no | ALTER TABLE users ADD COLUMN next_score int NULL DEFAULT (score + 1)",
  "agree COPY/SHARED rebuild | instant=no nocopy=no inplaceNone=no inplaceShared=no | ALTER TABLE users ADD COLUMN total int GENERATED ALWAYS AS (score + 1) STORED",
  "agree INSTANT | instant=ok nocopy=ok inplaceNone=ok inplaceShared=ok | ALTER TABLE users ADD COLUMN total int GENERATED ALWAYS AS (score + 1) VIRTUAL",
  "agree INPLACE/NONE rebuild | instant=no nocopy=no inplaceNone=ok inplaceShared=ok | ALTER TABLE users ADD COLUMN x int NULL, ADD INDEX idx_users_x (x)",
  "agree INPLACE/NONE | instant=no nocopy=ok inplaceNone=ok inplaceShared=ok | ALTER TABLE users ADD COLUMN x int NULL, DROP INDEX idx_users_score",
  "agree INPLACE/NONE rebuild | instant=no nocopy=no inplaceNone=ok inplaceShared=ok | ALTER TABLE users ADD COLUMN code varchar(20) NULL UNIQUE",
  "agree INPLACE/SHARED rebuild | instant=no nocopy=no inplaceNone=no inplaceShared=ok | ALTER TABLE events ADD COLUMN seq int NOT NULL AUTO_INCREMENT, ADD UNIQUE INDEX idx_events_seq (seq)",
  "agree INSTANT | instant=ok nocopy=ok inplaceNone=ok inplaceShared=ok | ALTER TABLE users DROP COLUMN bio",
  "agree INPLACE/NONE | instant=no nocopy=ok inplaceNone=ok inplaceShared=ok | ALTER TABLE users DROP COLUMN score",
  "agree INPLACE/NONE rebuild | instant=no nocopy=no inplaceNone=ok inplaceShared=ok | ALTER TABLE users DROP COLUMN name",
  "agree INSTANT | instant=ok nocopy=ok inplaceNone=ok inplaceShared=ok | ALTER TABLE users RENAME COLUMN name TO full_name",
  "agree INSTANT | instant=ok nocopy=ok inplaceNone=ok inplaceShared=ok | ALTER TABLE users CHANGE COLUMN name full_name varchar(60) NULL",
  "agree INSTANT | instant=ok nocopy=ok inplaceNone=ok inplaceShared=ok | ALTER TABLE users MODIFY COLUMN name varchar(63) NULL",
  "agree COPY/SHARED rebuild | instant=no nocopy=no inplaceNone=no inplaceShared=no | ALTER TABLE users MODIFY COLUMN name varchar(64) NULL",
  "agree COPY/SHARED rebuild | instant=no nocopy=no inplaceNone=no inplaceShared=no | ALTER TABLE users MODIFY COLUMN name varchar(40) NULL",
  "agree INSTANT | instant=ok nocopy=ok inplaceNone=ok inplaceShared=ok | ALTER TABLE users MODIFY COLUMN long_text varchar(200) NULL",
  "agree INPLACE/NONE rebuild | instant=no nocopy=no inplaceNone=ok inplaceShared=ok | ALTER TABLE users MODIFY COLUMN name varchar(60) NOT NULL",
  "agree INPLACE/NONE rebuild | instant=no nocopy=no inplaceNone=ok inplaceShared=ok | ALTER TABLE users MODIFY COLUMN email varchar(50) NULL",
  "agree COPY/SHARED rebuild | instant=no nocopy=no inplaceNone=no inplaceShared=no | ALTER TABLE users MODIFY COLUMN score bigint NULL",
  "agree COPY/SHARED rebuild | instant=no nocopy=no inplaceNone=no inplaceShared=no | ALTER TABLE users MODIFY COLUMN score int unsigned NULL",
  "agree COPY/SHARED rebuild | instant=no nocopy=no inplaceNone=no inplaceShared=no | ALTER TABLE users MODIFY COLUMN amount decimal(12,2) NULL",
  "agree COPY/SHARED rebuild | instant=no nocopy=no inplaceNone=no inplaceShared=no | ALTER TABLE users MODIFY COLUMN bio mediumtext NULL",
  "agree INSTANT | instant=ok nocopy=ok inplaceNone=ok inplaceShared=ok | ALTER TABLE users MODIFY COLUMN status enum('active','inactive','banned') NOT NULL DEFAULT 'active'",
  "agree COPY/SHARED rebuild | instant=no nocopy=no inplaceNone=no inplaceShared=no | ALTER TABLE users MODIFY COLUMN status enum('banned','active','inactive') NOT NULL DEFAULT 'active'",
  "agree COPY/SHARED rebuild | instant=no nocopy=no inplaceNone=no inplaceShared=no | ALTER TABLE users MODIFY COLUMN status enum('active') NOT NULL DEFAULT 'active'",
  "agree INSTANT | instant=ok nocopy=ok inplaceNone=ok inplaceShared=ok | ALTER TABLE users MODIFY COLUMN flag tinyint(4) NOT NULL DEFAULT 0",
  "agree INSTANT | instant=ok nocopy=ok inplaceNone=ok inplaceShared=ok | ALTER TABLE users MODIFY COLUMN score int NULL AFTER email",
  "agree INSTANT | instant=ok nocopy=ok inplaceNone=ok inplaceShared=ok | ALTER TABLE users ALTER COLUMN score SET DEFAULT 5",
  "agree INSTANT | instant=ok nocopy=ok inplaceNone=ok inplaceShared=ok | ALTER TABLE users ALTER COLUMN status DROP DEFAULT",
  "agree INPLACE/NONE | instant=no nocopy=ok inplaceNone=ok inplaceShared=ok | CREATE INDEX idx_users_email ON users (email)",
  "agree INPLACE/NONE | instant=no nocopy=ok inplaceNone=ok inplaceShared=ok | CREATE UNIQUE INDEX idx_users_email_unique ON users (email)",
  "agree INPLACE/SHARED rebuild | instant=no nocopy=no inplaceNone=no inplaceShared=ok | ALTER TABLE users ADD FULLTEXT INDEX ft_users_bio (bio)",
  "agree INPLACE/NONE | instant=no nocopy=ok inplaceNone=ok inplaceShared=ok | ALTER TABLE users DROP INDEX idx_users_score",
  "agree INSTANT | instant=ok nocopy=ok inplaceNone=ok inplaceShared=ok | ALTER TABLE users RENAME INDEX idx_users_score TO idx_score",
  "agree COPY/SHARED rebuild | instant=no nocopy=no inplaceNone=no inplaceShared=no | ALTER TABLE users ADD CONSTRAINT fk_users_org_id_orgs FOREIGN KEY (org_id) REFERENCES orgs (id)",
  "agree INPLACE/NONE | instant=no nocopy=ok inplaceNone=ok inplaceShared=ok | SET foreign_key_checks = 0; ALTER TABLE users ADD CONSTRAINT fk_users_org_id_orgs FOREIGN KEY (org_id) REFERENCES orgs (id)",
  "agree INSTANT | instant=ok nocopy=ok inplaceNone=ok inplaceShared=ok | ALTER TABLE users DROP FOREIGN KEY fk_users_team_id_orgs",
  "agree COPY/SHARED rebuild | instant=no nocopy=no inplaceNone=no inplaceShared=no | ALTER TABLE users ADD CONSTRAINT ck_users_score CHECK (score >= 0)",
  "agree INSTANT | instant=ok nocopy=ok inplaceNone=ok inplaceShared=ok | ALTER TABLE users DROP CONSTRAINT ck_users_amount",
  "agree INPLACE/NONE rebuild | instant=no nocopy=no inplaceNone=ok inplaceShared=ok | ALTER TABLE events ADD PRIMARY KEY (id)",
  "agree INPLACE/NONE rebuild | instant=no nocopy=no inplaceNone=ok inplaceShared=ok | ALTER TABLE users FORCE",
  "agree INPLACE/NONE rebuild | instant=no nocopy=no inplaceNone=ok inplaceShared=ok | ALTER TABLE users ENGINE=InnoDB",
  "agree COPY/SHARED rebuild | instant=no nocopy=no inplaceNone=no inplaceShared=no | ALTER TABLE users CONVERT TO CHARACTER SET latin1",
  "agree INSTANT (LOCK=EXCLUSIVE) | instant=ok nocopy=ok inplaceNone=no inplaceShared=no | ALTER TABLE users RENAME TO people",
  "agree INSTANT | instant=ok nocopy=ok inplaceNone=ok inplaceShared=ok | ALTER TABLE users COMMENT = 'people'",
]
`);
  }, 240_000);

  it('agrees with MariaDB on the statements mig plans, judged from their operations', async () => {
    const server = serverFromVersionString(version);
    const rows: string[] = [];
    for (const op of PLANNED) {
      const statements = mysqlDialect.render(op, { schema }).map((s) => ({ ...s, change: op }));
      const facts = mysqlFactsForStatements(statements, { flavor: server.flavor, version, schema });
      for (const [i, f] of facts.entries()) {
        if (!/^(ALTER TABLE|CREATE INDEX)/.test(f.kind)) continue;
        const verdict = await judge(f, statements.slice(0, i).map((s) => s.sql), `${op.kind}: ${f.sql}`);
        rows.push(verdict.row);
      }
    }
    expect(rows.filter((r) => r.startsWith('DISAGREE'))).toEqual([]);
    expect(rows).toMatchInlineSnapshot(`
[
  "agree INSTANT | instant=ok nocopy=ok inplaceNone=ok inplaceShared=ok | addColumn: ALTER TABLE users ADD COLUMN email_verified tinyint(1) NOT NULL DEFAULT FALSE",
  "agree INSTANT | instant=ok nocopy=ok inplaceNone=ok inplaceShared=ok | addColumn: ALTER TABLE users ADD COLUMN handle varchar(30) NULL",
  "agree INPLACE/NONE | instant=no nocopy=ok inplaceNone=ok inplaceShared=ok | addColumn: CREATE UNIQUE INDEX idx_users_handle_unique ON users (handle)",
  "agree INSTANT | instant=ok nocopy=ok inplaceNone=ok inplaceShared=ok | addColumn: ALTER TABLE users ADD COLUMN owner_id bigint NULL",
  "agree COPY/SHARED rebuild | instant=no nocopy=no inplaceNone=no inplaceShared=no | addColumn: ALTER TABLE users ADD CONSTRAINT fk_users_owner_id_orgs FOREIGN KEY (owner_id) REFERENCES orgs (id)",
  "agree INSTANT | instant=ok nocopy=ok inplaceNone=ok inplaceShared=ok | addColumn: ALTER TABLE users ADD COLUMN seen_at datetime NULL DEFAULT CURRENT_TIMESTAMP",
  "agree INSTANT | instant=ok nocopy=ok inplaceNone=ok inplaceShared=ok | dropColumn: ALTER TABLE users DROP COLUMN bio",
  "agree INSTANT | instant=ok nocopy=ok inplaceNone=ok inplaceShared=ok | dropColumn: ALTER TABLE users DROP COLUMN score",
  "agree INSTANT | instant=ok nocopy=ok inplaceNone=ok inplaceShared=ok | renameColumn: ALTER TABLE users RENAME COLUMN name TO full_name",
  "agree INSTANT | instant=ok nocopy=ok inplaceNone=ok inplaceShared=ok | alterColumnType: ALTER TABLE users MODIFY COLUMN name varchar(63) NULL",
  "agree COPY/SHARED rebuild | instant=no nocopy=no inplaceNone=no inplaceShared=no | alterColumnType: ALTER TABLE users MODIFY COLUMN name varchar(255) NULL",
  "agree COPY/SHARED rebuild | instant=no nocopy=no inplaceNone=no inplaceShared=no | alterColumnType: ALTER TABLE users MODIFY COLUMN score bigint NULL",
  "agree INSTANT | instant=ok nocopy=ok inplaceNone=ok inplaceShared=ok | alterColumnType: ALTER TABLE users MODIFY COLUMN status enum('active','inactive','banned') NOT NULL DEFAULT 'active'",
  "agree COPY/SHARED rebuild | instant=no nocopy=no inplaceNone=no inplaceShared=no | alterColumnType: ALTER TABLE users MODIFY COLUMN status enum('inactive','active') NOT NULL DEFAULT 'active'",
  "agree INPLACE/NONE rebuild | instant=no nocopy=no inplaceNone=ok inplaceShared=ok | setNotNull: ALTER TABLE users MODIFY COLUMN name varchar(60) NOT NULL",
  "agree INPLACE/NONE rebuild | instant=no nocopy=no inplaceNone=ok inplaceShared=ok | dropNotNull: ALTER TABLE users MODIFY COLUMN email varchar(50) NULL",
  "agree INSTANT | instant=ok nocopy=ok inplaceNone=ok inplaceShared=ok | setDefault: ALTER TABLE users ALTER COLUMN score SET DEFAULT 0",
  "agree INSTANT | instant=ok nocopy=ok inplaceNone=ok inplaceShared=ok | dropDefault: ALTER TABLE users ALTER COLUMN status DROP DEFAULT",
  "agree INPLACE/NONE | instant=no nocopy=ok inplaceNone=ok inplaceShared=ok | createIndex: CREATE UNIQUE INDEX idx_users_email_unique ON users (email)",
  "agree COPY/SHARED rebuild | instant=no nocopy=no inplaceNone=no inplaceShared=no | addForeignKey: ALTER TABLE users ADD CONSTRAINT fk_users_org_id_orgs FOREIGN KEY (org_id) REFERENCES orgs (id)",
  "agree INPLACE/NONE | instant=no nocopy=ok inplaceNone=ok inplaceShared=ok | dropForeignKey: ALTER TABLE users DROP FOREIGN KEY fk_users_team_id_orgs, DROP INDEX fk_users_team_id_orgs",
  "agree COPY/SHARED rebuild | instant=no nocopy=no inplaceNone=no inplaceShared=no | addCheck: ALTER TABLE users ADD CONSTRAINT ck_users_score CHECK (score >= 0)",
  "agree INSTANT | instant=ok nocopy=ok inplaceNone=ok inplaceShared=ok | dropCheck: ALTER TABLE users DROP CONSTRAINT ck_users_amount",
]
`);
  }, 240_000);
  it('runs the SQL fixes the rules suggest, and they clear the finding', async () => {
    const server = serverFromVersionString(version);
    const options = { flavor: server.flavor, version, schema };
    const cases: [Rule, string][] = [
      [mysqlAlgorithmCopy, 'ALTER TABLE users ADD INDEX idx_users_email (email), ALGORITHM=COPY'],
      [mysqlAddColumnNotInstant, 'ALTER TABLE users ADD COLUMN token char(36) NULL DEFAULT (uuid())'],
      [mysqlAddColumnNotInstant, 'ALTER TABLE users ADD COLUMN handle varchar(30) NULL, ADD UNIQUE INDEX idx_users_handle_unique (handle)'],
      [mysqlEnumChangeNotAppend, "ALTER TABLE users MODIFY COLUMN status enum('banned','active','inactive') NOT NULL DEFAULT 'active'"],
      [mysqlAddForeignKey, 'ALTER TABLE users ADD CONSTRAINT fk_users_org_id_orgs FOREIGN KEY (org_id) REFERENCES orgs (id)'],
      [mysqlAlgorithmNotSupported, 'ALTER TABLE users ADD INDEX idx_users_email (email), ALGORITHM=INSTANT'],
      [mysqlAlgorithmNotSupported, 'DROP INDEX idx_users_score ON users ALGORITHM=INPLACE LOCK=NONE'],
    ];
    for (const [rule, sql] of cases) {
      const fix = lintMysql([rule], sql, options)[0]?.fix ?? '';
      expect(lintMysql([rule], fix, options)).toEqual([]);
      await resetFixture();
      for (const piece of splitMysqlStatements(fix)) await t.db.exec(piece.sql);
      await t.db.exec('SET foreign_key_checks = 1');
    }
    dirty = true;
  }, 60_000);
});
