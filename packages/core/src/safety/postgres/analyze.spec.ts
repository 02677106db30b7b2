import { postgresDialect } from '../../dialects/postgres/render';
import { applyOperation } from '../../model/apply';
import type { Operation } from '../../model/operations';
import { type Schema, emptySchema } from '../../model/schema';
import { loadPostgresParser, postgresFactsForStatements } from './analyze';

beforeAll(loadPostgresParser);

const users: Operation = {
  kind: 'createTable',
  table: 'users',
  columns: [
    { name: 'id', type: 'bigint', nullable: false, primaryKey: true, autoIncrement: true },
    { name: 'email', type: 'string(100)', nullable: true },
  ],
};

/** What mig itself renders for `ops` on `schema`, analysed as planned statements. */
function planned(ops: Operation[], schema: Schema) {
  let current = schema;
  const statements = ops.flatMap((op) => {
    const rendered = postgresDialect.render(op, { schema: current }).map((s) => ({ ...s, change: op }));
    current = applyOperation(current, op);
    return rendered;
  });
  return postgresFactsForStatements(statements, { schema }).map((f) => ({
    index: f.index,
    change: f.change?.kind,
    sql: f.sql,
    locks: f.locks.map((l) => `${l.table}: ${l.mode}`).join(', '),
    rewrite: f.rewrite,
    scan: f.scan,
    transaction: f.transaction,
  }));
}

describe('postgresFactsForStatements', () => {
  it('analyses what mig renders, paired with the operation', () => {
    const schema = applyOperation(emptySchema(), users);
    const ops: Operation[] = [
      { kind: 'addColumn', table: 'users', column: { name: 'verified', type: 'boolean', nullable: false, default: false } },
      { kind: 'alterColumnType', table: 'users', column: 'email', type: 'string(200)' },
      { kind: 'createIndex', table: 'users', columns: ['email'], unique: true, name: 'idx_users_email_unique' },
      { kind: 'backfill', table: 'users', set: { verified: true }, where: 'id BETWEEN 1 AND 1000' },
    ];
    expect(planned(ops, schema)).toMatchInlineSnapshot(`
[
  {
    "change": "addColumn",
    "index": 0,
    "locks": "users: ACCESS EXCLUSIVE",
    "rewrite": false,
    "scan": false,
    "sql": "ALTER TABLE users ADD COLUMN verified boolean NOT NULL DEFAULT false",
    "transaction": 0,
  },
  {
    "change": "alterColumnType",
    "index": 1,
    "locks": "users: ACCESS EXCLUSIVE",
    "rewrite": false,
    "scan": false,
    "sql": "ALTER TABLE users ALTER COLUMN email TYPE varchar(200)",
    "transaction": 0,
  },
  {
    "change": "createIndex",
    "index": 2,
    "locks": "users: SHARE",
    "rewrite": false,
    "scan": true,
    "sql": "CREATE UNIQUE INDEX idx_users_email_unique ON users (email)",
    "transaction": 0,
  },
  {
    "change": "backfill",
    "index": 3,
    "locks": "users: ROW EXCLUSIVE",
    "rewrite": false,
    "scan": false,
    "sql": "UPDATE users SET verified = true WHERE id BETWEEN 1 AND 1000",
    "transaction": 0,
  },
]
`);
  });

  it('consecutive transactional statements share a transaction; others run alone', () => {
    const facts = postgresFactsForStatements([
      { sql: 'ALTER TABLE users ADD COLUMN a int', transactional: true },
      { sql: 'ALTER TABLE users ADD COLUMN b int', transactional: true },
      { sql: 'CREATE INDEX CONCURRENTLY idx_users_a ON users (a)', transactional: false },
      { sql: 'ALTER TABLE users ADD COLUMN c int', transactional: true },
    ]);
    expect(facts.map((f) => [f.inTransaction, f.transaction])).toEqual([
      [true, 0],
      [true, 0],
      [false, undefined],
      [true, 1],
    ]);
  });

  it('explicit transaction numbers keep phases apart', () => {
    const facts = postgresFactsForStatements([
      { sql: 'ALTER TABLE users ADD CONSTRAINT c CHECK (a > 0) NOT VALID', transactional: true, transaction: 0 },
      { sql: 'ALTER TABLE users VALIDATE CONSTRAINT c', transactional: true, transaction: 1 },
    ]);
    expect(facts.map((f) => f.transaction)).toEqual([0, 1]);
  });

  it('a planned statement holding several statements yields several facts with its index', () => {
    const facts = postgresFactsForStatements([
      { sql: 'SELECT 1', transactional: true },
      { sql: "UPDATE users SET a = 1 WHERE id = 1; DELETE FROM users WHERE id = 2", transactional: true, change: { kind: 'sql', up: '…' } },
    ]);
    expect(facts.map((f) => [f.index, f.kind, f.change?.kind])).toEqual([
      [0, 'SelectStmt', undefined],
      [1, 'UpdateStmt', 'sql'],
      [1, 'DeleteStmt', 'sql'],
    ]);
  });
});
