import { loadPostgresParser } from '../postgres/analyze';
import { lintErrors, lintOk } from '../postgres/lint';
import { concurrentIndexInTransaction as rule } from './pg-concurrent-index-in-transaction';

beforeAll(loadPostgresParser);

describe(rule.id, () => {
  it.each([
    'CREATE INDEX CONCURRENTLY idx_users_name ON users (name)',
    'BEGIN;\nCREATE INDEX idx_users_name ON users (name);\nCOMMIT',
  ])('ok: %s', (sql) => {
    expect(lintOk(rule, sql)).toEqual([]);
  });

  it('err: CONCURRENTLY forms inside BEGIN … COMMIT', () => {
    const sql = [
      'BEGIN',
      'CREATE INDEX CONCURRENTLY idx_users_name ON users (name)',
      'DROP INDEX CONCURRENTLY idx_users_email',
      'REINDEX INDEX CONCURRENTLY idx_users_email',
      'COMMIT',
    ].join(';\n');
    expect(lintErrors(rule, sql)).toMatchInlineSnapshot(`
"MIG-PG102 error: CREATE INDEX CONCURRENTLY inside a transaction block fails: PostgreSQL refuses it ("cannot run inside a transaction block") and the migration stops there
  fix: Run it outside BEGIN … COMMIT, in a migration of its own that the framework does not wrap in a transaction (Rails disable_ddl_transaction!, Django atomic = False, Flyway executeInTransaction=false, mig: its own phase).
MIG-PG102 error: DROP INDEX CONCURRENTLY inside a transaction block fails: PostgreSQL refuses it ("cannot run inside a transaction block") and the migration stops there
  fix: Run it outside BEGIN … COMMIT, in a migration of its own that the framework does not wrap in a transaction (Rails disable_ddl_transaction!, Django atomic = False, Flyway executeInTransaction=false, mig: its own phase).
MIG-PG102 error: REINDEX … CONCURRENTLY inside a transaction block fails: PostgreSQL refuses it ("cannot run inside a transaction block") and the migration stops there
  fix: Run it outside BEGIN … COMMIT, in a migration of its own that the framework does not wrap in a transaction (Rails disable_ddl_transaction!, Django atomic = False, Flyway executeInTransaction=false, mig: its own phase)."
`);
  });

  it('err: a runner that wraps the file in a transaction', () => {
    expect(lintErrors(rule, 'CREATE INDEX CONCURRENTLY idx_users_name ON users (name)', { inTransaction: true })).toMatchInlineSnapshot(`
"MIG-PG102 error: CREATE INDEX CONCURRENTLY inside a transaction block fails: PostgreSQL refuses it ("cannot run inside a transaction block") and the migration stops there
  fix: Run it outside BEGIN … COMMIT, in a migration of its own that the framework does not wrap in a transaction (Rails disable_ddl_transaction!, Django atomic = False, Flyway executeInTransaction=false, mig: its own phase)."
`);
  });

  it('its fix (leaving the transaction) clears it', () => {
    expect(lintOk(rule, 'COMMIT;\nCREATE INDEX CONCURRENTLY idx_users_name ON users (name)', { inTransaction: true })).toEqual([]);
  });
});
