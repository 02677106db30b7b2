import { mysqlDialect } from '../dialects/mysql/render';
import { postgresDialect } from '../dialects/postgres/render';
import type { Operation } from '../model/operations';
import { applyOperations } from '../model/apply';
import { emptySchema } from '../model/schema';
import { describeTargets } from '../testing/databases';
import { executePhases } from './execute';
import { FIXTURE, FIXTURE_ROWS, count, openFixture, phasesText, roundTrip } from './__fixtures__/harness';
import { designPhases } from './index';

const fixture = applyOperations(emptySchema(), FIXTURE);
const addUuid = (fn: string): Operation => ({
  kind: 'addColumn',
  table: 'accounts',
  column: { name: 'public_id', type: 'uuid', nullable: false, default: { sql: fn } },
});

describe('add-not-null-column: phases', () => {
  test('PostgreSQL: nullable column, default, batched backfill, NOT VALID check, validate, SET NOT NULL', () => {
    const phases = designPhases([addUuid('gen_random_uuid()')], {
      dialect: postgresDialect,
      schema: fixture,
      zeroDowntime: true,
      batchSize: 1000,
      pauseMs: 50,
    });
    expect(phasesText(phases)).toMatchInlineSnapshot(`
"## expand (transaction, lock 5000ms, retry 5x): add accounts.public_id as a nullable column with its default for new rows (catalog only, no rewrite)
up:
  SET LOCAL lock_timeout = '5s'
  ALTER TABLE accounts ADD COLUMN public_id uuid
  ALTER TABLE accounts ALTER COLUMN public_id SET DEFAULT gen_random_uuid()
down:
  SET LOCAL lock_timeout = '5s'
  ALTER TABLE accounts DROP COLUMN public_id

## backfill (no transaction, lock 5000ms, statement 0ms, retry 5x): fill accounts.public_id of the existing rows, 1000 rows a transaction
up:
! SET lock_timeout = '5s'
! SET statement_timeout = 0
! DO $mig$
    DECLARE
      _mig_lower accounts.id%TYPE;
      _mig_upper accounts.id%TYPE;
      _mig_last accounts.id%TYPE;
      _mig_size integer := 1000;
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
        UPDATE accounts SET public_id = gen_random_uuid()
          WHERE id >= _mig_lower AND id <= _mig_upper AND (public_id IS NULL);
        GET DIAGNOSTICS _mig_rows = ROW_COUNT;
        _mig_total := _mig_total + _mig_rows;
        COMMIT;
        _mig_ms := 1000 * extract(epoch FROM clock_timestamp() - _mig_started);
        _mig_size := least(1000, _mig_size * 2,
          greatest(100, (_mig_size * 30 / greatest(_mig_ms, 1))::integer));
        RAISE NOTICE 'mig backfill %: % rows updated (key up to %)', 'accounts.public_id', _mig_total, _mig_upper;
        PERFORM pg_sleep(0.05);
        SELECT min(id) INTO _mig_lower FROM accounts WHERE id > _mig_upper;
      END LOOP;
    END
    $mig$
~ RESET lock_timeout
~ RESET statement_timeout
down:

## constrain (transaction, lock 5000ms, retry 5x): CHECK (public_id IS NOT NULL) NOT VALID on accounts: a brief lock, no scan; new writes are checked from now on
up:
  SET LOCAL lock_timeout = '5s'
  ALTER TABLE accounts ADD CONSTRAINT chk_accounts_public_id_not_null CHECK (public_id IS NOT NULL) NOT VALID
down:
  SET LOCAL lock_timeout = '5s'
  ALTER TABLE accounts DROP CONSTRAINT IF EXISTS chk_accounts_public_id_not_null

## validate (no transaction, lock 5000ms, statement 0ms, retry 5x): validate chk_accounts_public_id_not_null: scans accounts under SHARE UPDATE EXCLUSIVE, reads and writes go on
up:
! SET lock_timeout = '5s'
! SET statement_timeout = 0
! ALTER TABLE accounts VALIDATE CONSTRAINT chk_accounts_public_id_not_null
~ RESET lock_timeout
~ RESET statement_timeout
down:

## set-not-null (transaction, lock 5000ms, retry 5x): SET NOT NULL on accounts.public_id uses the validated check instead of a scan; the check is then dropped
up:
  SET LOCAL lock_timeout = '5s'
  ALTER TABLE accounts ALTER COLUMN public_id SET NOT NULL
  ALTER TABLE accounts DROP CONSTRAINT IF EXISTS chk_accounts_public_id_not_null
down:
  SET LOCAL lock_timeout = '5s'
  ALTER TABLE accounts ADD CONSTRAINT chk_accounts_public_id_not_null CHECK (public_id IS NOT NULL) NOT VALID
  ALTER TABLE accounts ALTER COLUMN public_id DROP NOT NULL"
`);
  });

  test('MySQL: INSTANT add and default, batched UPDATE ... LIMIT, NOT NULL in place', () => {
    const phases = designPhases([addUuid('uuid()')], { dialect: mysqlDialect, schema: fixture, zeroDowntime: true, version: '10.11.19-MariaDB' });
    expect(phasesText(phases)).toMatchInlineSnapshot(`
"## expand (no transaction, lock 5000ms): add accounts.public_id as a nullable column (INSTANT), with its default for new rows (INSTANT)
up:
! SET SESSION lock_wait_timeout = 5
! SET SESSION innodb_lock_wait_timeout = 5
! ALTER TABLE accounts ADD COLUMN public_id char(36) NULL, ALGORITHM=INSTANT
! ALTER TABLE accounts ALTER COLUMN public_id SET DEFAULT (uuid()), ALGORITHM=INSTANT
~ SET SESSION lock_wait_timeout = DEFAULT
~ SET SESSION innodb_lock_wait_timeout = DEFAULT
down:
! SET SESSION lock_wait_timeout = 5
! SET SESSION innodb_lock_wait_timeout = 5
! ALTER TABLE accounts DROP COLUMN public_id, ALGORITHM=INSTANT
~ SET SESSION lock_wait_timeout = DEFAULT
~ SET SESSION innodb_lock_wait_timeout = DEFAULT

## backfill (no transaction, lock 5000ms, retry 5x): fill accounts.public_id of the existing rows, 10000 rows a transaction
up:
! SET SESSION lock_wait_timeout = 5
! SET SESSION innodb_lock_wait_timeout = 5
* UPDATE accounts SET public_id = uuid() WHERE public_id IS NULL ORDER BY id LIMIT 10000
~ SET SESSION lock_wait_timeout = DEFAULT
~ SET SESSION innodb_lock_wait_timeout = DEFAULT
down:

## set-not-null (no transaction, lock 5000ms, retry 5x): make accounts.public_id NOT NULL: an in-place rebuild that lets writes go on (LOCK=NONE)
up:
! SET SESSION lock_wait_timeout = 5
! SET SESSION innodb_lock_wait_timeout = 5
! ALTER TABLE accounts MODIFY COLUMN public_id char(36) NOT NULL DEFAULT (uuid()), ALGORITHM=INPLACE, LOCK=NONE
~ SET SESSION lock_wait_timeout = DEFAULT
~ SET SESSION innodb_lock_wait_timeout = DEFAULT
down:
! SET SESSION lock_wait_timeout = 5
! SET SESSION innodb_lock_wait_timeout = 5
! ALTER TABLE accounts MODIFY COLUMN public_id char(36) NULL DEFAULT (uuid()), ALGORITHM=INPLACE, LOCK=NONE
~ SET SESSION lock_wait_timeout = DEFAULT
~ SET SESSION innodb_lock_wait_timeout = DEFAULT"
`);
  });

  test('MySQL, large table: the expand phase carries the tool commands for the one-statement ALTER', () => {
    const large = { tables: fixture.tables.map((t) => ({ ...t, stats: { rows: 3_000_000, bytes: null, basis: 'information_schema.TABLES' } })) };
    const [expand] = designPhases([addUuid('uuid()')], { dialect: mysqlDialect, schema: large, zeroDowntime: true });
    expect(expand!.guide).toContain("--alter='ADD COLUMN public_id char(36) NOT NULL DEFAULT (uuid())'");
  });

  test('a constant or per-statement default needs no phases: the database adds it without a rewrite', () => {
    const op: Operation = {
      kind: 'addColumn',
      table: 'accounts',
      column: { name: 'seen_at', type: 'timestamptz', nullable: false, default: { sql: 'CURRENT_TIMESTAMP' } },
    };
    const phases = designPhases([op], { dialect: postgresDialect, schema: fixture, zeroDowntime: true });
    expect(phases.map((p) => p.name)).toEqual(['migrate']);
  });

  test('a table created in the same plan is empty: plain statements', () => {
    const create: Operation = { kind: 'createTable', table: 'events', columns: [{ name: 'id', type: 'bigint', nullable: false, primaryKey: true }] };
    const add: Operation = { ...addUuid('gen_random_uuid()'), table: 'events' } as Operation;
    const phases = designPhases([create, add], { dialect: postgresDialect, schema: fixture, zeroDowntime: true });
    expect(phases.map((p) => p.name)).toEqual(['migrate']);
  });
});

