import { loadPostgresParser } from '../postgres/analyze';
import { WITH_SHOP } from '../postgres/__fixtures__/schema';
import { fixedSql, lintErrors, lintOk } from '../postgres/lint';
import { unbatchedBackfill as rule } from './pg-unbatched-backfill';

beforeAll(loadPostgresParser);

describe(rule.id, () => {
  it.each([
    "UPDATE users SET bio = '' WHERE id BETWEEN 1 AND 10000",
    "UPDATE users SET bio = '' WHERE id >= 10000 AND id < 20000 AND bio IS NULL",
    "UPDATE users SET bio = '' WHERE id = 42",
    "UPDATE users SET bio = '' WHERE id IN (SELECT id FROM users WHERE bio IS NULL LIMIT 1000)",
    "CREATE TABLE events (id bigint, kind text);\nUPDATE events SET kind = 'x'",
  ])('ok: %s', (sql) => {
    expect(lintOk(rule, sql, WITH_SHOP)).toEqual([]);
  });

  it('err: no WHERE at all', () => {
    expect(lintErrors(rule, "UPDATE users SET bio = '' RETURNING id", WITH_SHOP)).toMatchInlineSnapshot(`
"MIG-PG124 warning: UPDATE users changes every row in one transaction: each row stays locked until it commits, and the table bloats by that many row versions
  fix: Update one key range at a time, committing after each and moving the range on by 10000 until past the largest id:
UPDATE users SET bio = '' WHERE id BETWEEN 1 AND 10000 RETURNING id;"
`);
  });

  it('err: a WHERE that is not a key range (an unindexed range, a non-key equality)', () => {
    const sql = "UPDATE users SET bio = '' WHERE score > 1 AND score < 5;\nUPDATE orders SET status = 'x' WHERE status = 'open' OR total > 10";
    expect(lintErrors(rule, sql, WITH_SHOP)).toMatchInlineSnapshot(`
"MIG-PG124 warning: UPDATE users changes every matching row at once (its WHERE is not a key range) in one transaction: each row stays locked until it commits, and the table bloats by that many row versions
  fix: Update one key range at a time, committing after each and moving the range on by 10000 until past the largest id:
UPDATE users SET bio = '' WHERE id BETWEEN 1 AND 10000 AND (score > 1 AND score < 5);
MIG-PG124 warning: UPDATE orders changes every matching row at once (its WHERE is not a key range) in one transaction: each row stays locked until it commits, and the table bloats by that many row versions
  fix: Update one key range at a time, committing after each and moving the range on by 10000 until past the largest id:
UPDATE orders SET status = 'x' WHERE id BETWEEN 1 AND 10000 AND (status = 'open' OR total > 10);"
`);
  });

  it('its fix clears it', () => {
    const fixed = fixedSql(rule, "UPDATE orders SET status = 'x' WHERE status = 'open' OR total > 10", WITH_SHOP);
    expect(fixed).toMatchInlineSnapshot(`"UPDATE orders SET status = 'x' WHERE id BETWEEN 1 AND 10000 AND (status = 'open' OR total > 10)"`);
    expect(lintOk(rule, fixed, WITH_SHOP)).toEqual([]);
  });
});
