import { loadPostgresParser } from '../postgres/analyze';
import { fixedSql, lintErrors, lintOk } from '../postgres/lint';
import { addCheckWithoutNotValid as rule } from './pg-add-check-without-not-valid';

beforeAll(loadPostgresParser);

describe(rule.id, () => {
  it.each([
    'ALTER TABLE users ADD CONSTRAINT chk_users_score CHECK (score >= 0) NOT VALID',
    'CREATE TABLE events (id bigint);\nALTER TABLE events ADD CONSTRAINT chk_events_id CHECK (id > 0)',
  ])('ok: %s', (sql) => {
    expect(lintOk(rule, sql)).toEqual([]);
  });

  it('err: a named CHECK', () => {
    expect(lintErrors(rule, 'ALTER TABLE users ADD CONSTRAINT chk_users_score CHECK (score >= 0)')).toMatchInlineSnapshot(`
"MIG-PG110 warning: ADD CONSTRAINT chk_users_score CHECK reads every row of users under ACCESS EXCLUSIVE to verify it; reads and writes wait throughout
  fix: Add it NOT VALID (new rows are checked at once), then validate existing rows in a separate transaction:
ALTER TABLE users ADD CONSTRAINT chk_users_score CHECK (score >= 0) NOT VALID;
ALTER TABLE users VALIDATE CONSTRAINT chk_users_score;"
`);
  });

  it('its fix clears it (named, next to another subcommand)', () => {
    const fixed = fixedSql(rule, 'ALTER TABLE users ADD CONSTRAINT chk_users_score CHECK (score >= 0), ALTER COLUMN bio SET DEFAULT \'\'');
    expect(fixed).toMatchInlineSnapshot(`
"ALTER TABLE users ADD CONSTRAINT chk_users_score CHECK (score >= 0) NOT VALID, ALTER COLUMN bio SET DEFAULT '';
ALTER TABLE users VALIDATE CONSTRAINT chk_users_score"
`);
    expect(lintOk(rule, fixed)).toEqual([]);
  });

  it('its fix clears it (unnamed: the fix names it)', () => {
    const fixed = fixedSql(rule, 'ALTER TABLE users ADD CHECK (score >= 0 AND score < 100)');
    expect(fixed).toMatchInlineSnapshot(`
"ALTER TABLE users ADD CONSTRAINT users_score_check CHECK (score >= 0 AND score < 100) NOT VALID;
ALTER TABLE users VALIDATE CONSTRAINT users_score_check"
`);
    expect(lintOk(rule, fixed)).toEqual([]);
  });
});
