import { loadPostgresParser } from '../postgres/analyze';
import { lintErrors, lintOk } from '../postgres/lint';
import { renameColumn as rule } from './pg-rename-column';

beforeAll(loadPostgresParser);

describe(rule.id, () => {
  it.each([
    'CREATE TABLE events (id bigint, kind text);\nALTER TABLE events RENAME COLUMN kind TO type',
    'ALTER INDEX idx_users_email RENAME TO idx_users_mail',
  ])('ok: %s', (sql) => {
    expect(lintOk(rule, sql)).toEqual([]);
  });

  it('err: renaming a column of an existing table', () => {
    expect(lintErrors(rule, 'ALTER TABLE users RENAME COLUMN bio TO about')).toMatchInlineSnapshot(`
"MIG-PG117 warning: renaming users.bio to about breaks application code still deployed that uses bio, from the moment it commits
  fix: Expand and contract: add the new column, keep both in sync with a trigger, backfill it, deploy code that uses the new name, then drop the old column in a later migration."
`);
  });
});
