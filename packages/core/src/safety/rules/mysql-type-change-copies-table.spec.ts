import { SCHEMA, lintErrors, lintOk } from '../mysql/__fixtures__/lint';
import { mysqlTypeChangeCopiesTable as rule } from './mysql-type-change-copies-table';

describe(rule.id, () => {
  it.each([
    'ALTER TABLE users MODIFY COLUMN name varchar(63) NULL',
    'ALTER TABLE users MODIFY COLUMN score int NULL DEFAULT 3',
    "ALTER TABLE users MODIFY COLUMN status enum('active','inactive','banned') NOT NULL DEFAULT 'active'",
    'ALTER TABLE users CHANGE COLUMN name full_name varchar(60) NULL',
  ])('ok: %s', (sql) => {
    expect(lintOk(rule, sql)).toEqual([]);
  });

  it('err: integer widening, decimal precision, a text type', () => {
    const sql = 'ALTER TABLE users MODIFY COLUMN score bigint NULL;\nALTER TABLE users MODIFY COLUMN name text NULL;\nALTER TABLE users MODIFY COLUMN score int unsigned NULL';
    expect(lintErrors(rule, sql)).toMatchInlineSnapshot(`
"MIG-MY103 warning: change the type of users.score copies users: changing int to bigint converts every value: the table is copied; writes to users wait until the copy is done
  fix: expand and contract instead: add a column of the new type (INSTANT), backfill it in batches, move the application to it, then drop the old column; on a large table run the change with gh-ost or pt-online-schema-change
MIG-MY103 warning: change the type of users.name copies users: changing varchar(60) to text converts every value: the table is copied; writes to users wait until the copy is done
  fix: expand and contract instead: add a column of the new type (INSTANT), backfill it in batches, move the application to it, then drop the old column; on a large table run the change with gh-ost or pt-online-schema-change
MIG-MY103 warning: change the type of users.score copies users: changing bigint to int unsigned converts every value: the table is copied; writes to users wait until the copy is done
  fix: expand and contract instead: add a column of the new type (INSTANT), backfill it in batches, move the application to it, then drop the old column; on a large table run the change with gh-ost or pt-online-schema-change"
`);
  });

  it('err: the current definition is not known', () => {
    expect(lintErrors(rule, 'ALTER TABLE users MODIFY COLUMN name varchar(100) NULL', { flavor: 'mariadb', version: '10.11' })).toMatchInlineSnapshot(`
"MIG-MY103 warning: modify column users.name copies users: the current definition of users.name is not known, so the change is assumed to copy the table; pass --schema-from or --db; writes to users wait until the copy is done
  fix: expand and contract instead: add a column of the new type (INSTANT), backfill it in batches, move the application to it, then drop the old column; on a large table run the change with gh-ost or pt-online-schema-change"
`);
  });

  it('judges a column added earlier in the same script', () => {
    const sql = 'ALTER TABLE users ADD COLUMN rating smallint NULL;\nALTER TABLE users MODIFY COLUMN rating int NULL';
    expect(lintErrors(rule, sql, { flavor: 'mariadb', version: '10.11', schema: SCHEMA })).toMatchInlineSnapshot(`
"MIG-MY103 warning: change the type of users.rating copies users: changing smallint to int converts every value: the table is copied; writes to users wait until the copy is done
  fix: expand and contract instead: add a column of the new type (INSTANT), backfill it in batches, move the application to it, then drop the old column; on a large table run the change with gh-ost or pt-online-schema-change"
`);
  });
});
