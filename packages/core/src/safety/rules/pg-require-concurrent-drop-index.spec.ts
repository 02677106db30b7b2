import { loadPostgresParser } from '../postgres/analyze';
import { WITH_SHOP } from '../postgres/__fixtures__/schema';
import { fixedSql, lintErrors, lintOk } from '../postgres/lint';
import { requireConcurrentDropIndex as rule } from './pg-require-concurrent-drop-index';

beforeAll(loadPostgresParser);

describe(rule.id, () => {
  it.each([
    'DROP INDEX CONCURRENTLY idx_users_email',
    'CREATE TABLE events (id bigint);\nCREATE INDEX idx_events_id ON events (id);\nDROP INDEX idx_events_id',
  ])('ok: %s', (sql) => {
    expect(lintOk(rule, sql, WITH_SHOP)).toEqual([]);
  });

  it('ok: before PostgreSQL 9.2 there is no CONCURRENTLY', () => {
    expect(lintOk(rule, 'DROP INDEX idx_users_email', { ...WITH_SHOP, version: 9.1 })).toEqual([]);
  });

  it('err: DROP INDEX with its table known', () => {
    expect(lintErrors(rule, 'DROP INDEX idx_users_email', WITH_SHOP)).toMatchInlineSnapshot(`
"MIG-PG104 warning: DROP INDEX idx_users_email takes ACCESS EXCLUSIVE on users: reads and writes of users wait for it, and it waits for every running query on users
  fix: Drop it without blocking, one index per statement, outside a transaction block:
DROP INDEX CONCURRENTLY idx_users_email;"
`);
  });

  it('err: two indexes, table unknown', () => {
    expect(lintErrors(rule, 'DROP INDEX IF EXISTS idx_a, public.idx_b')).toMatchInlineSnapshot(`
"MIG-PG104 warning: DROP INDEX idx_a, public.idx_b takes ACCESS EXCLUSIVE on their tables: reads and writes of their tables wait for it, and it waits for every running query on their tables
  fix: Drop it without blocking, one index per statement, outside a transaction block:
DROP INDEX CONCURRENTLY IF EXISTS idx_a;
DROP INDEX CONCURRENTLY IF EXISTS public.idx_b;"
`);
  });

  it('its fix clears it', () => {
    const fixed = fixedSql(rule, 'DROP INDEX IF EXISTS idx_a, public.idx_b');
    expect(fixed).toMatchInlineSnapshot(`
"DROP INDEX CONCURRENTLY IF EXISTS idx_a;
DROP INDEX CONCURRENTLY IF EXISTS public.idx_b"
`);
    expect(lintOk(rule, fixed)).toEqual([]);
  });
});
