import { SCHEMA, lintErrors, lintOk } from '../mysql/__fixtures__/lint';
import { mysqlFactsForStatements } from '../mysql/analyze';
import { renderFinding, runRules } from '../mysql/lint';
import { mysqlNotNullChange as rule } from './mysql-not-null-change';

describe(rule.id, () => {
  it.each([
    'ALTER TABLE users MODIFY COLUMN name varchar(60) NULL',
    'ALTER TABLE users MODIFY COLUMN email varchar(50) NOT NULL DEFAULT \'x\'',
    'ALTER TABLE users ALTER COLUMN score SET DEFAULT 0',
  ])('ok: %s', (sql) => {
    expect(lintOk(rule, sql)).toEqual([]);
  });

  it('err: NOT NULL added', () => {
    expect(lintErrors(rule, 'ALTER TABLE users MODIFY COLUMN name varchar(60) NOT NULL')).toMatchInlineSnapshot(`
"MIG-MY107 warning: making users.name NOT NULL rebuilds users: every row is read and rewritten, and the statement fails on the first row holding NULL
  fix: backfill first, in batches (UPDATE users SET name = <value> WHERE name IS NULL LIMIT 1000, repeated until no row changes), and check none remain (SELECT COUNT(*) FROM users WHERE name IS NULL); then run it as ALTER TABLE users MODIFY COLUMN name varchar(60) NOT NULL, ALGORITHM=INPLACE, LOCK=NONE so the server refuses rather than blocks writes; on a large table use gh-ost or pt-online-schema-change"
`);
  });

  it('err: NOT NULL dropped', () => {
    expect(lintErrors(rule, 'ALTER TABLE users MODIFY COLUMN email varchar(50) NULL')).toMatchInlineSnapshot(`
"MIG-MY107 warning: making users.email nullable rebuilds users: every row is read and rewritten
  fix: run it as ALTER TABLE users MODIFY COLUMN email varchar(50) NULL, ALGORITHM=INPLACE, LOCK=NONE so the server refuses rather than blocks writes; on a large table use gh-ost or pt-online-schema-change"
`);
  });

  it('knows the change from the operation mig planned, even without the schema', () => {
    const facts = mysqlFactsForStatements(
      [{ sql: 'ALTER TABLE users MODIFY COLUMN name varchar(60) NOT NULL', transactional: false, change: { kind: 'setNotNull', table: 'users', column: 'name' } }],
      { flavor: 'mariadb', version: '10.11' },
    );
    expect(facts[0]?.locks).toMatchInlineSnapshot(`
[
  {
    "mode": "metadata lock (exclusive, brief)",
    "table": "users",
  },
  {
    "mode": "INPLACE/NONE",
    "table": "users",
  },
]
`);
    expect(runRules([rule], facts, { dialect: 'mysql', version: 101100, flavor: 'mariadb' }, SCHEMA).map(renderFinding)).toHaveLength(1);
  });
});
