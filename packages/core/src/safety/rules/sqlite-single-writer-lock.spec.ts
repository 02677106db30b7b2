import { fixOf, lintErrors, lintOk, lintPlanned } from '../sqlite/__fixtures__/lint';
import { sqliteSingleWriterLock as rule } from './sqlite-single-writer-lock';

describe(rule.id, () => {
  it.each([
    'UPDATE users SET score = 0 WHERE id = 1',
    'DELETE FROM users WHERE score IS NULL',
    'ALTER TABLE users ADD COLUMN bio TEXT',
    'ALTER TABLE users ALTER COLUMN score DROP NOT NULL',
    'CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);\nCREATE INDEX idx_notes_body ON notes (body)',
    'SELECT * FROM users',
  ])('ok: %s', (sql) => {
    expect(lintOk(rule, sql)).toEqual([]);
  });

  it('ok: a rebuild, which sqlite-table-rebuild reports', () => {
    expect(lintPlanned(rule, { kind: 'setNotNull', table: 'users', column: 'score' })).toEqual([]);
  });

  it('err: whole-table writes, an index build, DROP COLUMN, VACUUM', () => {
    const sql = [
      'UPDATE users SET score = 0',
      'DELETE FROM users',
      'CREATE INDEX idx_users_email ON users (email)',
      'ALTER TABLE users DROP COLUMN score',
      "ALTER TABLE users ADD COLUMN kind TEXT NOT NULL DEFAULT 'a' CHECK (kind IN ('a', 'b'))",
      'ALTER TABLE users ALTER COLUMN email SET NOT NULL',
      'ALTER TABLE users ADD CONSTRAINT ck_users_score CHECK (score >= 0)',
      'VACUUM',
    ].join(';\n');
    expect(lintErrors(rule, sql)).toMatchInlineSnapshot(`
"MIG-SL102 warning: this UPDATE writes every row of users (about 250,000 rows) while holding the database write lock: every other writer waits until it finishes
  fix: -- repeat with :last_rowid = the highest rowid done so far (from 0), each batch in its own transaction:
UPDATE users SET score = 0 WHERE rowid IN (SELECT rowid FROM users WHERE rowid > :last_rowid ORDER BY rowid LIMIT 1000)
MIG-SL102 warning: this DELETE removes every row of users (about 250,000 rows), one by one while holding the database write lock: every other writer waits until it finishes
  fix: -- repeat until it deletes no rows, each batch in its own transaction:
DELETE FROM users WHERE rowid IN (SELECT rowid FROM users ORDER BY rowid LIMIT 1000)
MIG-SL102 warning: building the index reads every row of users (about 250,000 rows) while holding the database write lock: every other writer waits until it finishes
  fix: run it while writes can pause, with busy_timeout set on the application connections so they wait instead of failing (readers go on in WAL mode)
MIG-SL102 warning: DROP COLUMN rewrites every row of users (about 250,000 rows) to purge the column while holding the database write lock: every other writer waits until it finishes
  fix: run it while writes can pause, with busy_timeout set on the application connections so they wait instead of failing (readers go on in WAL mode)
MIG-SL102 warning: a new column with a CHECK constraint is checked against every row of users (about 250,000 rows) while holding the database write lock: every other writer waits until it finishes
  fix: run it while writes can pause, with busy_timeout set on the application connections so they wait instead of failing (readers go on in WAL mode)
MIG-SL102 warning: SET NOT NULL checks every row of users (about 250,000 rows) while holding the database write lock: every other writer waits until it finishes
  fix: run it while writes can pause, with busy_timeout set on the application connections so they wait instead of failing (readers go on in WAL mode)
MIG-SL102 warning: the new CHECK constraint is checked against every row of users (about 250,000 rows) while holding the database write lock: every other writer waits until it finishes
  fix: run it while writes can pause, with busy_timeout set on the application connections so they wait instead of failing (readers go on in WAL mode)
MIG-SL102 warning: VACUUM rewrites the whole database file while holding the database write lock: every other writer waits until it finishes
  fix: run it while writes can pause, with busy_timeout set on the application connections so they wait instead of failing (readers go on in WAL mode)"
`);
  });

  it('err: inside a transaction, the lock lasts until COMMIT', () => {
    expect(lintErrors(rule, 'BEGIN;\nUPDATE users SET score = score + 1;\nCOMMIT')).toMatchInlineSnapshot(`
"MIG-SL102 warning: this UPDATE writes every row of users (about 250,000 rows) while holding the database write lock: every other writer waits until the transaction commits
  fix: -- repeat with :last_rowid = the highest rowid done so far (from 0), each batch in its own transaction:
UPDATE users SET score = score + 1 WHERE rowid IN (SELECT rowid FROM users WHERE rowid > :last_rowid ORDER BY rowid LIMIT 1000)"
`);
  });

  it.each(['UPDATE users SET score = 0, email = lower(email)', 'DELETE FROM main.users'])('its batched fix clears it: %s', (sql) => {
    const fix = fixOf(rule, sql);
    expect(fix).toMatch(/LIMIT 1000/);
    expect(lintOk(rule, fix)).toEqual([]);
  });
});
