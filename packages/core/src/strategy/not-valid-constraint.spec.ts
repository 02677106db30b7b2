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
const check: Operation = { kind: 'addCheck', table: 'accounts', name: 'chk_accounts_score', expression: 'score >= 0' };
const foreignKey: Operation = {
  kind: 'addForeignKey',
  table: 'teams',
  columns: ['id'],
  refTable: 'accounts',
  refColumns: ['id'],
  onDelete: 'cascade',
  name: 'fk_teams_id_accounts',
};

describe('not-valid-constraint: phases', () => {
  test('foreign key: NOT VALID in a short transaction, VALIDATE in its own', () => {
    const phases = designPhases([foreignKey], { dialect: postgresDialect, schema: fixture, zeroDowntime: true, statementTimeoutMs: 2000 });
    expect(phasesText(phases)).toMatchInlineSnapshot(`
"## constrain (transaction, lock 5000ms, statement 2000ms, retry 5x): add foreign key fk_teams_id_accounts (teams → accounts) NOT VALID: a brief lock on teams and accounts, no scan; new writes are checked from now on
up:
  SET LOCAL lock_timeout = '5s'
  SET LOCAL statement_timeout = '2s'
  ALTER TABLE teams ADD CONSTRAINT fk_teams_id_accounts FOREIGN KEY (id) REFERENCES accounts (id) ON DELETE CASCADE NOT VALID
down:
  SET LOCAL lock_timeout = '5s'
  SET LOCAL statement_timeout = '2s'
  ALTER TABLE teams DROP CONSTRAINT IF EXISTS fk_teams_id_accounts

## validate (no transaction, lock 5000ms, statement 0ms, retry 5x): validate fk_teams_id_accounts: scans teams under SHARE UPDATE EXCLUSIVE, reads and writes go on
up:
! SET lock_timeout = '5s'
! SET statement_timeout = 0
! ALTER TABLE teams VALIDATE CONSTRAINT fk_teams_id_accounts
~ RESET lock_timeout
~ RESET statement_timeout
down:"
`);
  });

  test('check: the same two steps', () => {
    const phases = designPhases([check], { dialect: postgresDialect, schema: fixture, zeroDowntime: true });
    expect(phases.map((p) => [p.name, p.up.map((s) => s.sql).filter((s) => !/^(RE)?SET /.test(s))])).toEqual([
      ['constrain', ['ALTER TABLE accounts ADD CONSTRAINT chk_accounts_score CHECK (score >= 0) NOT VALID']],
      ['validate', ['ALTER TABLE accounts VALIDATE CONSTRAINT chk_accounts_score']],
    ]);
  });
});

describeTargets(['postgres', 'pglite'])('not-valid-constraint on %s', (target) => {
  test('check and foreign key round trip', async () => {
    const { t, dialect } = await openFixture(target);
    try {
      await roundTrip(t.db, dialect, [check]);
      await roundTrip(t.db, dialect, [foreignKey]);
    } finally {
      await t.dispose();
    }
  });

  test('a violating row fails only the validation; the NOT VALID constraint already guards new writes', async () => {
    const { t, dialect, before } = await openFixture(target);
    try {
      await t.db.exec('UPDATE accounts SET score = -1 WHERE id = 1');
      const [constrain, validate] = designPhases([check], { dialect, schema: before, zeroDowntime: true });
      await executePhases(t.db, dialect, [constrain!], 'up');
      await expect(t.db.exec('UPDATE accounts SET score = -5 WHERE id = 2')).rejects.toThrow(/chk_accounts_score/);
      await expect(executePhases(t.db, dialect, [validate!], 'up')).rejects.toThrow(MigError);
      await t.db.exec('UPDATE accounts SET score = 0 WHERE id = 1');
      await executePhases(t.db, dialect, [validate!], 'up');
    } finally {
      await t.dispose();
    }
  });
});
