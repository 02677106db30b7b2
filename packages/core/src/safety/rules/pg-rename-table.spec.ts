import { loadPostgresParser } from '../postgres/analyze';
import { lintErrors, lintOk } from '../postgres/lint';
import { renameTable as rule } from './pg-rename-table';

beforeAll(loadPostgresParser);

describe(rule.id, () => {
  it.each(['CREATE TABLE events (id bigint);\nALTER TABLE events RENAME TO activity', 'ALTER TABLE users RENAME COLUMN bio TO about'])(
    'ok: %s',
    (sql) => {
      expect(lintOk(rule, sql)).toEqual([]);
    },
  );

  it('err: renaming an existing table', () => {
    expect(lintErrors(rule, 'ALTER TABLE users RENAME TO accounts')).toMatchInlineSnapshot(`
"MIG-PG118 warning: renaming users to accounts breaks application code still deployed that uses users, from the moment it commits
  fix: Rename it and, in the same transaction, CREATE VIEW <old> AS SELECT * FROM <new> (simple views accept writes) so deployed code keeps working; drop the view once code using the new name is deployed."
`);
  });
});
