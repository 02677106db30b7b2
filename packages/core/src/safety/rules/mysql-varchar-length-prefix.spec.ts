import { lintErrors, lintOk } from '../mysql/__fixtures__/lint';
import { mysqlVarcharLengthPrefix as rule } from './mysql-varchar-length-prefix';

describe(rule.id, () => {
  it.each([
    ['within the 1-byte prefix (utf8mb4: 63 characters)', 'ALTER TABLE users MODIFY COLUMN name varchar(63) NULL'],
    [
      'within the 2-byte prefix',
      'CREATE TABLE notes (id int NOT NULL, body varchar(100) NULL, PRIMARY KEY (id));\nALTER TABLE notes MODIFY COLUMN body varchar(200) NULL',
    ],
    [
      'a latin1 column up to 255 characters',
      'CREATE TABLE notes (id int NOT NULL, body varchar(200) CHARACTER SET latin1 NULL, PRIMARY KEY (id));\nALTER TABLE notes MODIFY COLUMN body varchar(255) CHARACTER SET latin1 NULL',
    ],
  ])('ok: %s', (_, sql) => {
    expect(lintOk(rule, sql)).toEqual([]);
  });

  it('err: utf8mb4 past 63 characters', () => {
    expect(lintErrors(rule, 'ALTER TABLE users MODIFY COLUMN name varchar(100) NULL')).toMatchInlineSnapshot(`
"MIG-MY104 warning: change the type of users.name from varchar(60) to varchar(100) takes it from 240 to 400 bytes (utf8mb4, up to 4 bytes a character): past 255 bytes every value's length prefix grows from 1 to 2 bytes, so users is copied while writes wait
  fix: varchar(63) is the longest varchar with a 1-byte length prefix and widens without a copy; going beyond needs the copy: run it with gh-ost or pt-online-schema-change on a large table, or add a new column and backfill it in batches"
`);
  });

  it('err: latin1 past 255 characters', () => {
    const sql = 'CREATE TABLE notes (id int NOT NULL, body varchar(200) CHARACTER SET latin1 NULL, PRIMARY KEY (id));\nALTER TABLE notes MODIFY COLUMN body varchar(300) CHARACTER SET latin1 NULL';
    expect(lintErrors(rule, sql)).toMatchInlineSnapshot(`
"MIG-MY104 warning: change the type of notes.body from varchar(200) CHARACTER SET latin1 to varchar(300) CHARACTER SET latin1 takes it from 200 to 300 bytes (latin1, up to 1 byte a character): past 255 bytes every value's length prefix grows from 1 to 2 bytes, so notes is copied while writes wait
  fix: varchar(255) is the longest varchar with a 1-byte length prefix and widens without a copy; going beyond needs the copy: run it with gh-ost or pt-online-schema-change on a large table, or add a new column and backfill it in batches"
`);
  });

  it('its fix names a length that clears it', () => {
    const found = lintErrors(rule, 'ALTER TABLE users MODIFY COLUMN name varchar(100) NULL');
    const length = /varchar\((\d+)\) is the longest/.exec(found)?.[1];
    expect(length).toBe('63');
    expect(lintOk(rule, `ALTER TABLE users MODIFY COLUMN name varchar(${length}) NULL`)).toEqual([]);
  });
});
