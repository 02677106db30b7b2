import { getDialect } from '../dialects/index';
import { mysqlDialect } from '../dialects/mysql/render';
import { postgresDialect } from '../dialects/postgres/render';
import { sqliteDialect } from '../dialects/sqlite/render';
import { applyOperations } from '../model/apply';
import type { Operation } from '../model/operations';
import { emptySchema } from '../model/schema';
import { planStatements } from '../plan/plan';
import { describeTargets } from '../testing/databases';
import { FIXTURE, openFixture, phasesText, roundTrip } from './__fixtures__/harness';
import { STRATEGIES, designPhases } from './index';

const fixture = applyOperations(emptySchema(), FIXTURE);
const addTeamRef: Operation = {
  kind: 'addColumn',
  table: 'accounts',
  column: { name: 'mentor_id', type: 'bigint', nullable: true, unique: true, references: { table: 'accounts', column: 'id', onDelete: 'set null' } },
};

describe('designPhases', () => {
  test('the strategies, in the order they are tried', () => {
    expect(STRATEGIES.map((s) => s.id)).toEqual([
      'unique-constraint',
      'concurrent-index',
      'add-not-null-column',
      'not-valid-constraint',
      'set-not-null',
      'blue-green',
      'expand-contract-type-change',
      'expand-contract-rename',
      'mysql-expand-contract',
      'deferred-drop',
      'batched-backfill',
      'mysql-online-ddl',
    ]);
  });

  test.each(['postgres', 'mysql', 'sqlite'])('without zero-downtime, %s gets one phase holding the planner\'s statements', (name) => {
    const dialect = getDialect(name);
    const ops: Operation[] = [addTeamRef, { kind: 'createIndex', table: 'accounts', columns: ['nick'], unique: false, name: 'idx_accounts_nick' }];
    const phases = designPhases(ops, { dialect, schema: fixture, zeroDowntime: false });
    expect(phases).toEqual([
      { name: 'migrate', description: expect.any(String), transactional: dialect.supportsTransactionalDdl, ...planStatements(ops, { dialect, schema: fixture }) },
    ]);
  });

  test('SQLite ignores zero-downtime: one writer at a time, nothing runs beside the migration', () => {
    const phases = designPhases([addTeamRef], { dialect: sqliteDialect, schema: fixture, zeroDowntime: true });
    expect(phases.map((p) => p.name)).toEqual(['migrate']);
  });

  test('a new column with unique and references: the column, then its index and foreign key online', () => {
    const phases = designPhases([addTeamRef], { dialect: postgresDialect, schema: fixture, zeroDowntime: true });
    expect(phasesText(phases)).toMatchInlineSnapshot(`
"## migrate (transaction, lock 5000ms, retry 5x): add column accounts.mentor_id bigint (plain statements)
up:
  SET LOCAL lock_timeout = '5s'
  ALTER TABLE accounts ADD COLUMN mentor_id bigint
down:
  SET LOCAL lock_timeout = '5s'
  ALTER TABLE accounts DROP COLUMN mentor_id

## index (no transaction, lock 5000ms, statement 0ms, retry 5x): build idx_accounts_mentor_id_unique on accounts CONCURRENTLY: writes go on; a failed build is cleaned up by running the phase again
up:
! SET lock_timeout = '5s'
! SET statement_timeout = 0
! DROP INDEX CONCURRENTLY IF EXISTS idx_accounts_mentor_id_unique
! CREATE UNIQUE INDEX CONCURRENTLY idx_accounts_mentor_id_unique ON accounts (mentor_id)
~ RESET lock_timeout
~ RESET statement_timeout
down:
! SET lock_timeout = '5s'
! SET statement_timeout = 0
! DROP INDEX CONCURRENTLY IF EXISTS idx_accounts_mentor_id_unique
~ RESET lock_timeout
~ RESET statement_timeout

## constrain (transaction, lock 5000ms, retry 5x): add foreign key fk_accounts_mentor_id_accounts (accounts → accounts) NOT VALID: a brief lock on accounts, no scan; new writes are checked from now on
up:
  SET LOCAL lock_timeout = '5s'
  ALTER TABLE accounts ADD CONSTRAINT fk_accounts_mentor_id_accounts FOREIGN KEY (mentor_id) REFERENCES accounts (id) ON DELETE SET NULL NOT VALID
down:
  SET LOCAL lock_timeout = '5s'
  ALTER TABLE accounts DROP CONSTRAINT IF EXISTS fk_accounts_mentor_id_accounts

## validate (no transaction, lock 5000ms, statement 0ms, retry 5x): validate fk_accounts_mentor_id_accounts: scans accounts under SHARE UPDATE EXCLUSIVE, reads and writes go on
up:
! SET lock_timeout = '5s'
! SET statement_timeout = 0
! ALTER TABLE accounts VALIDATE CONSTRAINT fk_accounts_mentor_id_accounts
~ RESET lock_timeout
~ RESET statement_timeout
down:"
`);
  });

  test('phases of the same kind from different operations get distinct names', () => {
    const ops: Operation[] = [
      { kind: 'setNotNull', table: 'accounts', column: 'note' },
      { kind: 'setNotNull', table: 'accounts', column: 'nick' },
    ];
    const phases = designPhases(ops, { dialect: postgresDialect, schema: fixture, zeroDowntime: true });
    expect(phases.map((p) => p.name)).toEqual(['constrain', 'validate', 'set-not-null', 'constrain-2', 'validate-2', 'set-not-null-2']);
  });

  test('without the schema, what needs it stays plain, and what does not is still online', () => {
    const ops: Operation[] = [
      { kind: 'createIndex', table: 'accounts', columns: ['nick'], unique: false, name: 'idx_accounts_nick' },
      { kind: 'renameColumn', table: 'accounts', from: 'nick', to: 'handle' },
    ];
    const phases = designPhases(ops, { dialect: postgresDialect, zeroDowntime: true, lockTimeoutMs: 2000 });
    expect(phases.map((p) => [p.name, p.up.map((s) => s.sql).filter((s) => !/^(RE)?SET /.test(s))])).toEqual([
      ['index', ['DROP INDEX CONCURRENTLY IF EXISTS idx_accounts_nick', 'CREATE INDEX CONCURRENTLY idx_accounts_nick ON accounts (nick)']],
      ['migrate', ['ALTER TABLE accounts RENAME COLUMN nick TO handle']],
    ]);
    expect(phases[0]!.up[0]).toEqual({ sql: "SET lock_timeout = '2s'", transactional: false });
  });

  test('MySQL: plain statements on a created table, online ones on existing tables', () => {
    const ops: Operation[] = [
      { kind: 'createTable', table: 'logs', columns: [{ name: 'id', type: 'bigint', nullable: false, primaryKey: true }] },
      { kind: 'addColumn', table: 'accounts', column: { name: 'bio', type: 'text', nullable: true } },
    ];
    const phases = designPhases(ops, { dialect: mysqlDialect, schema: fixture, zeroDowntime: true });
    expect(phases.map((p) => [p.name, p.description])).toEqual([
      [
        'migrate',
        'create table logs (id bigint PRIMARY KEY) (a table new in this plan: plain statements); accounts: ALTER with ALGORITHM=INSTANT (metadata only)',
      ],
    ]);
  });
});

describeTargets(['postgres', 'pglite', 'mysql'])('designPhases on %s', (target) => {
  test('a plan of several operations reaches the same schema as the plain route, and its downs restore', async () => {
    const { t, dialect } = await openFixture(target);
    try {
      const ops: Operation[] = [
        { kind: 'createTable', table: 'audit', columns: [{ name: 'id', type: 'bigint', nullable: false, primaryKey: true }] },
        { kind: 'createIndex', table: 'audit', columns: ['id'], unique: false, name: 'idx_audit_id' },
        addTeamRef,
        { kind: 'setNotNull', table: 'accounts', column: 'note' },
        { kind: 'renameColumn', table: 'accounts', from: 'nick', to: 'handle' },
        { kind: 'setDefault', table: 'accounts', column: 'score', default: 3 },
      ];
      await roundTrip(t.db, dialect, ops);
    } finally {
      await t.dispose();
    }
  });
});
