import { sqliteDialect } from '../../dialects/sqlite/render';
import type { Operation } from '../../model/operations';
import { applyOperation } from '../../model/apply';
import type { Schema } from '../../model/schema';
import type { StatementFacts } from '../types';
import { analyzeSqliteSql, sqliteDetail, sqliteFactsForStatements } from './analyze';
import { splitSqliteStatements } from './split';

const SCHEMA: Schema = {
  tables: [
    {
      name: 'users',
      columns: [
        { name: 'id', type: 'integer', nullable: false, primaryKey: true, autoIncrement: true },
        { name: 'email', type: 'string(50)', nullable: false },
        { name: 'score', type: 'integer', nullable: true },
      ],
      primaryKey: ['id'],
      indexes: [{ name: 'idx_users_score', columns: ['score'], unique: false }],
      foreignKeys: [],
      checks: [],
      stats: { rows: 250_000, bytes: 20_000_000, basis: 'dbstat' },
    },
  ],
};

function summary(facts: StatementFacts[]): string[] {
  return facts.map((f) => {
    const rebuild = sqliteDetail(f)?.rebuild;
    const flags = [f.rewrite && 'rewrite', f.scan && 'scan', !f.transactional && 'outside transaction', f.inTransaction && 'in transaction']
      .filter(Boolean)
      .join(' ');
    const locks = f.locks.map((l) => `${l.table}: ${l.mode}`).join(', ');
    return `${f.kind} [${locks}] ${flags}${rebuild ? ` (rebuild ${rebuild.table} via ${rebuild.temp}: ${rebuild.step})` : ''}${f.parseError ? ` ! ${f.parseError}` : ''}`.trim();
  });
}

describe('splitSqliteStatements', () => {
  it('splits at semicolons outside quotes, comments and trigger bodies', () => {
    const sql = `
      INSERT INTO t VALUES ('a;b', "c;d", [e;f]); -- a ; in a comment
      /* ; */ CREATE TRIGGER t_ai AFTER INSERT ON t BEGIN
        UPDATE t SET n = CASE WHEN n > 0 THEN n ELSE 0 END;
        DELETE FROM u;
      END;
      SELECT 1;;
    `;
    expect(splitSqliteStatements(sql).map((p) => p.sql)).toMatchInlineSnapshot(`
[
  "INSERT INTO t VALUES ('a;b', "c;d", [e;f])",
  "-- a ; in a comment
      /* ; */ CREATE TRIGGER t_ai AFTER INSERT ON t BEGIN
        UPDATE t SET n = CASE WHEN n > 0 THEN n ELSE 0 END;
        DELETE FROM u;
      END",
  "SELECT 1",
]
`);
  });
});

