import { loadPostgresParser } from '../postgres/analyze';
import { fixedSql, lintErrors, lintOk } from '../postgres/lint';
import { missingLockTimeout as rule } from './pg-missing-lock-timeout';

beforeAll(loadPostgresParser);

describe(rule.id, () => {
  it.each([
    "SET lock_timeout = '2s';\nALTER TABLE users ADD COLUMN note text",
    "BEGIN;\nSET LOCAL lock_timeout = '2s';\nALTER TABLE users ADD COLUMN note text;\nCOMMIT",
    "SELECT set_config('lock_timeout', '3s', false);\nCREATE INDEX idx_users_name ON users (name)",
    // SHARE UPDATE EXCLUSIVE does not block writes.
    'CREATE INDEX CONCURRENTLY idx_users_name ON users (name)',
    'CREATE TABLE events (id bigint);\nALTER TABLE events ADD COLUMN kind text',
  ])('ok: %s', (sql) => {
    expect(lintOk(rule, sql)).toEqual([]);
  });

  it('err: reported once, at the first statement, counting the others', () => {
    const sql = 'ALTER TABLE users ADD COLUMN note text;\nCREATE INDEX idx_users_name ON users (name);\nALTER TABLE orders DROP COLUMN status';
    expect(lintErrors(rule, sql)).toMatchInlineSnapshot(`
"MIG-PG120 warning: statement 1 (ALTER TABLE users ADD COLUMN note text) takes ACCESS EXCLUSIVE on users with no lock_timeout set: while it waits for running queries on users, every new query on users queues behind it (2 later statements likewise)
  fix: Give up quickly instead of queueing (and retry the migration):
SET lock_timeout = '2s';
ALTER TABLE users ADD COLUMN note text;"
`);
  });

  it('err: a SET LOCAL from a transaction that has ended does not count, nor lock_timeout = 0', () => {
    const sql = "BEGIN;\nSET LOCAL lock_timeout = '2s';\nCOMMIT;\nSET lock_timeout = 0;\nALTER TABLE users ADD COLUMN note text";
    expect(lintErrors(rule, sql)).toMatchInlineSnapshot(`
"MIG-PG120 warning: statement 5 (ALTER TABLE users ADD COLUMN note text) takes ACCESS EXCLUSIVE on users with no lock_timeout set: while it waits for running queries on users, every new query on users queues behind it
  fix: Give up quickly instead of queueing (and retry the migration):
SET lock_timeout = '2s';
ALTER TABLE users ADD COLUMN note text;"
`);
  });

  it('err: CREATE TABLE referencing an existing table locks it', () => {
    expect(lintErrors(rule, 'CREATE TABLE events (id bigint, user_id bigint REFERENCES users (id))')).toMatchInlineSnapshot(`
"MIG-PG120 warning: statement 1 (CREATE TABLE events (id bigint, user_id bigint REFERENCES us…) takes SHARE ROW EXCLUSIVE on users with no lock_timeout set: while it waits for running queries on users, every new query on users queues behind it
  fix: Give up quickly instead of queueing (and retry the migration):
SET lock_timeout = '2s';
CREATE TABLE events (id bigint, user_id bigint REFERENCES users (id));"
`);
  });

  it('its fix clears it', () => {
    const fixed = fixedSql(rule, 'ALTER TABLE users ADD COLUMN note text;\nCREATE INDEX idx_users_name ON users (name)');
    expect(fixed).toMatchInlineSnapshot(`
"SET lock_timeout = '2s';
ALTER TABLE users ADD COLUMN note text;
CREATE INDEX idx_users_name ON users (name)"
`);
    expect(lintOk(rule, fixed)).toEqual([]);
  });
});
