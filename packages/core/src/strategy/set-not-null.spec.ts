import { postgresDialect } from '../dialects/postgres/render';
import { applyOperations } from '../model/apply';
import type { Operation } from '../model/operations';
import { emptySchema } from '../model/schema';
import { describeTargets } from '../testing/databases';
import { FIXTURE, openFixture, phasesText, roundTrip } from './__fixtures__/harness';
import { designPhases } from './index';

const fixture = applyOperations(emptySchema(), FIXTURE);
const notNull: Operation = { kind: 'setNotNull', table: 'accounts', column: 'note' };

describe('set-not-null: phases', () => {
  test('CHECK NOT VALID, VALIDATE, SET NOT NULL (no scan), DROP CHECK', () => {
    const phases = designPhases([notNull], { dialect: postgresDialect, schema: fixture, zeroDowntime: true });
    expect(phasesText(phases)).toMatchInlineSnapshot(`
"## constrain (transaction, lock 5000ms, retry 5x): CHECK (note IS NOT NULL) NOT VALID on accounts: a brief lock, no scan; new writes are checked from now on
up:
  SET LOCAL lock_timeout = '5s'
  ALTER TABLE accounts ADD CONSTRAINT chk_accounts_note_not_null CHECK (note IS NOT NULL) NOT VALID
down:
  SET LOCAL lock_timeout = '5s'
  ALTER TABLE accounts DROP CONSTRAINT IF EXISTS chk_accounts_note_not_null

## validate (no transaction, lock 5000ms, statement 0ms, retry 5x): validate chk_accounts_note_not_null: scans accounts under SHARE UPDATE EXCLUSIVE, reads and writes go on
up:
! SET lock_timeout = '5s'
! SET statement_timeout = 0
! ALTER TABLE accounts VALIDATE CONSTRAINT chk_accounts_note_not_null
~ RESET lock_timeout
~ RESET statement_timeout
down:

## set-not-null (transaction, lock 5000ms, retry 5x): SET NOT NULL on accounts.note uses the validated check instead of a scan; the check is then dropped
up:
  SET LOCAL lock_timeout = '5s'
  ALTER TABLE accounts ALTER COLUMN note SET NOT NULL
  ALTER TABLE accounts DROP CONSTRAINT IF EXISTS chk_accounts_note_not_null
down:
  SET LOCAL lock_timeout = '5s'
  ALTER TABLE accounts ADD CONSTRAINT chk_accounts_note_not_null CHECK (note IS NOT NULL) NOT VALID
  ALTER TABLE accounts ALTER COLUMN note DROP NOT NULL"
`);
  });

  test('before PostgreSQL 12, SET NOT NULL ignores the check: the plain statement', () => {
    const phases = designPhases([notNull], { dialect: postgresDialect, schema: fixture, zeroDowntime: true, version: 11 });
    expect(phases.map((p) => p.name)).toEqual(['migrate']);
  });
});

describeTargets(['postgres', 'pglite'])('set-not-null on %s', (target) => {
  test('round trip', async () => {
    const { t, dialect } = await openFixture(target);
    try {
      await roundTrip(t.db, dialect, [notNull]);
    } finally {
      await t.dispose();
    }
  });
});
