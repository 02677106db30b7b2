import { loadPostgresParser } from '../postgres/analyze';
import { fixedSql, lintErrors, lintOk } from '../postgres/lint';
import { validateInSameTransaction as rule } from './pg-validate-in-same-transaction';

beforeAll(loadPostgresParser);

describe(rule.id, () => {
  it.each([
    'BEGIN;\nALTER TABLE orders ADD CONSTRAINT fk_o FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\nCOMMIT;\nBEGIN;\nALTER TABLE orders VALIDATE CONSTRAINT fk_o;\nCOMMIT',
    // Without a transaction block each statement commits on its own.
    'ALTER TABLE orders ADD CONSTRAINT fk_o FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT fk_o',
  ])('ok: %s', (sql) => {
    expect(lintOk(rule, sql)).toEqual([]);
  });

  it('err: ADD … NOT VALID and VALIDATE in one transaction', () => {
    const sql = 'BEGIN;\nALTER TABLE users ADD CONSTRAINT chk_users_score CHECK (score >= 0) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT chk_users_score;\nCOMMIT';
    expect(lintErrors(rule, sql)).toMatchInlineSnapshot(`
"MIG-PG112 warning: VALIDATE CONSTRAINT chk_users_score runs in the same transaction as statement 2, which holds ACCESS EXCLUSIVE on users until COMMIT: the validation scan runs under that lock, not SHARE UPDATE EXCLUSIVE
  fix: Commit the lock first and validate in a transaction of its own:
COMMIT;
BEGIN;
ALTER TABLE users VALIDATE CONSTRAINT chk_users_score;"
`);
  });

  it('err: a runner transaction around the file', () => {
    const sql = 'ALTER TABLE users ADD CONSTRAINT chk_users_score CHECK (score >= 0) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT chk_users_score';
    expect(lintErrors(rule, sql, { inTransaction: true })).toMatchInlineSnapshot(`
"MIG-PG112 warning: VALIDATE CONSTRAINT chk_users_score runs in the same transaction as statement 1, which holds ACCESS EXCLUSIVE on users until COMMIT: the validation scan runs under that lock, not SHARE UPDATE EXCLUSIVE
  fix: COMMIT after the ADD … NOT VALID and run VALIDATE CONSTRAINT in a transaction of its own."
`);
  });

  it('its fix clears it', () => {
    const sql = 'BEGIN;\nALTER TABLE users ADD CONSTRAINT chk_users_score CHECK (score >= 0) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT chk_users_score;\nCOMMIT';
    const fixed = fixedSql(rule, sql);
    expect(fixed).toMatchInlineSnapshot(`
"BEGIN;
ALTER TABLE users ADD CONSTRAINT chk_users_score CHECK (score >= 0) NOT VALID;
COMMIT;
BEGIN;
ALTER TABLE users VALIDATE CONSTRAINT chk_users_score;
COMMIT"
`);
    expect(lintOk(rule, fixed)).toEqual([]);
  });
});
