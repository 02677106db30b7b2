import { openPg } from '../dialects/postgres/driver';
import { postgresDialect } from '../dialects/postgres/render';
import { describeTargets } from '../testing/databases';
import { executePhases } from './execute';
import { openFixture } from './__fixtures__/harness';
import { designPhases } from './index';

describeTargets(['postgres'])('executePhases on %s', (target) => {
  test('a phase that hits its lock timeout is run again once the lock is free', async () => {
    const { t, before } = await openFixture(target);
    const other = await openPg(t.url!);
    try {
      await other.exec('BEGIN');
      await other.exec('LOCK TABLE accounts IN ACCESS EXCLUSIVE MODE');
      const release = new Promise<void>((resolve) => setTimeout(() => void other.exec('COMMIT').then(resolve), 600));
      const phases = designPhases([{ kind: 'setDefault', table: 'accounts', column: 'score', default: 1 }], {
        dialect: postgresDialect,
        schema: before,
        zeroDowntime: true,
        lockTimeoutMs: 200,
      });
      const attempts: number[] = [];
      await executePhases(t.db, postgresDialect, phases, 'up', { onPhase: (_p, attempt) => attempts.push(attempt) });
      await release;
      expect(attempts).toEqual([1, 2]);
      expect(await t.db.query("SELECT column_default AS d FROM information_schema.columns WHERE table_name = 'accounts' AND column_name = 'score'")).toEqual([
        { d: '1' },
      ]);
    } finally {
      await other.close();
      await t.dispose();
    }
  });
});
