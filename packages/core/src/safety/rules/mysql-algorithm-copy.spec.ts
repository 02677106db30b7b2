import { MYSQL_8_0_35, fixOf, lintErrors, lintOk } from '../mysql/__fixtures__/lint';
import { mysqlAlgorithmCopy as rule } from './mysql-algorithm-copy';

describe(rule.id, () => {
  it.each([
    'ALTER TABLE users ADD COLUMN bio text NULL',
    'ALTER TABLE users ADD INDEX idx_users_email (email), ALGORITHM=INPLACE, LOCK=NONE',
    // A type change copies, but mysql-type-change-copies-table explains it.
    'ALTER TABLE users MODIFY COLUMN score bigint NULL',
  ])('ok: %s', (sql) => {
    expect(lintOk(rule, sql)).toEqual([]);
  });

  it('err: ALGORITHM=COPY for an operation that runs in place', () => {
    expect(lintErrors(rule, 'ALTER TABLE users ADD INDEX idx_users_email (email), ALGORITHM=COPY')).toMatchInlineSnapshot(`
"MIG-MY101 warning: ALGORITHM=COPY copies users row by row while writes to it wait, though the operation can run INPLACE with LOCK=NONE
  fix: ALTER TABLE users ADD INDEX idx_users_email (email), ALGORITHM=INPLACE, LOCK=NONE"
`);
  });

  it('err: LOCK=EXCLUSIVE', () => {
    expect(lintErrors(rule, 'ALTER TABLE users ADD COLUMN bio text NULL, LOCK=EXCLUSIVE', MYSQL_8_0_35)).toMatchInlineSnapshot(`
"MIG-MY101 warning: LOCK=EXCLUSIVE blocks reads and writes of users for the whole statement, more than the operation needs
  fix: ALTER TABLE users ADD COLUMN bio text NULL, ALGORITHM=INSTANT"
`);
  });

  it('err: an operation that copies (ADD CHECK, CONVERT TO CHARACTER SET)', () => {
    expect(lintErrors(rule, 'ALTER TABLE users ADD CONSTRAINT ck_users_score CHECK (score >= 0);\nALTER TABLE users CONVERT TO CHARACTER SET latin1')).toMatchInlineSnapshot(`
"MIG-MY101 warning: add check ck_users_score on users copies users: a new CHECK constraint is validated by copying the table; writes to it wait until the copy is done
  fix: no ALTER makes this change without a copy: on a busy table run it with gh-ost or pt-online-schema-change, which copy in small chunks while writes go on
MIG-MY101 warning: convert users to latin1 copies users: converting the character set rewrites every text value: the table is copied; writes to it wait until the copy is done
  fix: no ALTER makes this change without a copy: on a busy table run it with gh-ost or pt-online-schema-change, which copy in small chunks while writes go on"
`);
  });

  it('its fix clears it', () => {
    const fix = fixOf(rule, 'ALTER TABLE users ADD INDEX idx_users_email (email), ALGORITHM=COPY, LOCK=SHARED');
    expect(fix).toMatchInlineSnapshot(`"ALTER TABLE users ADD INDEX idx_users_email (email), ALGORITHM=INPLACE, LOCK=NONE"`);
    expect(lintOk(rule, fix)).toEqual([]);
  });
});
