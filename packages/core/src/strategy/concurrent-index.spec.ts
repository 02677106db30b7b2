import { postgresDialect } from '../dialects/postgres/render';
import { MigError } from '../errors';
import { applyOperations } from '../model/apply';
import type { Operation } from '../model/operations';
import { emptySchema } from '../model/schema';
import { describeTargets } from '../testing/databases';
import { executePhases } from './execute';
import { FIXTURE, openFixture, phasesText, roundTrip } from './__fixtures__/harness';
import { designPhases } from './index';

const fixture = applyOperations(emptySchema(), FIXTURE);
const byNick: Operation = { kind: 'createIndex', table: 'accounts', columns: ['nick'], unique: true, name: 'idx_accounts_nick_unique' };
const dropScoreNick: Operation = { kind: 'dropIndex', table: 'accounts', name: 'idx_accounts_score_nick' };

describe('concurrent-index: phases', () => {
  test('create: drop a leftover INVALID index of the name, then build CONCURRENTLY; down drops it CONCURRENTLY', () => {
    const phases = designPhases([byNick], { dialect: postgresDialect, schema: fixture, zeroDowntime: true });
    expect(phasesText(phases)).toMatchInlineSnapshot(`
"## index (no transaction, lock 5000ms, statement 0ms, retry 5x): build idx_accounts_nick_unique on accounts CONCURRENTLY: writes go on; a failed build is cleaned up by running the phase again
up:
! SET lock_timeout = '5s'
! SET statement_timeout = 0
! DROP INDEX CONCURRENTLY IF EXISTS idx_accounts_nick_unique
! CREATE UNIQUE INDEX CONCURRENTLY idx_accounts_nick_unique ON accounts (nick)
~ RESET lock_timeout
~ RESET statement_timeout
down:
! SET lock_timeout = '5s'
! SET statement_timeout = 0
! DROP INDEX CONCURRENTLY IF EXISTS idx_accounts_nick_unique
~ RESET lock_timeout
~ RESET statement_timeout"
`);
  });

  test('drop: CONCURRENTLY, and the down rebuilds the index from its known definition', () => {
    const phases = designPhases([dropScoreNick], { dialect: postgresDialect, schema: fixture, zeroDowntime: true });
    expect(phasesText(phases)).toMatchInlineSnapshot(`
"## index (no transaction, lock 5000ms, statement 0ms, retry 5x): drop idx_accounts_score_nick CONCURRENTLY: waits for queries using it instead of blocking them
up:
! SET lock_timeout = '5s'
! SET statement_timeout = 0
! DROP INDEX CONCURRENTLY IF EXISTS idx_accounts_score_nick
~ RESET lock_timeout
~ RESET statement_timeout
down:
! SET lock_timeout = '5s'
! SET statement_timeout = 0
! DROP INDEX CONCURRENTLY IF EXISTS idx_accounts_score_nick
! CREATE INDEX CONCURRENTLY idx_accounts_score_nick ON accounts (score, nick)
~ RESET lock_timeout
~ RESET statement_timeout"
`);
  });

  test('several index builds share one phase: each statement runs on its own anyway', () => {
    const second: Operation = { kind: 'createIndex', table: 'accounts', columns: ['note'], unique: false, name: 'idx_accounts_note' };
    const phases = designPhases([byNick, second], { dialect: postgresDialect, schema: fixture, zeroDowntime: true });
    expect(phases.map((p) => p.name)).toEqual(['index']);
    expect(phases[0]!.down.map((s) => s.sql)).toEqual([
      "SET lock_timeout = '5s'",
      'SET statement_timeout = 0',
      'DROP INDEX CONCURRENTLY IF EXISTS idx_accounts_note',
      'DROP INDEX CONCURRENTLY IF EXISTS idx_accounts_nick_unique',
      'RESET lock_timeout',
      'RESET statement_timeout',
    ]);
  });
});

describeTargets(['postgres', 'pglite'])('concurrent-index on %s', (target) => {
  test('create and drop round trip', async () => {
    const { t, dialect } = await openFixture(target);
    try {
      await roundTrip(t.db, dialect, [byNick]);
      await roundTrip(t.db, dialect, [dropScoreNick]);
    } finally {
      await t.dispose();
    }
  });

  test('a failed concurrent build leaves an INVALID index; running the phase again removes it and builds a valid one', async () => {
    const { t, dialect, before } = await openFixture(target);
    try {
      await t.db.exec("UPDATE accounts SET nick = 'twin' WHERE id IN (1, 2)");
      const phases = designPhases([byNick], { dialect, schema: before, zeroDowntime: true });
      await expect(executePhases(t.db, dialect, phases, 'up')).rejects.toThrow(MigError);
      const validity = () =>
        t.db.query<{ valid: boolean }>(
          "SELECT x.indisvalid AS valid FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid WHERE i.relname = 'idx_accounts_nick_unique'",
        );
      expect(await validity()).toEqual([{ valid: false }]);
      // The session settings were restored after the failure.
      expect(await t.db.query('SHOW lock_timeout')).toEqual([{ lock_timeout: '0' }]);

      await t.db.exec("UPDATE accounts SET nick = 'twin2' WHERE id = 2");
      await executePhases(t.db, dialect, phases, 'up');
      expect(await validity()).toEqual([{ valid: true }]);
    } finally {
      await t.dispose();
    }
  });
});
