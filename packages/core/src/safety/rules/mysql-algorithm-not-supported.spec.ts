import { MARIADB, MYSQL_5_7, MYSQL_8_0_35, fixOf, lintErrors, lintOk } from '../mysql/__fixtures__/lint';
import { mysqlAlgorithmNotSupported as rule } from './mysql-algorithm-not-supported';

describe(rule.id, () => {
  it.each([
    'ALTER TABLE users ADD COLUMN bio text NULL, ALGORITHM=INSTANT',
    'ALTER TABLE users ADD INDEX idx_users_email (email), ALGORITHM=INPLACE, LOCK=NONE',
    // MariaDB reads ALGORITHM=INPLACE as the least efficient algorithm allowed.
    'ALTER TABLE users ADD COLUMN bio text NULL, ALGORITHM=INPLACE',
  ])('ok: %s', (sql) => {
    expect(lintOk(rule, sql)).toEqual([]);
  });

  it('err: ALGORITHM=INSTANT for an index build', () => {
    expect(lintErrors(rule, 'ALTER TABLE users ADD INDEX idx_users_email (email), ALGORITHM=INSTANT')).toMatchInlineSnapshot(`
"MIG-MY109 error: MariaDB 10.11.19 refuses ALGORITHM=INSTANT for this ALTER TABLE: add index idx_users_email on users needs INPLACE with LOCK=NONE (a secondary index is built in place, reading every row, with concurrent writes allowed); the statement fails
  fix: ALTER TABLE users ADD INDEX idx_users_email (email), ALGORITHM=INPLACE, LOCK=NONE"
`);
  });

  it('err: LOCK=NONE for a copy, and NOCOPY on MySQL', () => {
    expect(lintErrors(rule, 'ALTER TABLE users MODIFY COLUMN score bigint NULL, LOCK=NONE;\nALTER TABLE users ADD INDEX i (email), ALGORITHM=NOCOPY', MYSQL_8_0_35)).toMatchInlineSnapshot(`
"MIG-MY109 error: MySQL 8.0.35 refuses LOCK=NONE for this ALTER TABLE: change the type of users.score needs COPY with LOCK=SHARED (changing int to bigint converts every value: the table is copied); the statement fails
  fix: ALTER TABLE users MODIFY COLUMN score bigint NULL, ALGORITHM=COPY, LOCK=SHARED
MIG-MY109 error: MySQL 8.0.35 has no ALGORITHM=NOCOPY for this ALTER TABLE: add index i on users needs INPLACE with LOCK=NONE (a secondary index is built in place, reading every row, with concurrent writes allowed); the statement fails
  fix: ALTER TABLE users ADD INDEX i (email), ALGORITHM=INPLACE, LOCK=NONE"
`);
  });

  it('err: syntax and algorithms older servers lack', () => {
    const sql = 'ALTER TABLE users RENAME COLUMN name TO full_name;\nALTER TABLE users ADD COLUMN bio text NULL, ALGORITHM=INSTANT';
    expect(lintErrors(rule, sql, MYSQL_5_7)).toMatchInlineSnapshot(`
"MIG-MY109 error: MySQL 5.7.44 has no RENAME COLUMN (from MySQL 8.0+); the statement fails
  fix: write CHANGE COLUMN old_name new_name followed by the full column definition (type, NULL / NOT NULL, DEFAULT), unchanged
MIG-MY109 error: MySQL 5.7.44 has no ALGORITHM=INSTANT for this ALTER TABLE: add column users.bio needs INPLACE with LOCK=NONE (MySQL 5.7.44 has no INSTANT ADD COLUMN (from MySQL 8.0.12+): the table is rebuilt); the statement fails
  fix: ALTER TABLE users ADD COLUMN bio text NULL, ALGORITHM=INPLACE, LOCK=NONE"
`);
    expect(lintOk(rule, 'ALTER TABLE users RENAME COLUMN name TO full_name', { ...MARIADB, version: '10.5.2' })).toEqual([]);
    expect(lintErrors(rule, 'ALTER TABLE users RENAME COLUMN name TO full_name', { ...MARIADB, version: '10.4.34' })).toMatch(/MariaDB 10.4.34 has no RENAME COLUMN/);
  });

  it("err: MariaDB's DROP INDEX takes no ALGORITHM=", () => {
    expect(lintErrors(rule, 'DROP INDEX idx_users_score ON users ALGORITHM=INPLACE LOCK=NONE')).toMatchInlineSnapshot(`
"MIG-MY109 error: MariaDB 10.11.19's DROP INDEX takes no ALGORITHM= or LOCK= (ALTER TABLE … DROP INDEX does) for this DROP INDEX: drop index idx_users_score on users needs INPLACE with LOCK=NONE (dropping an index is metadata only, in place); the statement fails
  fix: ALTER TABLE users DROP INDEX idx_users_score, ALGORITHM=INPLACE, LOCK=NONE"
`);
  });

  it('its fix asks for what the operation supports, and clears it', () => {
    const fix = fixOf(rule, 'ALTER TABLE users ADD INDEX idx_users_email (email), ALGORITHM=INSTANT');
    expect(fix).toMatchInlineSnapshot(`"ALTER TABLE users ADD INDEX idx_users_email (email), ALGORITHM=INPLACE, LOCK=NONE"`);
    expect(lintOk(rule, fix)).toEqual([]);
  });
});
