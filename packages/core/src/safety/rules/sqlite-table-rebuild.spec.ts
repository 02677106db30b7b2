import type { Schema } from '../../model/schema';
import { analyzeSqliteSql } from '../sqlite/analyze';
import { SCHEMA, lintErrors, lintOk, lintPlanned } from '../sqlite/__fixtures__/lint';
import { sqliteTableRebuild as rule } from './sqlite-table-rebuild';

const REBUILD = `
PRAGMA foreign_keys = OFF;
CREATE TABLE "new_users" (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, email VARCHAR(50) NOT NULL, score INTEGER NOT NULL);
INSERT INTO "new_users" (id, email, score) SELECT id, email, score FROM users;
DROP TABLE users;
ALTER TABLE "new_users" RENAME TO users;
CREATE INDEX idx_users_score ON users (score);
PRAGMA foreign_keys = ON;
`;

const WITH_CHECK: Schema = {
  tables: SCHEMA.tables.map((t) => ({ ...t, checks: [{ name: 'ck_users_score', expression: 'score >= 0' }] })),
};

describe(rule.id, () => {
  it('ok: changes ALTER TABLE makes in place', () => {
    expect(lintOk(rule, 'ALTER TABLE users ADD COLUMN bio TEXT;\nALTER TABLE users RENAME COLUMN bio TO about;\nALTER TABLE users RENAME TO people')).toEqual([]);
  });

  it('ok: a copy into a new table that does not replace the old one', () => {
    expect(lintOk(rule, 'CREATE TABLE archive (id INTEGER, email TEXT);\nINSERT INTO archive (id, email) SELECT id, email FROM users')).toEqual([]);
  });

  it('ok: the operations mig renders without a rebuild', () => {
    expect(lintPlanned(rule, { kind: 'addColumn', table: 'users', column: { name: 'bio', type: 'text', nullable: true } })).toEqual([]);
  });

  it('err: a rebuild in raw SQL', () => {
    expect(lintErrors(rule, REBUILD)).toMatchInlineSnapshot(`
"MIG-SL101 warning: table users is rebuilt: SQLite copies every row into new_users, drops users and renames the copy, holding the database write lock throughout, so every other writer waits (or fails with SQLITE_BUSY after its busy_timeout); users holds about 250,000 rows
  fix: run the rebuild while writes can pause, with busy_timeout set on the application connections so they wait instead of failing; prefer changes ALTER TABLE can make in place (ADD COLUMN nullable or with a constant default, RENAME, DROP COLUMN)"
`);
  });

  it('err: the rebuild mig plans for an operation', () => {
    expect(lintPlanned(rule, { kind: 'alterColumnType', table: 'users', column: 'score', type: 'bigint' }).join('\n')).toMatchInlineSnapshot(`
"MIG-SL101 warning: table users is rebuilt to change type of users.score to bigint: SQLite copies every row into new_users, drops users and renames the copy, holding the database write lock throughout, so every other writer waits (or fails with SQLITE_BUSY after its busy_timeout); users holds about 250,000 rows
  fix: SQLite stores any value in any column (type affinity only converts where it can): if the application can keep writing the new type into the old column, skip the change; otherwise run the rebuild while writes can pause"
`);
  });

  it('err: a NOT NULL column without a default, with the in-place alternative', () => {
    const found = lintPlanned(rule, { kind: 'addColumn', table: 'users', column: { name: 'rank', type: 'integer', nullable: false } });
    expect(found.join('\n')).toMatchInlineSnapshot(`
"MIG-SL101 warning: table users is rebuilt to add column users.rank integer NOT NULL: SQLite copies every row into new_users, drops users and renames the copy, holding the database write lock throughout, so every other writer waits (or fails with SQLITE_BUSY after its busy_timeout); users holds about 250,000 rows
  fix: ALTER TABLE users ADD COLUMN rank INTEGER;
-- then backfill rank in batches (NOT NULL can come in place only with a constant DEFAULT; adding it later is this rebuild)"
`);
  });

  it('err: a CHECK and a NOT NULL, with the in-place statements of SQLite 3.53', () => {
    const found = [
      ...lintPlanned(rule, { kind: 'addCheck', table: 'users', name: 'ck_users_score', expression: 'score >= 0 AND "score" < 100' }),
      ...lintPlanned(rule, { kind: 'setNotNull', table: 'users', column: 'score' }),
    ];
    expect(found.join('\n')).toMatchInlineSnapshot(`
"MIG-SL101 warning: table users is rebuilt to add check ck_users_score (score >= 0 AND "score" < 100) on users: SQLite copies every row into new_users, drops users and renames the copy, holding the database write lock throughout, so every other writer waits (or fails with SQLITE_BUSY after its busy_timeout); users holds about 250,000 rows
  fix: -- SQLite 3.53.0 and later (SELECT sqlite_version()) make this change in place, testing every row; before 3.53.0, BEFORE INSERT and BEFORE UPDATE triggers that RAISE(ABORT, …) enforce it without a rebuild:
ALTER TABLE users ADD CONSTRAINT ck_users_score CHECK (score >= 0 AND "score" < 100)
MIG-SL101 warning: table users is rebuilt to make users.score NOT NULL: SQLite copies every row into new_users, drops users and renames the copy, holding the database write lock throughout, so every other writer waits (or fails with SQLITE_BUSY after its busy_timeout); users holds about 250,000 rows
  fix: -- SQLite 3.53.0 and later (SELECT sqlite_version()) make this change in place, testing every row:
ALTER TABLE users ALTER COLUMN score SET NOT NULL"
`);
  });

  it('its SQL fixes make no rebuild', () => {
    const fixes = [
      { kind: 'addCheck', table: 'users', name: 'ck_users_email', expression: "email LIKE '%@%'" },
      { kind: 'setNotNull', table: 'users', column: 'score' },
      { kind: 'dropCheck', table: 'users', name: 'ck_users_score' },
      { kind: 'addColumn', table: 'users', column: { name: 'rank', type: 'integer', nullable: false } },
    ] as const;
    for (const op of fixes) {
      const fix = /fix: ([\s\S]*)$/.exec(lintPlanned(rule, op, WITH_CHECK)[0] ?? '')?.[1] ?? '';
      expect(fix).toMatch(/ALTER TABLE/);
      expect(analyzeSqliteSql(fix, { schema: WITH_CHECK }).filter((f) => f.parseError)).toEqual([]);
      expect(lintOk(rule, fix, { schema: WITH_CHECK })).toEqual([]);
    }
  });
});
