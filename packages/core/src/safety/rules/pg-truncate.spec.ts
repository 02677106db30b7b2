import { loadPostgresParser } from '../postgres/analyze';
import { WITH_SHOP } from '../postgres/__fixtures__/schema';
import { lintErrors, lintOk } from '../postgres/lint';
import { truncate as rule } from './pg-truncate';

beforeAll(loadPostgresParser);

describe(rule.id, () => {
  it.each(['CREATE TABLE events (id bigint);\nTRUNCATE events', 'DELETE FROM orders WHERE id = 1'])('ok: %s', (sql) => {
    expect(lintOk(rule, sql, WITH_SHOP)).toEqual([]);
  });

  it('err: TRUNCATE … CASCADE empties the referencing tables too', () => {
    expect(lintErrors(rule, 'TRUNCATE users CASCADE', WITH_SHOP)).toMatchInlineSnapshot(`
"MIG-PG116 warning: TRUNCATE users deletes every row for good, under ACCESS EXCLUSIVE; CASCADE empties orders too
  fix: Take a backup of the rows first, or delete only what must go (in batches); make sure no deployed code still needs them."
`);
  });
});
