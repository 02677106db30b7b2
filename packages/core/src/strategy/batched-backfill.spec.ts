import { mysqlDialect } from '../dialects/mysql/render';
import { postgresDialect } from '../dialects/postgres/render';
import { applyOperations } from '../model/apply';
import type { Operation } from '../model/operations';
import { emptySchema } from '../model/schema';
import { describeTargets } from '../testing/databases';
import { executePhases } from './execute';
import { FIXTURE, count, openFixture, phasesText } from './__fixtures__/harness';
import { designPhases } from './index';

const fixture = applyOperations(emptySchema(), FIXTURE);
const backfill: Operation = { kind: 'backfill', table: 'accounts', set: { nick: 'anon' }, where: 'nick IS NULL OR score > 100' };

describe('batched-backfill: phases', () => {
  test('PostgreSQL walks the key; MySQL repeats UPDATE ... LIMIT on rows not holding the value yet', () => {
    const pg = designPhases([backfill], { dialect: postgresDialect, schema: fixture, zeroDowntime: true, batchSize: 100, pauseMs: 0 });
    const my = designPhases([backfill], { dialect: mysqlDialect, schema: fixture, zeroDowntime: true, batchSize: 100 });
    expect(`${phasesText(pg)}\n\n${phasesText(my)}`).toMatchInlineSnapshot(`
"## backfill (no transaction, lock 5000ms, statement 0ms, retry 5x): update accounts (nick) in batches of 100 rows, each committed
up:
! SET lock_timeout = '5s'
! SET statement_timeout = 0
! DO $mig$
    DECLARE
      _mig_lower accounts.id%TYPE;
      _mig_upper accounts.id%TYPE;
      _mig_last accounts.id%TYPE;
      _mig_size integer := 100;
      _mig_started timestamptz;
      _mig_ms double precision;
      _mig_rows bigint;
      _mig_total bigint := 0;
    BEGIN
      SELECT min(id), max(id) INTO _mig_lower, _mig_last FROM accounts;
      WHILE _mig_lower <= _mig_last LOOP
        _mig_started := clock_timestamp();
        SELECT max(id) INTO _mig_upper FROM (
          SELECT id FROM accounts WHERE id >= _mig_lower AND id <= _mig_last ORDER BY id LIMIT _mig_size) AS _mig_batch;
        UPDATE accounts SET nick = 'anon'
          WHERE id >= _mig_lower AND id <= _mig_upper AND ((nick IS NULL OR score > 100));
        GET DIAGNOSTICS _mig_rows = ROW_COUNT;
        _mig_total := _mig_total + _mig_rows;
        COMMIT;
        _mig_ms := 1000 * extract(epoch FROM clock_timestamp() - _mig_started);
        _mig_size := least(100, _mig_size * 2,
          greatest(100, (_mig_size * 30 / greatest(_mig_ms, 1))::integer));
        RAISE NOTICE 'mig backfill %: % rows updated (key up to %)', 'accounts.nick', _mig_total, _mig_upper;
        SELECT min(id) INTO _mig_lower FROM accounts WHERE id > _mig_upper;
      END LOOP;
    END
    $mig$
~ RESET lock_timeout
~ RESET statement_timeout
down:

## backfill (no transaction, lock 5000ms, retry 5x): update accounts (nick) in batches of 100 rows, each committed
up:
! SET SESSION lock_wait_timeout = 5
! SET SESSION innodb_lock_wait_timeout = 5
* UPDATE accounts SET nick = 'anon' WHERE (nick IS NULL OR score > 100) AND NOT (nick <=> 'anon') ORDER BY id LIMIT 100
~ SET SESSION lock_wait_timeout = DEFAULT
~ SET SESSION innodb_lock_wait_timeout = DEFAULT
down:"
`);
  });

  test('MySQL values that are expressions stay one UPDATE (a repeated run might never finish)', () => {
    const op: Operation = { kind: 'backfill', table: 'accounts', set: { note: { sql: 'CURRENT_TIMESTAMP' } } };
    expect(designPhases([op], { dialect: mysqlDialect, schema: fixture, zeroDowntime: true }).map((p) => p.name)).toEqual(['migrate']);
  });
});

describeTargets(['postgres', 'pglite', 'mysql'])('batched-backfill on %s', (target) => {
  test('updates exactly the rows the WHERE selects, in batches', async () => {
    const { t, dialect, before } = await openFixture(target);
    try {
      const phases = designPhases([backfill], { dialect, schema: before, zeroDowntime: true, batchSize: 4, pauseMs: 0 });
      const runs: number[] = [];
      await executePhases(t.db, dialect, phases, 'up', { onBatch: (_s, rows) => runs.push(rows) });
      // 5 rows without a nick, 15 with score > 100 (ids 11-25), 3 of them both: 17 rows.
      expect(await count(t.db, "SELECT count(*) AS n FROM accounts WHERE nick = 'anon'")).toBe(17);
      if (dialect.name === 'mysql') expect(runs).toEqual([4, 4, 4, 4, 1, 0]);
    } finally {
      await t.dispose();
    }
  });
});
