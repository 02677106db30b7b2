import { loadPostgresParser } from '../postgres/analyze';
import { WITH_SHOP } from '../postgres/__fixtures__/schema';
import { fixedSql, lintErrors, lintOk } from '../postgres/lint';
import { setNotNullScan as rule } from './pg-set-not-null-scan';

beforeAll(loadPostgresParser);

describe(rule.id, () => {
  it.each([
    // A validated CHECK (score IS NOT NULL) exists in the schema.
    'ALTER TABLE users ALTER COLUMN score SET NOT NULL',
    'ALTER TABLE users ALTER COLUMN name SET NOT NULL',
    'ALTER TABLE users ADD CONSTRAINT chk_users_email CHECK (email IS NOT NULL) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT chk_users_email;\nALTER TABLE users ALTER COLUMN email SET NOT NULL',
  ])('ok: %s', (sql) => {
    expect(lintOk(rule, sql, WITH_SHOP)).toEqual([]);
  });

  it('err: no CHECK proves it', () => {
    expect(lintErrors(rule, 'ALTER TABLE users ALTER COLUMN email SET NOT NULL', WITH_SHOP)).toMatchInlineSnapshot(`
"MIG-PG109 warning: SET NOT NULL on users.email reads every row of users under ACCESS EXCLUSIVE to check for NULLs; reads and writes wait throughout
  fix: Prove it with a CHECK validated under SHARE UPDATE EXCLUSIVE (commit between the first two statements), then SET NOT NULL skips the scan:
ALTER TABLE users ADD CONSTRAINT chk_users_email_not_null CHECK (email IS NOT NULL) NOT VALID;
ALTER TABLE users VALIDATE CONSTRAINT chk_users_email_not_null;
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
ALTER TABLE users DROP CONSTRAINT chk_users_email_not_null;"
`);
  });

  it('err: a CHECK added NOT VALID and never validated does not count', () => {
    const sql = 'ALTER TABLE users ADD CONSTRAINT chk_users_email CHECK (email IS NOT NULL) NOT VALID;\nALTER TABLE users ALTER COLUMN email SET NOT NULL';
    expect(lintErrors(rule, sql, WITH_SHOP)).toMatchInlineSnapshot(`
"MIG-PG109 warning: SET NOT NULL on users.email reads every row of users under ACCESS EXCLUSIVE to check for NULLs; reads and writes wait throughout
  fix: Prove it with a CHECK validated under SHARE UPDATE EXCLUSIVE (commit between the first two statements), then SET NOT NULL skips the scan:
ALTER TABLE users ADD CONSTRAINT chk_users_email_not_null CHECK (email IS NOT NULL) NOT VALID;
ALTER TABLE users VALIDATE CONSTRAINT chk_users_email_not_null;
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
ALTER TABLE users DROP CONSTRAINT chk_users_email_not_null;"
`);
  });

  it('err: before PostgreSQL 12 even a validated CHECK does not help', () => {
    expect(lintErrors(rule, 'ALTER TABLE users ALTER COLUMN score SET NOT NULL', { ...WITH_SHOP, version: 11 })).toMatchInlineSnapshot(`
"MIG-PG109 warning: SET NOT NULL on users.score reads every row of users under ACCESS EXCLUSIVE to check for NULLs; reads and writes wait throughout
  fix: Before PostgreSQL 12 SET NOT NULL always scans; keep a validated CHECK instead:
ALTER TABLE users ADD CONSTRAINT chk_users_score_not_null CHECK (score IS NOT NULL) NOT VALID;
ALTER TABLE users VALIDATE CONSTRAINT chk_users_score_not_null;"
`);
  });

  it('its fix clears it', () => {
    const fixed = fixedSql(rule, 'ALTER TABLE users ALTER COLUMN email SET NOT NULL', WITH_SHOP);
    expect(fixed).toMatchInlineSnapshot(`
"ALTER TABLE users ADD CONSTRAINT chk_users_email_not_null CHECK (email IS NOT NULL) NOT VALID;
ALTER TABLE users VALIDATE CONSTRAINT chk_users_email_not_null;
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
ALTER TABLE users DROP CONSTRAINT chk_users_email_not_null"
`);
    expect(lintOk(rule, fixed, WITH_SHOP)).toEqual([]);
  });
});
