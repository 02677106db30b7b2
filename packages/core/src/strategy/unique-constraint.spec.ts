import { postgresDialect } from '../dialects/postgres/render';
import type { Operation } from '../model/operations';
import type { Schema } from '../model/schema';
import { describeTargets } from '../testing/databases';
import { openFixture, phasesText, roundTrip } from './__fixtures__/harness';
import { designPhases } from './index';

const dropConstraint: Operation = { kind: 'dropIndex', table: 'teams', name: 'uq_teams_title' };
const withConstraint: Schema = {
  tables: [
    {
      name: 'teams',
      columns: [
        { name: 'id', type: 'bigint', nullable: false, primaryKey: true },
        { name: 'title', type: 'string(100)', nullable: false },
      ],
      primaryKey: ['id'],
      indexes: [{ name: 'uq_teams_title', columns: ['title'], unique: true, constraint: true }],
      foreignKeys: [],
      checks: [],
    },
  ],
};

describe('unique-constraint: phases', () => {
  test('dropping a UNIQUE constraint; the down builds its index concurrently and adds the constraint USING INDEX', () => {
    const phases = designPhases([dropConstraint], { dialect: postgresDialect, schema: withConstraint, zeroDowntime: true });
    expect(phasesText(phases)).toMatchInlineSnapshot(`
"## migrate (transaction, lock 5000ms, retry 5x): drop the UNIQUE constraint uq_teams_title of teams; its down rebuilds the index concurrently
up:
  SET LOCAL lock_timeout = '5s'
  ALTER TABLE teams DROP CONSTRAINT uq_teams_title
down:
! SET lock_timeout = '5s'
! SET statement_timeout = 0
! DROP INDEX CONCURRENTLY IF EXISTS uq_teams_title
! CREATE UNIQUE INDEX CONCURRENTLY uq_teams_title ON teams (title)
  SET LOCAL lock_timeout = '5s'
  ALTER TABLE teams ADD CONSTRAINT uq_teams_title UNIQUE USING INDEX uq_teams_title
~ RESET lock_timeout
~ RESET statement_timeout"
`);
  });
});

describeTargets(['postgres', 'pglite'])('unique-constraint on %s', (target) => {
  test('the down restores the constraint itself, not just a unique index', async () => {
    const { t, dialect } = await openFixture(target);
    try {
      await t.db.exec('ALTER TABLE teams ADD CONSTRAINT uq_teams_title UNIQUE (title)');
      const before = await dialect.introspect(t.db);
      expect(before.tables.find((x) => x.name === 'teams')!.indexes).toEqual([
        { name: 'uq_teams_title', columns: ['title'], unique: true, constraint: true },
      ]);
      await roundTrip(t.db, dialect, [dropConstraint]);
    } finally {
      await t.dispose();
    }
  });
});
