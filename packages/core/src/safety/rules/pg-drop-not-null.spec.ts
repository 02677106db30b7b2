import { loadPostgresParser } from '../postgres/analyze';
import { lintErrors, lintOk } from '../postgres/lint';
import { dropNotNull as rule } from './pg-drop-not-null';

beforeAll(loadPostgresParser);

describe(rule.id, () => {
  it.each(['ALTER TABLE users ALTER COLUMN name SET NOT NULL', 'CREATE TABLE events (id bigint NOT NULL);\nALTER TABLE events ALTER COLUMN id DROP NOT NULL'])(
    'ok: %s',
    (sql) => {
      expect(lintOk(rule, sql)).toEqual([]);
    },
  );

  it('err: DROP NOT NULL on an existing table', () => {
    expect(lintErrors(rule, 'ALTER TABLE users ALTER COLUMN name DROP NOT NULL')).toMatchInlineSnapshot(`
"MIG-PG119 info: DROP NOT NULL on users.name: code that assumes a value breaks once NULLs are written, and restoring NOT NULL then needs those rows fixed and a scan
  fix: Deploy code that handles NULL in the column first; to undo later, use CHECK (c IS NOT NULL) NOT VALID and VALIDATE before SET NOT NULL."
`);
  });
});
