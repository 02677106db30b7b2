import { loadPostgresParser } from '../postgres/analyze';
import { fixedSql, lintErrors, lintOk } from '../postgres/lint';
import { addUniqueWithoutUsingIndex as rule } from './pg-add-unique-without-using-index';

beforeAll(loadPostgresParser);

describe(rule.id, () => {
  it.each([
    'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX idx_users_email_unique',
    'CREATE TABLE events (id bigint, code text);\nALTER TABLE events ADD CONSTRAINT events_code_key UNIQUE (code)',
  ])('ok: %s', (sql) => {
    expect(lintOk(rule, sql)).toEqual([]);
  });

  it('err: UNIQUE and PRIMARY KEY built under the lock', () => {
    const sql = 'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);\nALTER TABLE audit_log ADD PRIMARY KEY (id, happened_at)';
    expect(lintErrors(rule, sql)).toMatchInlineSnapshot(`
"MIG-PG113 warning: ADD UNIQUE (email) builds its index while holding ACCESS EXCLUSIVE on users: reads and writes wait for the whole build
  fix: Build the index concurrently (outside a transaction block), then attach it as the constraint:
DROP INDEX CONCURRENTLY IF EXISTS users_email_key;
CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;
MIG-PG113 warning: ADD PRIMARY KEY (id, happened_at) builds its index while holding ACCESS EXCLUSIVE on audit_log: reads and writes wait for the whole build; its columns must also be NOT NULL, checked by a scan unless already so
  fix: Build the index concurrently (outside a transaction block), then attach it as the constraint (set the columns NOT NULL first, without a scan):
DROP INDEX CONCURRENTLY IF EXISTS audit_log_pkey;
CREATE UNIQUE INDEX CONCURRENTLY audit_log_pkey ON audit_log (id, happened_at);
ALTER TABLE audit_log ADD CONSTRAINT audit_log_pkey PRIMARY KEY USING INDEX audit_log_pkey;"
`);
  });

  it('its fix clears it', () => {
    const fixed = fixedSql(rule, 'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email)');
    expect(fixed).toMatchInlineSnapshot(`
"DROP INDEX CONCURRENTLY IF EXISTS users_email_key;
CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key"
`);
    expect(lintOk(rule, fixed)).toEqual([]);
  });
});
