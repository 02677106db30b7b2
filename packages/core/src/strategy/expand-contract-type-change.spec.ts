import { postgresDialect } from '../dialects/postgres/render';
import { applyOperations } from '../model/apply';
import type { Operation } from '../model/operations';
import { emptySchema } from '../model/schema';
import { describeTargets } from '../testing/databases';
import { executePhases } from './execute';
import { FIXTURE, beforeDeploy, count, openFixture, phasesText, roundTrip } from './__fixtures__/harness';
import { rewritesTable } from './expand-contract-type-change';
import { designPhases } from './index';

const fixture = applyOperations(emptySchema(), FIXTURE);
const toBigint: Operation = { kind: 'alterColumnType', table: 'accounts', column: 'score', type: 'bigint' };
const toShortText: Operation = { kind: 'alterColumnType', table: 'accounts', column: 'note', type: 'string(20)' };

describe('expand-contract-type-change: phases', () => {
  test.each([
    ['string(50)', 'string(100)', false],
    ['string(50)', 'text', false],
    ['string(100)', 'string(50)', true],
    ['decimal(10,2)', 'decimal(12,2)', false],
    ['decimal(10,2)', 'decimal(12,3)', true],
    ['decimal(10,2)', 'decimal', false],
    ['integer', 'bigint', true],
    ['text', 'string(20)', true],
    ['integer', 'integer', false],
  ])('%s → %s rewrites the table: %s', (from, to, rewrites) => {
    expect(rewritesTable(from, to)).toBe(rewrites);
  });

  test('integer → bigint: a bigint column beside it, synced, backfilled, indexed; swapped in the contract', () => {
    const phases = designPhases([toBigint], { dialect: postgresDialect, schema: fixture, zeroDowntime: true, batchSize: 500 });
    expect(phasesText(phases)).toMatchInlineSnapshot(`
"## expand (transaction, lock 5000ms, retry 5x): change accounts.score from integer to bigint: add accounts.score_mig_new beside score, with a trigger keeping both in step both ways
up:
  SET LOCAL lock_timeout = '5s'
  ALTER TABLE accounts ADD COLUMN score_mig_new bigint
  CREATE OR REPLACE FUNCTION mig_sync_accounts_score() RETURNS trigger LANGUAGE plpgsql AS $mig$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        IF NEW.score_mig_new IS NULL THEN
          NEW.score_mig_new := NEW.score::bigint;
        ELSE
          NEW.score := NEW.score_mig_new::integer;
        END IF;
      ELSIF NEW.score_mig_new IS DISTINCT FROM OLD.score_mig_new AND NEW.score_mig_new IS DISTINCT FROM NEW.score::bigint THEN
        NEW.score := NEW.score_mig_new::integer;
      ELSIF NEW.score IS DISTINCT FROM OLD.score THEN
        NEW.score_mig_new := NEW.score::bigint;
      END IF;
      RETURN NEW;
    END
    $mig$
  DROP TRIGGER IF EXISTS mig_sync_accounts_score ON accounts
  CREATE TRIGGER mig_sync_accounts_score BEFORE INSERT OR UPDATE ON accounts FOR EACH ROW EXECUTE FUNCTION mig_sync_accounts_score()
down:
  SET LOCAL lock_timeout = '5s'
  DROP TRIGGER IF EXISTS mig_sync_accounts_score ON accounts
  DROP FUNCTION IF EXISTS mig_sync_accounts_score()
  ALTER TABLE accounts DROP COLUMN IF EXISTS score_mig_new

## backfill (no transaction, lock 5000ms, statement 0ms, retry 5x): copy accounts.score into score_mig_new for the existing rows, 500 rows a transaction
up:
! SET lock_timeout = '5s'
! SET statement_timeout = 0
! DO $mig$
    DECLARE
      _mig_lower accounts.id%TYPE;
      _mig_upper accounts.id%TYPE;
      _mig_last accounts.id%TYPE;
      _mig_size integer := 500;
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
        UPDATE accounts SET score_mig_new = score::bigint
          WHERE id >= _mig_lower AND id <= _mig_upper AND (score_mig_new IS DISTINCT FROM score::bigint);
        GET DIAGNOSTICS _mig_rows = ROW_COUNT;
        _mig_total := _mig_total + _mig_rows;
        COMMIT;
        _mig_ms := 1000 * extract(epoch FROM clock_timestamp() - _mig_started);
        _mig_size := least(500, _mig_size * 2,
          greatest(100, (_mig_size * 30 / greatest(_mig_ms, 1))::integer));
        RAISE NOTICE 'mig backfill %: % rows updated (key up to %)', 'accounts.score_mig_new', _mig_total, _mig_upper;
        PERFORM pg_sleep(0.1);
        SELECT min(id) INTO _mig_lower FROM accounts WHERE id > _mig_upper;
      END LOOP;
    END
    $mig$
~ RESET lock_timeout
~ RESET statement_timeout
down:

## constrain (transaction, lock 5000ms, retry 5x): NOT NULL check and foreign keys of score_mig_new, NOT VALID: brief locks, no scan
up:
  SET LOCAL lock_timeout = '5s'
  ALTER TABLE accounts ADD CONSTRAINT chk_accounts_score_mig_new_not_null CHECK (score_mig_new IS NOT NULL) NOT VALID
down:
  SET LOCAL lock_timeout = '5s'
  ALTER TABLE accounts DROP CONSTRAINT IF EXISTS chk_accounts_score_mig_new_not_null

## validate (no transaction, lock 5000ms, statement 0ms, retry 5x): validate them: scans under SHARE UPDATE EXCLUSIVE, reads and writes go on
up:
! SET lock_timeout = '5s'
! SET statement_timeout = 0
! ALTER TABLE accounts VALIDATE CONSTRAINT chk_accounts_score_mig_new_not_null
~ RESET lock_timeout
~ RESET statement_timeout
down:

## set-not-null (transaction, lock 5000ms, retry 5x): SET NOT NULL on accounts.score_mig_new uses the validated check instead of a scan
up:
  SET LOCAL lock_timeout = '5s'
  ALTER TABLE accounts ALTER COLUMN score_mig_new SET NOT NULL
  ALTER TABLE accounts DROP CONSTRAINT IF EXISTS chk_accounts_score_mig_new_not_null
down:
  SET LOCAL lock_timeout = '5s'
  ALTER TABLE accounts ADD CONSTRAINT chk_accounts_score_mig_new_not_null CHECK (score_mig_new IS NOT NULL) NOT VALID
  ALTER TABLE accounts ALTER COLUMN score_mig_new DROP NOT NULL

## index (no transaction, lock 5000ms, statement 0ms, retry 5x): build the indexes of score_mig_new CONCURRENTLY under temporary names
up:
! SET lock_timeout = '5s'
! SET statement_timeout = 0
! DROP INDEX CONCURRENTLY IF EXISTS idx_accounts_score_nick_mig
! CREATE INDEX CONCURRENTLY idx_accounts_score_nick_mig ON accounts (score_mig_new, nick)
~ RESET lock_timeout
~ RESET statement_timeout
down:
! SET lock_timeout = '5s'
! SET statement_timeout = 0
! DROP INDEX CONCURRENTLY IF EXISTS idx_accounts_score_nick_mig
~ RESET lock_timeout
~ RESET statement_timeout

## contract (transaction, lock 5000ms, retry 5x, AFTER DEPLOY): change accounts.score from integer to bigint: drop the sync trigger and the old column score, the new column takes the final names. Run this only after the application using the new shape is deployed
up:
  SET LOCAL lock_timeout = '5s'
  DROP TRIGGER IF EXISTS mig_sync_accounts_score ON accounts
  DROP FUNCTION IF EXISTS mig_sync_accounts_score()
  ALTER TABLE accounts DROP COLUMN score
  ALTER TABLE accounts RENAME COLUMN score_mig_new TO score
  ALTER INDEX idx_accounts_score_nick_mig RENAME TO idx_accounts_score_nick
  ALTER TABLE accounts ALTER COLUMN score SET DEFAULT 0
down:
! SET lock_timeout = '5s'
! SET statement_timeout = 0
  SET LOCAL lock_timeout = '5s'
  ALTER TABLE accounts ALTER COLUMN score DROP DEFAULT
  ALTER TABLE accounts RENAME COLUMN score TO score_mig_new
  ALTER INDEX idx_accounts_score_nick RENAME TO idx_accounts_score_nick_mig
  ALTER TABLE accounts ADD COLUMN score integer
  ALTER TABLE accounts ALTER COLUMN score SET DEFAULT 0
  CREATE OR REPLACE FUNCTION mig_sync_accounts_score() RETURNS trigger LANGUAGE plpgsql AS $mig$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        IF NEW.score_mig_new IS NULL THEN
          NEW.score_mig_new := NEW.score::bigint;
        ELSE
          NEW.score := NEW.score_mig_new::integer;
        END IF;
      ELSIF NEW.score_mig_new IS DISTINCT FROM OLD.score_mig_new AND NEW.score_mig_new IS DISTINCT FROM NEW.score::bigint THEN
        NEW.score := NEW.score_mig_new::integer;
      ELSIF NEW.score IS DISTINCT FROM OLD.score THEN
        NEW.score_mig_new := NEW.score::bigint;
      END IF;
      RETURN NEW;
    END
    $mig$
  DROP TRIGGER IF EXISTS mig_sync_accounts_score ON accounts
  CREATE TRIGGER mig_sync_accounts_score BEFORE INSERT OR UPDATE ON accounts FOR EACH ROW EXECUTE FUNCTION mig_sync_accounts_score()
! DO $mig$
    DECLARE
      _mig_lower accounts.id%TYPE;
      _mig_upper accounts.id%TYPE;
      _mig_last accounts.id%TYPE;
      _mig_size integer := 500;
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
        UPDATE accounts SET score = score_mig_new::integer
          WHERE id >= _mig_lower AND id <= _mig_upper AND (score IS DISTINCT FROM score_mig_new::integer);
        GET DIAGNOSTICS _mig_rows = ROW_COUNT;
        _mig_total := _mig_total + _mig_rows;
        COMMIT;
        _mig_ms := 1000 * extract(epoch FROM clock_timestamp() - _mig_started);
        _mig_size := least(500, _mig_size * 2,
          greatest(100, (_mig_size * 30 / greatest(_mig_ms, 1))::integer));
        RAISE NOTICE 'mig backfill %: % rows updated (key up to %)', 'accounts.score', _mig_total, _mig_upper;
        PERFORM pg_sleep(0.1);
        SELECT min(id) INTO _mig_lower FROM accounts WHERE id > _mig_upper;
      END LOOP;
    END
    $mig$
  SET LOCAL lock_timeout = '5s'
  ALTER TABLE accounts ADD CONSTRAINT chk_accounts_score_not_null CHECK (score IS NOT NULL) NOT VALID
! ALTER TABLE accounts VALIDATE CONSTRAINT chk_accounts_score_not_null
  SET LOCAL lock_timeout = '5s'
  ALTER TABLE accounts ALTER COLUMN score SET NOT NULL
  ALTER TABLE accounts DROP CONSTRAINT IF EXISTS chk_accounts_score_not_null
! DROP INDEX CONCURRENTLY IF EXISTS idx_accounts_score_nick
! CREATE INDEX CONCURRENTLY idx_accounts_score_nick ON accounts (score, nick)
~ RESET lock_timeout
~ RESET statement_timeout"
`);
  });

  test('a change without a rewrite stays one plain ALTER', () => {
    const op: Operation = { kind: 'alterColumnType', table: 'accounts', column: 'nick', type: 'string(80)' };
    const phases = designPhases([op], { dialect: postgresDialect, schema: fixture, zeroDowntime: true });
    expect(phases.map((p) => [p.name, p.up.filter((s) => !/^SET /.test(s.sql)).map((s) => s.sql)])).toEqual([
      ['migrate', ['ALTER TABLE accounts ALTER COLUMN nick TYPE varchar(80)']],
    ]);
  });
});

