import { loadPostgresParser } from '../postgres/analyze';
import { WITH_SHOP } from '../postgres/__fixtures__/schema';
import { fixedSql, lintErrors, lintOk } from '../postgres/lint';
import { requireConcurrentReindex as rule } from './pg-require-concurrent-reindex';

beforeAll(loadPostgresParser);

describe(rule.id, () => {
  it.each(['REINDEX INDEX CONCURRENTLY idx_users_email', 'REINDEX (VERBOSE) TABLE CONCURRENTLY users'])('ok: %s', (sql) => {
    expect(lintOk(rule, sql, WITH_SHOP)).toEqual([]);
  });

  it('err: REINDEX TABLE', () => {
    expect(lintErrors(rule, 'REINDEX (VERBOSE) TABLE users', WITH_SHOP)).toMatchInlineSnapshot(`
"MIG-PG105 warning: REINDEX TABLE rebuilds under a SHARE lock on users: every INSERT, UPDATE and DELETE there waits until it finishes
  fix: Rebuild without blocking writes, outside a transaction block:
REINDEX (VERBOSE) TABLE CONCURRENTLY users;"
`);
  });

  it('err: before PostgreSQL 12, with the manual replacement as the fix', () => {
    expect(lintErrors(rule, 'REINDEX INDEX idx_users_email', { ...WITH_SHOP, version: 11 })).toMatchInlineSnapshot(`
"MIG-PG105 warning: REINDEX INDEX rebuilds under a SHARE lock on users: every INSERT, UPDATE and DELETE there waits until it finishes
  fix: REINDEX CONCURRENTLY needs PostgreSQL 12; instead build a replacement with CREATE INDEX CONCURRENTLY, then DROP INDEX CONCURRENTLY the old one and rename the new one."
`);
  });

  it('its fix clears it', () => {
    const fixed = fixedSql(rule, 'REINDEX (VERBOSE) TABLE users', WITH_SHOP);
    expect(fixed).toMatchInlineSnapshot(`"REINDEX (VERBOSE) TABLE CONCURRENTLY users"`);
    expect(lintOk(rule, fixed, WITH_SHOP)).toEqual([]);
  });
});
