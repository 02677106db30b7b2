import { loadPostgresParser } from '../postgres/analyze';
import { WITH_SHOP } from '../postgres/__fixtures__/schema';
import { lintErrors, lintOk } from '../postgres/lint';
import { statementsAfterAccessExclusive as rule } from './pg-statements-after-access-exclusive';

beforeAll(loadPostgresParser);

describe(rule.id, () => {
  it.each([
    // Quick statements on the same table do not extend the lock meaningfully.
    'BEGIN;\nALTER TABLE users ADD COLUMN note text;\nALTER TABLE users ALTER COLUMN note SET DEFAULT \'\';\nCOMMIT',
    // Outside a transaction each statement releases its lock at once.
    'ALTER TABLE users ADD COLUMN note text;\nUPDATE orders SET status = \'x\' WHERE id = 1',
    'BEGIN;\nCREATE TABLE events (id bigint);\nCREATE INDEX idx_events_id ON events (id);\nCOMMIT',
  ])('ok: %s', (sql) => {
    expect(lintOk(rule, sql, WITH_SHOP)).toEqual([]);
  });

  it('err: an index build and a lock on another table after ACCESS EXCLUSIVE', () => {
    const sql = 'BEGIN;\nALTER TABLE users ADD COLUMN note text;\nCREATE INDEX idx_users_note ON users (note);\nALTER TABLE orders ADD COLUMN note text;\nCOMMIT';
    expect(lintErrors(rule, sql, WITH_SHOP)).toMatchInlineSnapshot(`
"MIG-PG122 warning: statement 3 (CREATE INDEX idx_users_note ON users (note)) runs after statement 2 took ACCESS EXCLUSIVE on users in the same transaction: every query on users keeps waiting until COMMIT, for this statement's work too
  fix: Put the statement taking ACCESS EXCLUSIVE last in its transaction, or in a transaction of its own, so the lock is released as soon as its own (instant) work is done."
`);
  });

  it('err: a runner transaction around the file', () => {
    const sql = 'ALTER TABLE users DROP COLUMN bio;\nUPDATE orders SET status = \'open\' WHERE id = 1';
    expect(lintErrors(rule, sql, { ...WITH_SHOP, inTransaction: true })).toMatchInlineSnapshot(`
"MIG-PG122 warning: statement 2 (UPDATE orders SET status = 'open' WHERE id = 1) runs after statement 1 took ACCESS EXCLUSIVE on users in the same transaction: every query on users keeps waiting until COMMIT, for this statement's work too
  fix: Put the statement taking ACCESS EXCLUSIVE last in its transaction, or in a transaction of its own, so the lock is released as soon as its own (instant) work is done."
`);
  });

  it('its fix (the ACCESS EXCLUSIVE statement in a transaction of its own) clears it', () => {
    const sql = 'BEGIN;\nCREATE INDEX idx_users_note ON users (bio);\nALTER TABLE orders ADD COLUMN note text;\nCOMMIT;\nBEGIN;\nALTER TABLE users ADD COLUMN note text;\nCOMMIT';
    expect(lintOk(rule, sql, WITH_SHOP)).toEqual([]);
  });
});