describe('analyzeSqliteSql', () => {
  it('reads locks, rewrites and scans of a script', () => {
    const sql = `
      BEGIN;
      ALTER TABLE users ADD COLUMN bio TEXT;
      ALTER TABLE users ADD COLUMN status TEXT NOT NULL DEFAULT 'a' CHECK (status IN ('a', 'b'));
      CREATE INDEX idx_users_email ON users (email);
      UPDATE users SET score = 0;
      UPDATE users SET score = 1 WHERE id = 3;
      DROP INDEX idx_users_score;
      ALTER TABLE users DROP COLUMN bio;
      COMMIT;
      PRAGMA foreign_keys = OFF;
      VACUUM;
      SELECT * FROM users;
    `;
    expect(summary(analyzeSqliteSql(sql, { schema: SCHEMA }))).toMatchInlineSnapshot(`
[
  "BEGIN [] in transaction",
  "ALTER TABLE ADD COLUMN [users: database write lock] in transaction",
  "ALTER TABLE ADD COLUMN [users: database write lock] scan in transaction",
  "CREATE INDEX [users: database write lock] scan in transaction",
  "UPDATE [users: database write lock] scan in transaction",
  "UPDATE [users: database write lock] in transaction",
  "DROP INDEX [users: database write lock] in transaction",
  "ALTER TABLE DROP COLUMN [users: database write lock] rewrite scan in transaction",
  "COMMIT []",
  "PRAGMA [] outside transaction",
  "VACUUM [*: database write lock] rewrite outside transaction",
  "SELECT []",
]
`);
  });

  it('recognises the table rebuild mig renders', () => {
    const op: Operation = { kind: 'setNotNull', table: 'users', column: 'score' };
    const statements = sqliteDialect.render(op, { schema: SCHEMA }).map((s) => ({ ...s, change: op }));
    expect(summary(sqliteFactsForStatements(statements, { schema: SCHEMA }))).toMatchInlineSnapshot(`
[
  "PRAGMA [] outside transaction",
  "SELECT [] in transaction",
  "CREATE TABLE [new_users: database write lock] in transaction (rebuild users via new_users: create)",
  "INSERT [users: database write lock, new_users: database write lock] rewrite scan in transaction (rebuild users via new_users: copy)",
  "DELETE [sqlite_sequence: database write lock] in transaction",
  "UPDATE [sqlite_sequence: database write lock] in transaction",
  "DROP TABLE [users: database write lock] in transaction (rebuild users via new_users: drop)",
  "PRAGMA [] in transaction",
  "ALTER TABLE RENAME [new_users: database write lock] in transaction (rebuild users via new_users: rename)",
  "PRAGMA [] in transaction",
  "CREATE INDEX [users: database write lock] scan in transaction (rebuild users via new_users: index)",
  "SELECT [] in transaction",
  "PRAGMA [] outside transaction",
]
`);
  });

  it('reads every statement mig renders for SQLite, and finds each rebuild', () => {
    const ops: Operation[] = [
      { kind: 'addColumn', table: 'users', column: { name: 'bio', type: 'text', nullable: true, unique: true } },
      { kind: 'addColumn', table: 'users', column: { name: 'rank', type: 'integer', nullable: false } },
      { kind: 'alterColumnType', table: 'users', column: 'score', type: 'bigint' },
      { kind: 'setDefault', table: 'users', column: 'score', default: 0 },
      { kind: 'addCheck', table: 'users', name: 'ck_users_score', expression: 'score >= 0' },
      { kind: 'createIndex', table: 'users', columns: ['email'], unique: true, name: 'idx_users_email_unique' },
      { kind: 'renameColumn', table: 'users', from: 'email', to: 'mail' },
      { kind: 'dropColumn', table: 'users', column: 'bio' },
      { kind: 'backfill', table: 'users', set: { score: 0 }, where: 'score IS NULL' },
      { kind: 'renameTable', from: 'users', to: 'people' },
      { kind: 'dropTable', table: 'people' },
    ];
    let schema: Schema = SCHEMA;
    const statements: { sql: string; transactional: boolean; change: Operation }[] = [];
    for (const op of ops) {
      statements.push(...sqliteDialect.render(op, { schema }).map((s) => ({ ...s, change: op })));
      schema = applyOperation(schema, op);
    }
    const facts = sqliteFactsForStatements(statements, { schema: SCHEMA });
    expect(facts.filter((f) => f.parseError)).toEqual([]);
    const rebuilt = facts.filter((f) => sqliteDetail(f)?.rebuild?.step === 'copy').map((f) => f.change?.kind);
    expect(rebuilt).toEqual(['addColumn', 'alterColumnType', 'setDefault', 'addCheck']);
  });

  it('reports what SQLite cannot parse', () => {
    expect(summary(analyzeSqliteSql('ALTER TABLE users ADD;\nSELEC 1;\nSELECT 1'))).toMatchInlineSnapshot(`
[
  "ALTER []  ! incomplete input",
  "SELEC []  ! near "SELEC": syntax error",
  "SELECT []",
]
`);
  });
});