const DEFAULTS = { postgres: 'gen_random_uuid()', pglite: 'gen_random_uuid()', mysql: 'uuid()', sqlite: '' } as const;

describeTargets(['postgres', 'pglite'])('add-not-null-column on %s, table without a primary key', (target) => {
  test('the backfill repeats a ctid-batched UPDATE until no row is pending', async () => {
    const { t, dialect } = await openFixture(target);
    try {
      await t.db.exec('CREATE TABLE visits (page text NOT NULL)');
      await t.db.exec("INSERT INTO visits SELECT 'p' || g FROM generate_series(1, 25) g");
      const op: Operation = { ...addUuid('gen_random_uuid()'), table: 'visits' } as Operation;
      const { phases } = await roundTrip(t.db, dialect, [op], {
        between: async () => {
          expect(await count(t.db, 'SELECT count(DISTINCT public_id) AS n FROM visits')).toBe(25);
        },
      });
      expect(phases.find((p) => p.name === 'backfill')!.up.filter((s) => s.batch).map((s) => s.sql)).toEqual([
        'UPDATE visits SET public_id = gen_random_uuid() WHERE ctid = ANY (ARRAY(SELECT ctid FROM visits WHERE public_id IS NULL LIMIT 10))',
      ]);
    } finally {
      await t.dispose();
    }
  });
});

