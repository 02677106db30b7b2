import { loadPostgresParser } from '../postgres/analyze';
import { fixedSql, lintErrors, lintOk } from '../postgres/lint';
import { requireConcurrentIndex as rule } from './pg-require-concurrent-index';

beforeAll(loadPostgresParser);

describe(rule.id, () => {
  it.each([
    'CREATE INDEX CONCURRENTLY idx_users_name ON users (name)',
    // A table created earlier in the same text holds no rows yet.
    'CREATE TABLE events (id bigint, kind text);\nCREATE INDEX idx_events_kind ON events (kind)',
  ])('ok: %s', (sql) => {
    expect(lintOk(rule, sql)).toEqual([]);
  });

  it('err: CREATE INDEX on an existing table', () => {
    expect(lintErrors(rule, 'CREATE INDEX idx_users_name ON users (name)')).toMatchInlineSnapshot(`
"MIG-PG101 warning: CREATE INDEX idx_users_name ON users holds a SHARE lock on users for the whole build: every INSERT, UPDATE and DELETE on users waits until it finishes
  fix: Build it without blocking writes, outside a transaction block, dropping first any invalid index a failed build left:
DROP INDEX CONCURRENTLY IF EXISTS idx_users_name;
CREATE INDEX CONCURRENTLY idx_users_name ON users (name);"
`);
  });

  it('err: a unique expression index, schema-qualified', () => {
    expect(lintErrors(rule, 'CREATE UNIQUE INDEX IF NOT EXISTS idx_users_email_lower ON public.users USING btree (lower(email))')).toMatchInlineSnapshot(`
"MIG-PG101 warning: CREATE UNIQUE INDEX idx_users_email_lower ON users holds a SHARE lock on users for the whole build: every INSERT, UPDATE and DELETE on users waits until it finishes
  fix: Build it without blocking writes, outside a transaction block, dropping first any invalid index a failed build left:
DROP INDEX CONCURRENTLY IF EXISTS idx_users_email_lower;
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS idx_users_email_lower ON public.users USING btree (lower(email));"
`);
  });

  it('its fix clears it', () => {
    const fixed = fixedSql(rule, 'CREATE INDEX idx_users_name ON users (name)');
    expect(fixed).toMatchInlineSnapshot(`
"DROP INDEX CONCURRENTLY IF EXISTS idx_users_name;
CREATE INDEX CONCURRENTLY idx_users_name ON users (name)"
`);
    expect(lintOk(rule, fixed)).toEqual([]);
  });
});
