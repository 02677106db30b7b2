import { Parser } from 'node-sql-parser';
import { mysqlDialect } from '../../dialects/mysql/render';
import { applyOperation } from '../../model/apply';
import type { Operation } from '../../model/operations';
import type { Schema } from '../../model/schema';
import type { StatementFacts } from '../types';
import { SCHEMA } from './__fixtures__/lint';
import { type MysqlAnalyzeOptions, analyzeMysqlSql, mysqlDetail, mysqlFactsForStatements } from './analyze';
import { splitMysqlStatements } from './split';

function summary(facts: StatementFacts[]): string[] {
  return facts.map((f) => {
    const detail = mysqlDetail(f);
    const locks = f.locks.map((l) => `${l.table}: ${l.mode}`).join(', ');
    const flags = [f.rewrite && 'rewrite', f.scan && 'scan', f.transactional && 'transactional', f.inTransaction && 'in transaction']
      .filter(Boolean)
      .join(' ');
    const refusal = detail?.verdict?.refusal ? ` refused: ${detail.verdict.refusal}` : '';
    return `${f.kind} [${locks}] ${flags}${f.parseError ? ` ! ${f.parseError}` : ''}${refusal}`.trim();
  });
}

/** The algorithm / lock claim of each statement. */
function claims(sql: string, options: MysqlAnalyzeOptions): string[] {
  return analyzeMysqlSql(sql, options).map((f) => {
    const mode = f.locks.find((l) => /^(INSTANT|INPLACE|COPY)/.test(l.mode))?.mode ?? f.parseError ?? 'none';
    return `${mode}${f.rewrite ? ' rebuild' : ''}${mysqlDetail(f)?.verdict?.refusal ? ' (refused)' : ''}`;
  });
}

const MARIADB: MysqlAnalyzeOptions = { flavor: 'mariadb', version: '10.11.19-MariaDB-0+deb12u1', schema: SCHEMA };

describe('splitMysqlStatements', () => {
  it('splits at the delimiter outside quotes and comments', () => {
    const sql = [
      "INSERT INTO t VALUES ('a;b', \"c;d\", 'it\\'s;', 'x'';y');",
      'ALTER TABLE `we;ird` ADD COLUMN `c``;` int; -- a ; comment',
      '# another ; comment',
      '/* a ; block */ SELECT 1--1;',
      '/*!40101 SET NAMES utf8mb4 */;',
      '-- only a comment;',
    ].join('\n');
    expect(splitMysqlStatements(sql).map((p) => p.sql)).toMatchInlineSnapshot(`
[
  "INSERT INTO t VALUES ('a;b', "c;d", 'it\\'s;', 'x'';y')",
  "ALTER TABLE \`we;ird\` ADD COLUMN \`c\`\`;\` int",
  "-- a ; comment
# another ; comment
/* a ; block */ SELECT 1--1",
  "/*!40101 SET NAMES utf8mb4 */",
]
`);
  });

  it('follows DELIMITER lines, as files with triggers use them', () => {
    const sql = 'DELIMITER $$\nCREATE TRIGGER t BEFORE INSERT ON users FOR EACH ROW BEGIN SET NEW.score = 1; END$$\nDELIMITER ;\nSELECT 1;';
    expect(splitMysqlStatements(sql).map((p) => p.sql)).toMatchInlineSnapshot(`
[
  "CREATE TRIGGER t BEFORE INSERT ON users FOR EACH ROW BEGIN SET NEW.score = 1; END",
  "SELECT 1",
]
`);
  });
});