describeTargets(['postgres', 'pglite', 'mysql'])('add-not-null-column on %s', (target) => {
  test('the phased route reaches the model schema, fills every row in batches, and the downs restore', async () => {
    const { t, dialect } = await openFixture(target);
    try {
      await roundTrip(t.db, dialect, [addUuid(DEFAULTS[target])], {
        batchSize: 10,
        between: async () => {
          expect(await count(t.db, 'SELECT count(DISTINCT public_id) AS n FROM accounts')).toBe(FIXTURE_ROWS);
        },
      });
    } finally {
      await t.dispose();
    }
  });

  test('each batch commits on its own', async () => {
    const { t, dialect, before } = await openFixture(target);
    try {
      const phases = designPhases([addUuid(DEFAULTS[target])], { dialect, schema: before, zeroDowntime: true, batchSize: 10, pauseMs: 0 });
      const runs: number[] = [];
      await executePhases(t.db, dialect, phases, 'up', { onBatch: (_s, rows) => runs.push(rows) });
      if (dialect.name === 'mysql') {
        expect(runs).toEqual([10, 10, 5, 0]);
      } else {
        // The DO loop commits per key range: the 25 rows carry the ids of three transactions.
        expect(await count(t.db, 'SELECT count(DISTINCT xmin::text) AS n FROM accounts')).toBe(3);
      }
      expect(await count(t.db, 'SELECT count(*) AS n FROM accounts WHERE public_id IS NULL')).toBe(0);
    } finally {
      await t.dispose();
    }
  });
});
