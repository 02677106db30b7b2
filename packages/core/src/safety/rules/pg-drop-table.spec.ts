import { loadPostgresParser } from '../postgres/analyze';
import { WITH_SHOP } from '../postgres/__fixtures__/schema';
import { lintErrors, lintOk } from '../postgres/lint';
import { dropTable as rule } from './pg-drop-table';

beforeAll(loadPostgresParser);

describe(rule.id, () => {
  it.each(['CREATE TABLE events (id bigint);\nDROP TABLE events', 'DROP INDEX idx_users_email'])('ok: %s', (sql) => {
    expect(lintOk(rule, sql, WITH_SHOP)).toEqual([]);
  });

  it('err: DROP TABLE … CASCADE', () => {
    expect(lintErrors(rule, 'DROP TABLE IF EXISTS users, orders CASCADE', WITH_SHOP)).toMatchInlineSnapshot(`
"MIG-PG115 warning: DROP TABLE users, orders deletes the tables and their data for good; application code still deployed that uses them fails until it is updated, and CASCADE also drops the foreign keys and views that depend on them
  fix: First deploy code that no longer uses the table, keep a backup (or rename it aside and drop it a release later), then drop it in a later migration."
`);
  });
});
