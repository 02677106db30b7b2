import { loadPostgresParser } from '../postgres/analyze';
import { WITH_SHOP } from '../postgres/__fixtures__/schema';
import { lintErrors, lintOk } from '../postgres/lint';
import { dropColumn as rule } from './pg-drop-column';

beforeAll(loadPostgresParser);

describe(rule.id, () => {
  it.each([
    'CREATE TABLE events (id bigint, kind text);\nALTER TABLE events DROP COLUMN kind',
    'ALTER TABLE users ADD COLUMN note text',
  ])('ok: %s', (sql) => {
    expect(lintOk(rule, sql, WITH_SHOP)).toEqual([]);
  });

  it('err: dropping a column of an existing table', () => {
    expect(lintErrors(rule, 'ALTER TABLE users DROP COLUMN bio, DROP COLUMN IF EXISTS nickname', WITH_SHOP)).toMatchInlineSnapshot(`
"MIG-PG114 warning: DROP COLUMN users.bio deletes its data for good, and application code still deployed that selects or inserts bio fails until it is updated
  fix: First deploy code that no longer reads or writes the column (ORM: ignore it), keep a backup of its data, then drop it in a later migration.
MIG-PG114 warning: DROP COLUMN users.nickname deletes its data for good, and application code still deployed that selects or inserts nickname fails until it is updated (nickname is not in the known schema)
  fix: First deploy code that no longer reads or writes the column (ORM: ignore it), keep a backup of its data, then drop it in a later migration."
`);
  });
});
