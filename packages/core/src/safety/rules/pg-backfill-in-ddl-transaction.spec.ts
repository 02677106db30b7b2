import { loadPostgresParser } from '../postgres/analyze';
import { lintErrors, lintOk } from '../postgres/lint';
import { backfillInDdlTransaction as rule } from './pg-backfill-in-ddl-transaction';

beforeAll(loadPostgresParser);

describe(rule.id, () => {
  it.each([
    "ALTER TABLE users ADD COLUMN plan text;\nUPDATE users SET plan = 'free' WHERE id BETWEEN 1 AND 1000",
    "BEGIN;\nUPDATE users SET bio = '' WHERE id BETWEEN 1 AND 1000;\nCOMMIT",
    "BEGIN;\nCREATE TABLE events (id bigint, kind text);\nUPDATE events SET kind = 'x';\nCOMMIT",
  ])('ok: %s', (sql) => {
    expect(lintOk(rule, sql)).toEqual([]);
  });

  it('err: the backfill after the DDL in one transaction', () => {
    const sql = "BEGIN;\nALTER TABLE users ADD COLUMN plan text;\nUPDATE users SET plan = 'free' WHERE id BETWEEN 1 AND 1000;\nCOMMIT";
    expect(lintErrors(rule, sql)).toMatchInlineSnapshot(`
"MIG-PG123 warning: UPDATE users runs in the same transaction as statement 2, which holds ACCESS EXCLUSIVE on users until COMMIT: users stays blocked for the whole backfill, and every updated row stays locked
  fix: Commit the DDL first, then backfill in batches, each batch in its own short transaction."
`);
  });

  it('its fix (commit between) clears it', () => {
    const sql = "BEGIN;\nALTER TABLE users ADD COLUMN plan text;\nCOMMIT;\nBEGIN;\nUPDATE users SET plan = 'free' WHERE id BETWEEN 1 AND 1000;\nCOMMIT";
    expect(lintOk(rule, sql)).toEqual([]);
  });
});
