import { loadPostgresParser } from '../postgres/analyze';
import { WITH_SHOP } from '../postgres/__fixtures__/schema';
import { lintErrors, lintOk } from '../postgres/lint';
import { alterColumnTypeRewrite as rule } from './pg-alter-column-type-rewrite';

beforeAll(loadPostgresParser);

describe(rule.id, () => {
  it.each([
    'ALTER TABLE users ALTER COLUMN name TYPE varchar(80)',
    'ALTER TABLE users ALTER COLUMN name TYPE text',
    'ALTER TABLE users ALTER COLUMN email TYPE varchar',
    'ALTER TABLE users ALTER COLUMN balance TYPE numeric(14,2)',
    'ALTER TABLE users ALTER COLUMN balance TYPE numeric',
    "SET TimeZone = 'UTC';\nALTER TABLE users ALTER COLUMN created_at TYPE timestamptz",
  ])('ok (binary-coercible): %s', (sql) => {
    expect(lintOk(rule, sql, WITH_SHOP)).toEqual([]);
  });

  it('ok: timestamp → timestamptz when the session TimeZone is known to be UTC', () => {
    expect(lintOk(rule, 'ALTER TABLE users ALTER COLUMN created_at TYPE timestamptz', { ...WITH_SHOP, timeZone: 'Etc/UTC' })).toEqual([]);
  });

  it('err: narrowing, a new scale, a different type', () => {
    const sql = [
      'ALTER TABLE users ALTER COLUMN name TYPE varchar(20)',
      'ALTER TABLE users ALTER COLUMN balance TYPE numeric(12,4)',
      'ALTER TABLE users ALTER COLUMN score TYPE bigint',
      'ALTER TABLE users ALTER COLUMN bio TYPE varchar(100)',
    ].join(';\n');
    expect(lintErrors(rule, sql, WITH_SHOP)).toMatchInlineSnapshot(`
"MIG-PG108 warning: changing users.name to varchar(20) rewrites users and rebuilds its indexes under ACCESS EXCLUSIVE (varchar(40) → varchar(20) imposes a shorter or new length limit, so every value is checked and copied); reads and writes wait throughout
  fix: Expand and contract: add a column of the new type, keep it in sync with a trigger, backfill it in batches, switch the application to it, and drop the old column in a later migration.
MIG-PG108 warning: changing users.balance to numeric(12,4) rewrites users and rebuilds its indexes under ACCESS EXCLUSIVE (numeric(10,2) → numeric(12,4) changes the scale or lowers the precision, so every value is rounded and copied); reads and writes wait throughout
  fix: Expand and contract: add a column of the new type, keep it in sync with a trigger, backfill it in batches, switch the application to it, and drop the old column in a later migration.
MIG-PG108 warning: changing users.score to bigint rewrites users and rebuilds its indexes under ACCESS EXCLUSIVE (integer → bigint converts every value); reads and writes wait throughout
  fix: Expand and contract: add a column of the new type, keep it in sync with a trigger, backfill it in batches, switch the application to it, and drop the old column in a later migration.
MIG-PG108 warning: changing users.bio to varchar(100) rewrites users and rebuilds its indexes under ACCESS EXCLUSIVE (text → varchar(100) imposes a shorter or new length limit, so every value is checked and copied); reads and writes wait throughout
  fix: Expand and contract: add a column of the new type, keep it in sync with a trigger, backfill it in batches, switch the application to it, and drop the old column in a later migration."
`);
  });

  it('err: timestamp → timestamptz with the TimeZone unknown', () => {
    expect(lintErrors(rule, 'ALTER TABLE users ALTER COLUMN created_at TYPE timestamptz', WITH_SHOP)).toMatchInlineSnapshot(`
"MIG-PG108 warning: changing users.created_at to timestamptz rewrites users and rebuilds its indexes under ACCESS EXCLUSIVE (timestamp → timestamptz converts every value unless the session TimeZone is UTC); reads and writes wait throughout
  fix: Expand and contract: add a column of the new type, keep it in sync with a trigger, backfill it in batches, switch the application to it, and drop the old column in a later migration."
`);
  });

  it('err: a USING expression, and an unknown current type', () => {
    const sql = "ALTER TABLE users ALTER COLUMN created_at TYPE timestamptz USING created_at AT TIME ZONE 'UTC';\nALTER TABLE accounts ALTER COLUMN name TYPE text";
    expect(lintErrors(rule, sql, WITH_SHOP)).toMatchInlineSnapshot(`
"MIG-PG108 warning: changing users.created_at to timestamptz rewrites users and rebuilds its indexes under ACCESS EXCLUSIVE (its USING expression computes every value anew); reads and writes wait throughout
  fix: Expand and contract: add a column of the new type, keep it in sync with a trigger, backfill it in batches, switch the application to it, and drop the old column in a later migration.
MIG-PG108 warning: changing accounts.name to text rewrites accounts and rebuilds its indexes under ACCESS EXCLUSIVE (the current type is unknown, so a rewrite is assumed; pass --schema-from or --db); reads and writes wait throughout
  fix: Expand and contract: add a column of the new type, keep it in sync with a trigger, backfill it in batches, switch the application to it, and drop the old column in a later migration."
`);
  });

  it('err: before PostgreSQL 12 timestamp → timestamptz always rewrites', () => {
    expect(lintErrors(rule, 'ALTER TABLE users ALTER COLUMN created_at TYPE timestamptz', { ...WITH_SHOP, version: 11, timeZone: 'UTC' })).toMatchInlineSnapshot(`
"MIG-PG108 warning: changing users.created_at to timestamptz rewrites users and rebuilds its indexes under ACCESS EXCLUSIVE (timestamp → timestamptz converts every value before PostgreSQL 12); reads and writes wait throughout
  fix: Expand and contract: add a column of the new type, keep it in sync with a trigger, backfill it in batches, switch the application to it, and drop the old column in a later migration."
`);
  });
});
