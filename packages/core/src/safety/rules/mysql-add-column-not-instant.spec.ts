import { MARIADB, MYSQL_5_7, MYSQL_8_0_20, MYSQL_8_0_35, fixOf, lintErrors, lintOk } from '../mysql/__fixtures__/lint';
import { mysqlAddColumnNotInstant as rule } from './mysql-add-column-not-instant';

describe(rule.id, () => {
  it.each([
    ['MariaDB 10.11, any position', 'ALTER TABLE users ADD COLUMN nickname varchar(40) NULL AFTER email', MARIADB],
    ['MySQL 8.0.35, any position', 'ALTER TABLE users ADD COLUMN nickname varchar(40) NULL FIRST', MYSQL_8_0_35],
    ['MySQL 8.0.20, last position', 'ALTER TABLE users ADD COLUMN verified tinyint(1) NOT NULL DEFAULT FALSE', MYSQL_8_0_20],
    ['MySQL 8.0.20, AFTER the last column', 'ALTER TABLE users ADD COLUMN verified tinyint(1) NULL AFTER org_id', MYSQL_8_0_20],
    ['a VIRTUAL column', 'ALTER TABLE users ADD COLUMN next_score int GENERATED ALWAYS AS (score + 1) VIRTUAL', MARIADB],
  ] as const)('ok: %s', (_, sql, options) => {
    expect(lintOk(rule, sql, options)).toEqual([]);
  });

  it('err: not the last column before MySQL 8.0.29', () => {
    expect(lintErrors(rule, 'ALTER TABLE users ADD COLUMN nickname varchar(40) NULL AFTER email', MYSQL_8_0_20)).toMatchInlineSnapshot(`
"MIG-MY102 warning: add column users.nickname is not INSTANT on MySQL 8.0.20 and rebuilds the table (INPLACE, LOCK=NONE): MySQL 8.0.20 adds a column instantly only as the last column (anywhere from MySQL 8.0.29+): the table is rebuilt
  fix: ALTER TABLE users ADD COLUMN nickname varchar(40) NULL, ALGORITHM=INSTANT"
`);
  });

  it('err: no INSTANT ADD COLUMN before MySQL 8.0.12', () => {
    expect(lintErrors(rule, 'ALTER TABLE users ADD COLUMN bio text NULL', MYSQL_5_7)).toMatchInlineSnapshot(`
"MIG-MY102 warning: add column users.bio is not INSTANT on MySQL 5.7.44 and rebuilds the table (INPLACE, LOCK=NONE): MySQL 5.7.44 has no INSTANT ADD COLUMN (from MySQL 8.0.12+): the table is rebuilt
  fix: upgrade to MySQL 8.0.12+ (last position) or MySQL 8.0.29+ (any position)"
`);
  });

  it('err: combined with an index build', () => {
    expect(lintErrors(rule, 'ALTER TABLE users ADD COLUMN handle varchar(30) NULL, ADD UNIQUE INDEX idx_users_handle_unique (handle)')).toMatchInlineSnapshot(`
"MIG-MY102 warning: add column users.handle is not INSTANT on MariaDB 10.11.19 and rebuilds the table (INPLACE, LOCK=NONE): it would be INSTANT on its own, but this statement also builds an index or rebuilds the table, so it is done in place with a rebuild of the table
  fix: ALTER TABLE users ADD COLUMN handle varchar(30) NULL, ALGORITHM=INSTANT;
ALTER TABLE users ADD UNIQUE INDEX idx_users_handle_unique (handle)"
`);
  });

  it('err: a default that differs per row, and a STORED generated column', () => {
    const sql = 'ALTER TABLE users ADD COLUMN token char(36) NULL DEFAULT (uuid());\nALTER TABLE users ADD COLUMN next_score int GENERATED ALWAYS AS (score + 1) STORED';
    expect(lintErrors(rule, sql)).toMatchInlineSnapshot(`
"MIG-MY102 warning: add column users.token is not INSTANT on MariaDB 10.11.19 and copies the table: its default (uuid()) differs per row, so every existing row is written: the table is copied
  fix: ALTER TABLE users ADD COLUMN token char(36) NULL, ALGORITHM=INSTANT;
-- repeat until it changes no rows:
UPDATE users SET token = (uuid()) WHERE token IS NULL LIMIT 1000;
ALTER TABLE users ALTER COLUMN token SET DEFAULT (uuid())
MIG-MY102 warning: add column users.next_score is not INSTANT on MariaDB 10.11.19 and copies the table: a STORED generated column is computed for every row: the table is copied
  fix: make it VIRTUAL (computed on read), which is INSTANT"
`);
  });

  it.each([
    ['moving the column last', 'ALTER TABLE users ADD COLUMN nickname varchar(40) NULL AFTER email', MYSQL_8_0_20],
    ['splitting off the index', 'ALTER TABLE users ADD COLUMN handle varchar(30) NULL, ADD UNIQUE INDEX idx_users_handle_unique (handle)', MARIADB],
    ['backfilling the per-row default', 'ALTER TABLE users ADD COLUMN token char(36) NULL DEFAULT (uuid())', MARIADB],
  ] as const)('its fix clears it: %s', (_, sql, options) => {
    const fix = fixOf(rule, sql, options);
    expect(lintOk(rule, fix, options)).toEqual([]);
  });

  it('writes the fixes as SQL', () => {
    const fixes = [
      fixOf(rule, 'ALTER TABLE users ADD COLUMN nickname varchar(40) NULL AFTER email', MYSQL_8_0_20),
      fixOf(rule, 'ALTER TABLE users ADD COLUMN handle varchar(30) NULL, ADD UNIQUE INDEX idx_users_handle_unique (handle)'),
      fixOf(rule, 'ALTER TABLE users ADD COLUMN token char(36) NULL DEFAULT (uuid())'),
    ];
    expect(fixes.join('\n\n')).toMatchInlineSnapshot(`
"ALTER TABLE users ADD COLUMN nickname varchar(40) NULL, ALGORITHM=INSTANT

ALTER TABLE users ADD COLUMN handle varchar(30) NULL, ALGORITHM=INSTANT;
ALTER TABLE users ADD UNIQUE INDEX idx_users_handle_unique (handle)

ALTER TABLE users ADD COLUMN token char(36) NULL, ALGORITHM=INSTANT;
-- repeat until it changes no rows:
UPDATE users SET token = (uuid()) WHERE token IS NULL LIMIT 1000;
ALTER TABLE users ALTER COLUMN token SET DEFAULT (uuid())"
`);
  });
});
