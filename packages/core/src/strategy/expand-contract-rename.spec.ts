import { mysqlDialect } from '../dialects/mysql/render';
import { postgresDialect } from '../dialects/postgres/render';
import { applyOperations } from '../model/apply';
import type { Operation } from '../model/operations';
import { emptySchema } from '../model/schema';
import { describeTargets } from '../testing/databases';
import { executePhases } from './execute';
import { FIXTURE, beforeDeploy, count, openFixture, phasesText, roundTrip } from './__fixtures__/harness';
import { designPhases } from './index';

const fixture = applyOperations(emptySchema(), FIXTURE);
const renameScore: Operation = { kind: 'renameColumn', table: 'accounts', from: 'score', to: 'points' };
const renameTeam: Operation = { kind: 'renameColumn', table: 'accounts', from: 'team_id', to: 'group_id' };
const renameEmail: Operation = { kind: 'renameColumn', table: 'accounts', from: 'email', to: 'email_address' };
const renameTable: Operation = { kind: 'renameTable', from: 'accounts', to: 'members' };

describe('expand-contract-rename: phases', () => {
  test('column: expand with a sync trigger, backfill, NOT NULL and indexes rebuilt online, contract after the deploy', () => {
    const phases = designPhases([renameScore], { dialect: postgresDialect, schema: fixture, zeroDowntime: true, batchSize: 500 });
    expect(phasesText(phases)).toMatchInlineSnapshot(`
"## expand (transaction, lock 5000ms, retry 5x): rename accounts.score to points: add accounts.points beside score, with a trigger keeping both in step both ways
up:
  SET LOCAL lock_timeout = '5s'
  ALTER TABLE accounts ADD COLUMN points integer
  CREATE OR REPLACE FUNCTION mig_sync_accounts_score() RETURNS trigger LANGUAGE plpgsql AS $mig$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        IF NEW.points IS NULL THEN
          NEW.points := NEW.score;
        ELSE
          NEW.score := NEW.points;
        END IF;
      ELSIF NEW.points IS DISTINCT FROM OLD.points AND NEW.points IS DISTINCT FROM NEW.score THEN
        NEW.score := NEW.points;
      ELSIF NEW.score IS DISTINCT FROM OLD.score THEN
        NEW.points := NEW.score;
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
  ALTER TABLE accounts DROP COLUMN IF EXISTS points

## backfill (no transaction, lock 5000ms, statement 0ms, retry 5x): copy accounts.score into points for the existing rows, 500 rows a transaction
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
        UPDATE accounts SET points = score
          WHERE id >= _mig_lower AND id <= _mig_upper AND (points IS DISTINCT FROM score);
        GET DIAGNOSTICS _mig_rows = ROW_COUNT;
        _mig_total := _mig_total + _mig_rows;
        COMMIT;
        _mig_ms := 1000 * extract(epoch FROM clock_timestamp() - _mig_started);
        _mig_size := least(500, _mig_size * 2,
          greatest(100, (_mig_size * 30 / greatest(_mig_ms, 1))::integer));
        RAISE NOTICE 'mig backfill %: % rows updated (key up to %)', 'accounts.points', _mig_total, _mig_upper;
        PERFORM pg_sleep(0.1);
        SELECT min(id) INTO _mig_lower FROM accounts WHERE id > _mig_upper;
      END LOOP;
    END
    $mig$
~ RESET lock_timeout
~ RESET statement_timeout
down:

## constrain (transaction, lock 5000ms, retry 5x): NOT NULL check and foreign keys of points, NOT VALID: brief locks, no scan
up:
  SET LOCAL lock_timeout = '5s'
  ALTER TABLE accounts ADD CONSTRAINT chk_accounts_points_not_null CHECK (points IS NOT NULL) NOT VALID
down:
  SET LOCAL lock_timeout = '5s'
  ALTER TABLE accounts DROP CONSTRAINT IF EXISTS chk_accounts_points_not_null

## validate (no transaction, lock 5000ms, statement 0ms, retry 5x): validate them: scans under SHARE UPDATE EXCLUSIVE, reads and writes go on
up:
! SET lock_timeout = '5s'
! SET statement_timeout = 0
! ALTER TABLE accounts VALIDATE CONSTRAINT chk_accounts_points_not_null
~ RESET lock_timeout
~ RESET statement_timeout
down:

## set-not-null (transaction, lock 5000ms, retry 5x): SET NOT NULL on accounts.points uses the validated check instead of a scan
up:
  SET LOCAL lock_timeout = '5s'
  ALTER TABLE accounts ALTER COLUMN points SET NOT NULL
  ALTER TABLE accounts DROP CONSTRAINT IF EXISTS chk_accounts_points_not_null
down:
  SET LOCAL lock_timeout = '5s'
  ALTER TABLE accounts ADD CONSTRAINT chk_accounts_points_not_null CHECK (points IS NOT NULL) NOT VALID
  ALTER TABLE accounts ALTER COLUMN points DROP NOT NULL

## index (no transaction, lock 5000ms, statement 0ms, retry 5x): build the indexes of points CONCURRENTLY under temporary names
up:
! SET lock_timeout = '5s'
! SET statement_timeout = 0
! DROP INDEX CONCURRENTLY IF EXISTS idx_accounts_score_nick_mig
! CREATE INDEX CONCURRENTLY idx_accounts_score_nick_mig ON accounts (points, nick)
~ RESET lock_timeout
~ RESET statement_timeout
down:
! SET lock_timeout = '5s'
! SET statement_timeout = 0
! DROP INDEX CONCURRENTLY IF EXISTS idx_accounts_score_nick_mig
~ RESET lock_timeout
~ RESET statement_timeout

## contract (transaction, lock 5000ms, retry 5x, AFTER DEPLOY): rename accounts.score to points: drop the sync trigger and the old column score, the new column takes the final names. Run this only after the application using the new shape is deployed
up:
  SET LOCAL lock_timeout = '5s'
  DROP TRIGGER IF EXISTS mig_sync_accounts_score ON accounts
  DROP FUNCTION IF EXISTS mig_sync_accounts_score()
  ALTER TABLE accounts DROP COLUMN score
  ALTER INDEX idx_accounts_score_nick_mig RENAME TO idx_accounts_score_nick
  ALTER TABLE accounts ALTER COLUMN points SET DEFAULT 0
down:
! SET lock_timeout = '5s'
! SET statement_timeout = 0
  SET LOCAL lock_timeout = '5s'
  ALTER TABLE accounts ALTER COLUMN points DROP DEFAULT
  ALTER INDEX idx_accounts_score_nick RENAME TO idx_accounts_score_nick_mig
  ALTER TABLE accounts ADD COLUMN score integer
  ALTER TABLE accounts ALTER COLUMN score SET DEFAULT 0
  CREATE OR REPLACE FUNCTION mig_sync_accounts_score() RETURNS trigger LANGUAGE plpgsql AS $mig$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        IF NEW.points IS NULL THEN
          NEW.points := NEW.score;
        ELSE
          NEW.score := NEW.points;
        END IF;
      ELSIF NEW.points IS DISTINCT FROM OLD.points AND NEW.points IS DISTINCT FROM NEW.score THEN
        NEW.score := NEW.points;
      ELSIF NEW.score IS DISTINCT FROM OLD.score THEN
        NEW.points := NEW.score;
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
        UPDATE accounts SET score = points
          WHERE id >= _mig_lower AND id <= _mig_upper AND (score IS DISTINCT FROM points);
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

  test('column with a foreign key: the key is rebuilt NOT VALID under a temporary name, renamed in the contract', () => {
    const phases = designPhases([renameTeam], { dialect: postgresDialect, schema: fixture, zeroDowntime: true });
    const sql = (name: string) => phases.find((p) => p.name === name)!.up.map((s) => s.sql).filter((s) => !/^(RE)?SET /.test(s));
    expect(sql('constrain')).toEqual([
      'ALTER TABLE accounts ADD CONSTRAINT fk_accounts_team_id_teams_mig FOREIGN KEY (group_id) REFERENCES teams (id) NOT VALID',
    ]);
    expect(sql('contract')).toContain('ALTER TABLE accounts RENAME CONSTRAINT fk_accounts_team_id_teams_mig TO fk_accounts_team_id_teams');
  });

  test('PostgreSQL table: renamed, with an updatable view under the old name until the deploy', () => {
    const phases = designPhases([renameTable], { dialect: postgresDialect, schema: fixture, zeroDowntime: true });
    expect(phasesText(phases)).toMatchInlineSnapshot(`
"## expand (transaction, lock 5000ms, retry 5x): rename accounts to members, with an updatable view named accounts for the deployed application
up:
  SET LOCAL lock_timeout = '5s'
  ALTER TABLE accounts RENAME TO members
  CREATE VIEW accounts AS SELECT * FROM members
down:
  SET LOCAL lock_timeout = '5s'
  DROP VIEW IF EXISTS accounts
  ALTER TABLE members RENAME TO accounts

## contract (transaction, lock 5000ms, retry 5x, AFTER DEPLOY): drop the view accounts. Run this only after the application using members is deployed
up:
  SET LOCAL lock_timeout = '5s'
  DROP VIEW IF EXISTS accounts
down:
  SET LOCAL lock_timeout = '5s'
  CREATE VIEW accounts AS SELECT * FROM members"
`);
  });

  test('MySQL table: a view under the new name, swapped for the table in one RENAME TABLE after the deploy', () => {
    const phases = designPhases([renameTable], { dialect: mysqlDialect, schema: fixture, zeroDowntime: true });
    expect(phasesText(phases)).toMatchInlineSnapshot(`
"## expand (no transaction, lock 5000ms, retry 5x): an updatable view members over accounts, for the application deployed next
up:
! SET SESSION lock_wait_timeout = 5
! SET SESSION innodb_lock_wait_timeout = 5
! CREATE VIEW members AS SELECT * FROM accounts
~ SET SESSION lock_wait_timeout = DEFAULT
~ SET SESSION innodb_lock_wait_timeout = DEFAULT
down:
! SET SESSION lock_wait_timeout = 5
! SET SESSION innodb_lock_wait_timeout = 5
! DROP VIEW IF EXISTS members
~ SET SESSION lock_wait_timeout = DEFAULT
~ SET SESSION innodb_lock_wait_timeout = DEFAULT

## contract (no transaction, lock 5000ms, AFTER DEPLOY): swap the view members for the table accounts, renamed to members, in one atomic RENAME TABLE. Run this only after the application using members is deployed
up:
! SET SESSION lock_wait_timeout = 5
! SET SESSION innodb_lock_wait_timeout = 5
! RENAME TABLE members TO members_mig_view, accounts TO members
! DROP VIEW members_mig_view
~ SET SESSION lock_wait_timeout = DEFAULT
~ SET SESSION innodb_lock_wait_timeout = DEFAULT
down:
! SET SESSION lock_wait_timeout = 5
! SET SESSION innodb_lock_wait_timeout = 5
! RENAME TABLE members TO accounts
! CREATE VIEW members AS SELECT * FROM accounts
~ SET SESSION lock_wait_timeout = DEFAULT
~ SET SESSION innodb_lock_wait_timeout = DEFAULT"
`);
  });

  test('a primary-key column is renamed in place (instant; the analysis flags the deployed code it breaks)', () => {
    const op: Operation = { kind: 'renameColumn', table: 'teams', from: 'id', to: 'team_id' };
    const phases = designPhases([op], { dialect: postgresDialect, schema: fixture, zeroDowntime: true });
    expect(phases.map((p) => p.name)).toEqual(['migrate']);
  });
});

describeTargets(['postgres', 'pglite'])('expand-contract-rename of a column on %s', (target) => {
  test('old and new code both work between expand and contract; the round trip holds', async () => {
    const { t, dialect } = await openFixture(target);
    try {
      await roundTrip(t.db, dialect, [renameScore], {
        between: async () => {
          expect(await count(t.db, 'SELECT sum(points) AS n FROM accounts')).toBe(3250);
        },
      });
      const phases = designPhases([renameScore], { dialect, schema: await dialect.introspect(t.db), zeroDowntime: true, batchSize: 10, pauseMs: 0 });
      await executePhases(t.db, dialect, beforeDeploy(phases), 'up');
      expect(await count(t.db, 'SELECT count(*) AS n FROM accounts WHERE points IS DISTINCT FROM score')).toBe(0);
      // Deployed code writes the old name; the new column follows.
      await t.db.exec("INSERT INTO accounts (email, score) VALUES ('old@example.com', 7)");
      expect(await count(t.db, "SELECT points AS n FROM accounts WHERE email = 'old@example.com'")).toBe(7);
      await t.db.exec("UPDATE accounts SET score = 8 WHERE email = 'old@example.com'");
      expect(await count(t.db, "SELECT points AS n FROM accounts WHERE email = 'old@example.com'")).toBe(8);
      // New code writes the new name; the old column follows, over its default.
      await t.db.exec("INSERT INTO accounts (email, points) VALUES ('new@example.com', 9)");
      expect(await count(t.db, "SELECT score AS n FROM accounts WHERE email = 'new@example.com'")).toBe(9);
      await t.db.exec("UPDATE accounts SET points = 10 WHERE email = 'new@example.com'");
      expect(await count(t.db, "SELECT score AS n FROM accounts WHERE email = 'new@example.com'")).toBe(10);
      // Old code omitting the column gets its default on both.
      await t.db.exec("INSERT INTO accounts (email) VALUES ('default@example.com')");
      expect(await count(t.db, "SELECT points AS n FROM accounts WHERE email = 'default@example.com'")).toBe(0);
    } finally {
      await t.dispose();
    }
  });

  test('columns with a foreign key, and with a unique index', async () => {
    const { t, dialect } = await openFixture(target);
    try {
      await roundTrip(t.db, dialect, [renameTeam]);
      await roundTrip(t.db, dialect, [renameEmail]);
    } finally {
      await t.dispose();
    }
  });
});

describeTargets(['postgres', 'pglite', 'mysql'])('expand-contract-rename of a table on %s', (target) => {
  test('both names read and write the same rows until the contract; the round trip holds', async () => {
    const { t, dialect } = await openFixture(target);
    try {
      await roundTrip(t.db, dialect, [renameTable]);
      const phases = designPhases([renameTable], { dialect, schema: await dialect.introspect(t.db), zeroDowntime: true });
      await executePhases(t.db, dialect, beforeDeploy(phases), 'up');
      await t.db.exec("INSERT INTO accounts (email) VALUES ('via-old@example.com')");
      await t.db.exec("INSERT INTO members (email) VALUES ('via-new@example.com')");
      expect(await count(t.db, "SELECT count(*) AS n FROM members WHERE email LIKE 'via-%' AND score = 0")).toBe(2);
      expect(await count(t.db, "SELECT count(*) AS n FROM accounts WHERE email LIKE 'via-%'")).toBe(2);
    } finally {
      await t.dispose();
    }
  });
});
