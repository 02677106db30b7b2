import { loadPostgresParser } from '../postgres/analyze';
import { fixedSql, lintErrors, lintOk } from '../postgres/lint';
import { invalidIndexCleanup as rule } from './pg-invalid-index-cleanup';

beforeAll(loadPostgresParser);

describe(rule.id, () => {
  it.each([
    'DROP INDEX CONCURRENTLY IF EXISTS idx_users_name;\nCREATE INDEX CONCURRENTLY idx_users_name ON users (name)',
    'CREATE INDEX idx_users_name ON users (name)',
    'CREATE TABLE events (id bigint);\nCREATE INDEX CONCURRENTLY idx_events_id ON events (id)',
  ])('ok: %s', (sql) => {
    expect(lintOk(rule, sql)).toEqual([]);
  });

  it('err: no cleanup before the build', () => {
    expect(lintErrors(rule, 'CREATE INDEX CONCURRENTLY idx_users_name ON users (name)')).toMatchInlineSnapshot(`
"MIG-PG103 warning: if CREATE INDEX CONCURRENTLY idx_users_name fails or is cancelled, it leaves an INVALID index idx_users_name on users that slows every write; a retry then fails with "already exists"
  fix: Drop any INVALID leftover first, so the build can be retried:
DROP INDEX CONCURRENTLY IF EXISTS idx_users_name;
CREATE INDEX CONCURRENTLY idx_users_name ON users (name);"
`);
  });

  it('err: IF NOT EXISTS keeps an invalid index', () => {
    expect(lintErrors(rule, 'CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS idx_users_name ON users (name)')).toMatchInlineSnapshot(`
"MIG-PG103 warning: if CREATE UNIQUE INDEX CONCURRENTLY idx_users_name fails or is cancelled, it leaves an INVALID index idx_users_name on users that slows every write; with IF NOT EXISTS a retry keeps the INVALID index and reports success
  fix: Drop any INVALID leftover first, so the build can be retried:
DROP INDEX CONCURRENTLY IF EXISTS idx_users_name;
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS idx_users_name ON users (name);"
`);
  });

  it('err: an unnamed index', () => {
    expect(lintErrors(rule, 'CREATE INDEX CONCURRENTLY ON users (name)')).toMatchInlineSnapshot(`
"MIG-PG103 warning: CREATE INDEX CONCURRENTLY on users has no name: if the build fails, the INVALID index it leaves cannot be dropped by a name the migration knows
  fix: Name the index and run DROP INDEX CONCURRENTLY IF EXISTS <name> before building it."
`);
  });

  it('its fix clears it', () => {
    const fixed = fixedSql(rule, 'CREATE INDEX CONCURRENTLY idx_users_name ON users (name)');
    expect(fixed).toMatchInlineSnapshot(`
"DROP INDEX CONCURRENTLY IF EXISTS idx_users_name;
CREATE INDEX CONCURRENTLY idx_users_name ON users (name)"
`);
    expect(lintOk(rule, fixed)).toEqual([]);
  });
});