describe('analyzeMysqlSql', () => {
  it('reads what every statement takes', () => {
    const sql = `
      BEGIN;
      UPDATE users SET score = 0 WHERE score IS NULL;
      DELETE FROM users;
      ALTER TABLE users ADD COLUMN bio text NULL;
      UPDATE users SET score = 1;
      CREATE TABLE notes (id bigint NOT NULL AUTO_INCREMENT, body varchar(100) NULL, PRIMARY KEY (id));
      CREATE INDEX idx_notes_body ON notes (body);
      RENAME TABLE notes TO memos;
      ALTER TABLE memos ADD CONSTRAINT fk_memos_id_users FOREIGN KEY (id) REFERENCES users (id);
      TRUNCATE TABLE memos;
      DROP TABLE memos;
      LOCK TABLES users WRITE;
      OPTIMIZE TABLE users;
      SET foreign_key_checks = 0;
      SELECT 1;
    `;
    expect(summary(analyzeMysqlSql(sql, MARIADB))).toMatchInlineSnapshot(`
[
  "BEGIN [] transactional in transaction",
  "UPDATE [users: row locks] transactional in transaction",
  "DELETE [users: row locks] scan transactional in transaction",
  "ALTER TABLE/addColumn [users: metadata lock (exclusive, brief), users: INSTANT]",
  "UPDATE [users: row locks] scan transactional",
  "CREATE TABLE [notes: metadata lock (exclusive, brief)]",
  "CREATE INDEX [notes: metadata lock (exclusive, brief), notes: INPLACE/NONE] scan",
  "RENAME TABLE [notes: metadata lock (exclusive, brief), memos: metadata lock (exclusive, brief)]",
  "ALTER TABLE/addForeignKey [memos: metadata lock (exclusive, brief), memos: COPY/SHARED, users: metadata lock (shared)] rewrite scan",
  "TRUNCATE TABLE [memos: metadata lock (exclusive, brief)] rewrite",
  "DROP TABLE [memos: metadata lock (exclusive, brief)]",
  "LOCK TABLES [users: table lock (WRITE)]",
  "OPTIMIZE TABLE [users: metadata lock (exclusive, brief), users: INPLACE/NONE] rewrite scan",
  "SET [] transactional",
  "SELECT [] transactional",
]
`);
  });

  it('reads every statement mig renders for MySQL', () => {
    const ops: Operation[] = [
      { kind: 'createTable', table: 'tags', columns: [{ name: 'id', type: 'bigint', nullable: false, primaryKey: true, autoIncrement: true }, { name: 'label', type: 'string(40)', nullable: false, unique: true }, { name: 'user_id', type: 'bigint', nullable: true, references: { table: 'users', column: 'id', onDelete: 'cascade' } }] },
      { kind: 'addColumn', table: 'users', column: { name: 'verified', type: 'boolean', nullable: false, default: false, unique: true } },
      { kind: 'addColumn', table: 'users', column: { name: 'settings', type: 'json', nullable: true, default: '{}' } },
      { kind: 'addColumn', table: 'users', column: { name: 'seen', type: 'timestamp', nullable: true, default: { sql: 'CURRENT_TIMESTAMP' } } },
      { kind: 'alterColumnType', table: 'users', column: 'score', type: 'decimal(10,2)' },
      { kind: 'setNotNull', table: 'users', column: 'name' },
      { kind: 'dropNotNull', table: 'users', column: 'email' },
      { kind: 'setDefault', table: 'users', column: 'name', default: "it's" },
      { kind: 'dropDefault', table: 'users', column: 'status' },
      { kind: 'renameColumn', table: 'users', from: 'name', to: 'full_name' },
      { kind: 'createIndex', table: 'users', columns: ['email'], unique: true, name: 'idx_users_email_unique' },
      { kind: 'addForeignKey', table: 'users', columns: ['org_id'], refTable: 'orgs', refColumns: ['id'], onDelete: 'set null', name: 'fk_users_org_id_orgs' },
      { kind: 'dropIndex', table: 'users', name: 'idx_users_score' },
      { kind: 'dropForeignKey', table: 'users', name: 'fk_users_org_id_orgs' },
      { kind: 'addCheck', table: 'users', name: 'ck_users_email', expression: "email LIKE '%@%'" },
      { kind: 'dropCheck', table: 'users', name: 'ck_users_email' },
      { kind: 'backfill', table: 'users', set: { score: 0 }, where: 'score IS NULL' },
      { kind: 'dropColumn', table: 'users', column: 'bio_missing_is_fine' },
      { kind: 'renameTable', from: 'tags', to: 'labels' },
      { kind: 'dropTable', table: 'labels' },
      { kind: 'sql', up: 'UPDATE users SET score = score + 1' },
    ];
    let schema: Schema = SCHEMA;
    const statements: { sql: string; transactional: boolean; change: Operation }[] = [];
    for (const op of ops) {
      const rendered = op.kind === 'dropColumn' ? [{ sql: 'ALTER TABLE users DROP COLUMN bio_missing_is_fine', transactional: false }] : mysqlDialect.render(op, { schema });
      statements.push(...rendered.map((s) => ({ ...s, change: op })));
      if (op.kind !== 'dropColumn') schema = applyOperation(schema, op);
    }
    const facts = mysqlFactsForStatements(statements, { ...MARIADB, schema: SCHEMA });
    expect(facts.filter((f) => f.parseError)).toEqual([]);
    expect(facts.map((f) => `${summary([f])[0]} | ${f.sql.split('\n')[0]}`)).toMatchInlineSnapshot(`
[
  "CREATE TABLE [tags: metadata lock (exclusive, brief), users: metadata lock (shared)] | CREATE TABLE tags (",
  "CREATE INDEX [tags: metadata lock (exclusive, brief), tags: INPLACE/NONE] scan | CREATE UNIQUE INDEX idx_tags_label_unique ON tags (label)",
  "ALTER TABLE/addColumn [users: metadata lock (exclusive, brief), users: INSTANT] | ALTER TABLE users ADD COLUMN verified tinyint(1) NOT NULL DEFAULT FALSE",
  "CREATE INDEX [users: metadata lock (exclusive, brief), users: INPLACE/NONE] scan | CREATE UNIQUE INDEX idx_users_verified_unique ON users (verified)",
  "ALTER TABLE/addColumn [users: metadata lock (exclusive, brief), users: INSTANT] | ALTER TABLE users ADD COLUMN settings json NULL DEFAULT ('{}')",
  "ALTER TABLE/addColumn [users: metadata lock (exclusive, brief), users: INSTANT] | ALTER TABLE users ADD COLUMN seen datetime NULL DEFAULT CURRENT_TIMESTAMP",
  "ALTER TABLE/modifyColumn [users: metadata lock (exclusive, brief), users: COPY/SHARED] rewrite scan | ALTER TABLE users MODIFY COLUMN score decimal(10,2) NULL",
  "ALTER TABLE/modifyColumn [users: metadata lock (exclusive, brief), users: INPLACE/NONE] rewrite scan | ALTER TABLE users MODIFY COLUMN name varchar(60) NOT NULL",
  "ALTER TABLE/modifyColumn [users: metadata lock (exclusive, brief), users: INPLACE/NONE] rewrite scan | ALTER TABLE users MODIFY COLUMN email varchar(50) NULL",
  "ALTER TABLE/setDefault [users: metadata lock (exclusive, brief), users: INSTANT] | ALTER TABLE users ALTER COLUMN name SET DEFAULT 'it''s'",
  "ALTER TABLE/dropDefault [users: metadata lock (exclusive, brief), users: INSTANT] | ALTER TABLE users ALTER COLUMN status DROP DEFAULT",
  "ALTER TABLE/renameColumn [users: metadata lock (exclusive, brief), users: INSTANT] | ALTER TABLE users RENAME COLUMN name TO full_name",
  "CREATE INDEX [users: metadata lock (exclusive, brief), users: INPLACE/NONE] scan | CREATE UNIQUE INDEX idx_users_email_unique ON users (email)",
  "ALTER TABLE/addForeignKey [users: metadata lock (exclusive, brief), users: COPY/SHARED, orgs: metadata lock (shared)] rewrite scan | ALTER TABLE users ADD CONSTRAINT fk_users_org_id_orgs FOREIGN KEY (org_id) REFERENCES orgs (id) ON DELETE SET NULL",
  "DROP INDEX [users: metadata lock (exclusive, brief), users: INPLACE/NONE] | DROP INDEX idx_users_score ON users",
  "ALTER TABLE/dropForeignKey,dropIndex [users: metadata lock (exclusive, brief), users: INPLACE/NONE] | ALTER TABLE users DROP FOREIGN KEY fk_users_org_id_orgs, DROP INDEX fk_users_org_id_orgs",
  "ALTER TABLE/addCheck [users: metadata lock (exclusive, brief), users: COPY/SHARED] rewrite scan | ALTER TABLE users ADD CONSTRAINT ck_users_email CHECK (email LIKE '%@%')",
  "ALTER TABLE/dropConstraint [users: metadata lock (exclusive, brief), users: INSTANT] | ALTER TABLE users DROP CONSTRAINT ck_users_email",
  "UPDATE [users: row locks] transactional in transaction | UPDATE users SET score = 0 WHERE score IS NULL",
  "ALTER TABLE/dropColumn [users: metadata lock (exclusive, brief), users: INSTANT] | ALTER TABLE users DROP COLUMN bio_missing_is_fine",
  "RENAME TABLE [tags: metadata lock (exclusive, brief), labels: metadata lock (exclusive, brief)] | RENAME TABLE tags TO labels",
  "DROP TABLE [labels: metadata lock (exclusive, brief)] | DROP TABLE labels",
  "UPDATE [users: row locks] scan transactional in transaction | UPDATE users SET score = score + 1",
]
`);
  });

  it('knows which versions add, drop and rename columns INSTANT', () => {
    const sql = [
      'ALTER TABLE users ADD COLUMN a int NULL',
      'ALTER TABLE users ADD COLUMN b int NULL FIRST',
      'ALTER TABLE users DROP COLUMN a',
      'ALTER TABLE users RENAME COLUMN name TO full_name',
      'ALTER TABLE users MODIFY COLUMN full_name varchar(63) NULL',
      "ALTER TABLE users MODIFY COLUMN status enum('active','inactive','banned') NOT NULL DEFAULT 'active'",
      'ALTER TABLE users MODIFY COLUMN email varchar(50) NOT NULL FIRST',
    ].join(';\n');
    const versions: MysqlAnalyzeOptions[] = [
      { flavor: 'mysql', version: '5.7.44' },
      { flavor: 'mysql', version: '8.0.20' },
      { flavor: 'mysql', version: '8.0.28' },
      { flavor: 'mysql', version: '8.0.29' },
      { flavor: 'mariadb', version: '10.2.44' },
      { flavor: 'mariadb', version: '10.3.39' },
      { flavor: 'mariadb', version: '10.4.34' },
      { flavor: 'mariadb', version: '10.11' },
    ];
    const table = versions.map((v) => `${v.flavor} ${v.version}: ${claims(sql, { ...v, schema: SCHEMA }).join(' | ')}`);
    expect(table).toMatchInlineSnapshot(`
[
  "mysql 5.7.44: INPLACE/NONE rebuild | INPLACE/NONE rebuild | INPLACE/NONE rebuild | INPLACE/NONE (refused) | INPLACE/NONE | INPLACE/NONE | INPLACE/NONE rebuild",
  "mysql 8.0.20: INSTANT | INPLACE/NONE rebuild | INPLACE/NONE rebuild | INPLACE/NONE | INPLACE/NONE | INSTANT | INPLACE/NONE rebuild",
  "mysql 8.0.28: INSTANT | INPLACE/NONE rebuild | INPLACE/NONE rebuild | INSTANT | INPLACE/NONE | INSTANT | INPLACE/NONE rebuild",
  "mysql 8.0.29: INSTANT | INSTANT | INSTANT | INSTANT | INPLACE/NONE | INSTANT | INPLACE/NONE rebuild",
  "mariadb 10.2.44: INPLACE/NONE rebuild | INPLACE/NONE rebuild | INPLACE/NONE rebuild | INPLACE/NONE (refused) | INPLACE/NONE | INPLACE/NONE | INPLACE/NONE rebuild",
  "mariadb 10.3.39: INSTANT | INPLACE/NONE rebuild | INPLACE/NONE rebuild | INSTANT (refused) | INPLACE/NONE | INSTANT | INPLACE/NONE rebuild",
  "mariadb 10.4.34: INSTANT | INSTANT | INSTANT | INSTANT (refused) | INSTANT | INSTANT | INSTANT",
  "mariadb 10.11: INSTANT | INSTANT | INSTANT | INSTANT | INSTANT | INSTANT | INSTANT",
]
`);
  });

  it('honours ALGORITHM= and LOCK= as each server reads them', () => {
    const sql = [
      'ALTER TABLE users ADD COLUMN a int NULL, ALGORITHM=INPLACE',
      'ALTER TABLE users ALTER COLUMN score SET DEFAULT 1, ALGORITHM=INPLACE',
      'ALTER TABLE users ADD INDEX i (email), ALGORITHM=COPY',
      'ALTER TABLE users ADD INDEX j (email), LOCK=SHARED',
      'ALTER TABLE users ADD INDEX k (email), ALGORITHM=NOCOPY',
      'ALTER TABLE users MODIFY COLUMN score bigint NULL, ALGORITHM=INPLACE',
      'ALTER TABLE users ADD COLUMN c int NULL, ALGORITHM=DEFAULT, LOCK=DEFAULT',
    ].join(';\n');
    const both = { mysql: claims(sql, { flavor: 'mysql', version: '8.0.35', schema: SCHEMA }), mariadb: claims(sql, MARIADB) };
    expect(both).toMatchInlineSnapshot(`
{
  "mariadb": [
    "INSTANT",
    "INSTANT",
    "COPY/SHARED rebuild",
    "INPLACE/SHARED",
    "INPLACE/NONE",
    "COPY/SHARED rebuild (refused)",
    "INSTANT",
  ],
  "mysql": [
    "INPLACE/NONE rebuild",
    "INPLACE/NONE",
    "COPY/SHARED rebuild",
    "INPLACE/SHARED",
    "INPLACE/NONE (refused)",
    "COPY/SHARED rebuild (refused)",
    "INSTANT",
  ],
}
`);
  });

  it('commits implicitly at DDL, and follows foreign_key_checks', () => {
    const sql = 'START TRANSACTION;\nUPDATE users SET score = 1 WHERE id = 1;\nALTER TABLE users ADD COLUMN a int NULL;\nUPDATE users SET score = 2 WHERE id = 1;\nCOMMIT';
    expect(analyzeMysqlSql(sql, MARIADB).map((f) => `${f.kind}: ${f.inTransaction}`)).toEqual([
      'START TRANSACTION: true',
      'UPDATE: true',
      'ALTER TABLE/addColumn: false',
      'UPDATE: false',
      'COMMIT: false',
    ]);
    const fk = 'ALTER TABLE users ADD CONSTRAINT fk_users_org_id_orgs FOREIGN KEY (org_id) REFERENCES orgs (id)';
    expect(claims(`${fk};\nSET SESSION foreign_key_checks = OFF;\n${fk};\nSET GLOBAL foreign_key_checks = 1;\n${fk}`, MARIADB)).toEqual([
      'COPY/SHARED rebuild',
      'none',
      'INPLACE/NONE',
      'none',
      'INPLACE/NONE',
    ]);
  });

  it('follows tables through the script: created, renamed, changed', () => {
    const sql = [
      'CREATE TABLE notes (id int NOT NULL, body varchar(60) NULL, PRIMARY KEY (id))',
      'ALTER TABLE notes MODIFY COLUMN body varchar(63) NULL',
      'RENAME TABLE notes TO memos',
      'ALTER TABLE memos MODIFY COLUMN body varchar(64) NULL',
      'ALTER TABLE memos CHANGE COLUMN body text_body varchar(64) NULL',
      'ALTER TABLE memos MODIFY COLUMN text_body varchar(65) NULL',
      'ALTER TABLE events RENAME TO happenings',
      'ALTER TABLE happenings MODIFY COLUMN kind varchar(30) NOT NULL',
    ].join(';\n');
    const facts = analyzeMysqlSql(sql, MARIADB);
    expect(claims(sql, MARIADB)).toMatchInlineSnapshot(`
[
  "none",
  "INSTANT",
  "none",
  "COPY/SHARED rebuild",
  "INSTANT",
  "INSTANT",
  "INSTANT",
  "INSTANT",
]
`);
    expect(mysqlDetail(facts[7] as StatementFacts)?.table?.stats?.rows).toBe(48_000_000);
  });

  it('says what it cannot read, and never drops a statement', () => {
    const sql = 'ALTER TABLE users PARTITION BY HASH(id);\nALTER TABLE users ADD COLUMN x int NULL BOGUS;\nGRANT ALL ON *.* TO root;\nanalyze table users';
    expect(summary(analyzeMysqlSql(sql, MARIADB))).toMatchInlineSnapshot(`
[
  "ALTER TABLE []  ! expected an ALTER TABLE clause at "PARTITION" (offset 18)",
  "ALTER TABLE []  ! expected a column attribute at "BOGUS" (offset 40)",
  "GRANT [] transactional",
  "ANALYZE TABLE [users: metadata lock (shared)]",
]
`);
    const planned = mysqlFactsForStatements([{ sql: 'UPDATE users SET score = 1; UPDATE users SET score = 2', transactional: true }], MARIADB);
    expect(planned[0]?.parseError).toMatchInlineSnapshot(`"the text holds 2 statements; mig analyses one statement at a time"`);
  });
});

describe('node-sql-parser 5.4, checked for the forms the reader takes over', () => {
  const parser = new Parser();
  const reads = (sql: string, database: string) => {
    try {
      parser.astify(sql, { database });
      return true;
    } catch {
      return false;
    }
  };

  it.each([
    ['ALTER TABLE users ALTER COLUMN score SET DEFAULT 0', 'MySQL'],
    ['ALTER TABLE users ALTER COLUMN score DROP DEFAULT', 'MariaDB'],
    ['ALTER TABLE users ADD CONSTRAINT fk FOREIGN KEY (org_id) REFERENCES orgs (id)', 'MariaDB'],
    ['ALTER TABLE users ADD UNIQUE INDEX u (email)', 'MariaDB'],
    ['ALTER TABLE users ADD PRIMARY KEY (id)', 'MariaDB'],
    ['ALTER TABLE users DROP CONSTRAINT ck', 'MariaDB'],
    ['ALTER TABLE users FORCE', 'MySQL'],
    ['ALTER TABLE users RENAME INDEX a TO b', 'MySQL'],
  ])('cannot read %s (%s grammar)', (sql, database) => {
    expect(reads(sql, database)).toBe(false);
  });
});
