import { mysqlDialect } from '../dialects/mysql/render';
import { postgresDialect } from '../dialects/postgres/render';
import { applyOperations } from '../model/apply';
import type { Operation } from '../model/operations';
import { emptySchema } from '../model/schema';
import { describeTargets } from '../testing/databases';
import { FIXTURE, openFixture, phasesText, roundTrip } from './__fixtures__/harness';
import { designPhases } from './index';

const fixture = applyOperations(emptySchema(), FIXTURE);
const dropNote: Operation = { kind: 'dropColumn', table: 'accounts', column: 'note' };

describe('deferred-drop: phases', () => {
  test('a dropped column is a contract phase, after the deploy', () => {
    const pg = designPhases([dropNote], { dialect: postgresDialect, schema: fixture, zeroDowntime: true });
    const my = designPhases([dropNote], { dialect: mysqlDialect, schema: fixture, zeroDowntime: true });
    expect(`${phasesText(pg)}\n\n${phasesText(my)}`).toMatchInlineSnapshot(`
"## contract (transaction, lock 5000ms, retry 5x, AFTER DEPLOY): drop column accounts.note. Run this only after the application that no longer uses it is deployed
up:
  SET LOCAL lock_timeout = '5s'
  ALTER TABLE accounts DROP COLUMN note
down:
  SET LOCAL lock_timeout = '5s'
  ALTER TABLE accounts ADD COLUMN note text

## contract (no transaction, lock 5000ms, AFTER DEPLOY): drop column accounts.note. Run this only after the application that no longer uses it is deployed
up:
! SET SESSION lock_wait_timeout = 5
! SET SESSION innodb_lock_wait_timeout = 5
! ALTER TABLE accounts DROP COLUMN note, ALGORITHM=INSTANT
~ SET SESSION lock_wait_timeout = DEFAULT
~ SET SESSION innodb_lock_wait_timeout = DEFAULT
down:
! SET SESSION lock_wait_timeout = 5
! SET SESSION innodb_lock_wait_timeout = 5
! ALTER TABLE accounts ADD COLUMN note text NULL, ALGORITHM=INSTANT
~ SET SESSION lock_wait_timeout = DEFAULT
~ SET SESSION innodb_lock_wait_timeout = DEFAULT"
`);
  });
});

describeTargets(['postgres', 'pglite', 'mysql'])('deferred-drop on %s', (target) => {
  test('round trip (the down restores the column, not its values)', async () => {
    const { t, dialect } = await openFixture(target);
    try {
      const { phases } = await roundTrip(t.db, dialect, [dropNote]);
      expect(phases.map((p) => [p.name, p.afterDeploy])).toEqual([['contract', true]]);
    } finally {
      await t.dispose();
    }
  });
});
