import { loadPostgresParser } from '../postgres/analyze';
import { WITH_SHOP } from '../postgres/__fixtures__/schema';
import { fixedSql, lintErrors, lintOk } from '../postgres/lint';
import { missingStatementTimeout as rule } from './pg-missing-statement-timeout';

beforeAll(loadPostgresParser);

describe(rule.id, () => {
  it.each([
    "SET statement_timeout = '1min';\nALTER TABLE users ALTER COLUMN email SET NOT NULL",
    'ALTER TABLE users ADD COLUMN note text',
    'CREATE INDEX CONCURRENTLY idx_users_name ON users (name)',
  ])('ok: %s', (sql) => {
    expect(lintOk(rule, sql, WITH_SHOP)).toEqual([]);
  });

  it('err: a scan under ACCESS EXCLUSIVE, then a rewrite', () => {
    const sql = 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;\nALTER TABLE users ALTER COLUMN score TYPE bigint';
    expect(lintErrors(rule, sql, WITH_SHOP)).toMatchInlineSnapshot(`
"MIG-PG121 warning: statement 1 (ALTER TABLE users ALTER COLUMN email SET NOT NULL) reads every row of users while holding ACCESS EXCLUSIVE on users, with no statement_timeout set: nothing bounds how long writes to users stay blocked
  fix: Bound the time the lock can be held:
SET statement_timeout = '5min';
ALTER TABLE users ALTER COLUMN email SET NOT NULL;"
`);
  });

  it('its fix clears it', () => {
    const fixed = fixedSql(rule, 'CREATE INDEX idx_users_name ON users (name)', WITH_SHOP);
    expect(fixed).toMatchInlineSnapshot(`
"SET statement_timeout = '5min';
CREATE INDEX idx_users_name ON users (name)"
`);
    expect(lintOk(rule, fixed, WITH_SHOP)).toEqual([]);
  });
});