describeTargets(['postgres', 'pglite'])('expand-contract-type-change on %s', (target) => {
  test('integer → bigint: writes through either column stay in step; the round trip holds', async () => {
    const { t, dialect } = await openFixture(target);
    try {
      await roundTrip(t.db, dialect, [toBigint]);
      const phases = designPhases([toBigint], { dialect, schema: await dialect.introspect(t.db), zeroDowntime: true, batchSize: 10, pauseMs: 0 });
      await executePhases(t.db, dialect, beforeDeploy(phases), 'up');
      expect(await count(t.db, 'SELECT count(*) AS n FROM accounts WHERE score_mig_new IS DISTINCT FROM score')).toBe(0);
      await t.db.exec("INSERT INTO accounts (email, score) VALUES ('old@example.com', 7)");
      await t.db.exec('UPDATE accounts SET score = 11 WHERE id = 1');
      expect(await count(t.db, 'SELECT count(*) AS n FROM accounts WHERE score_mig_new IS DISTINCT FROM score')).toBe(0);
      await executePhases(t.db, dialect, phases.filter((p) => p.afterDeploy), 'up');
      const [type] = await t.db.query<{ t: string }>(
        "SELECT data_type AS t FROM information_schema.columns WHERE table_name = 'accounts' AND column_name = 'score' AND table_schema = current_schema()",
      );
      expect(type).toEqual({ t: 'bigint' });
      expect(await count(t.db, 'SELECT score AS n FROM accounts WHERE id = 1')).toBe(11);
    } finally {
      await t.dispose();
    }
  });

  test('text → varchar(20): the round trip holds', async () => {
    const { t, dialect } = await openFixture(target);
    try {
      await roundTrip(t.db, dialect, [toShortText]);
    } finally {
      await t.dispose();
    }
  });
});
