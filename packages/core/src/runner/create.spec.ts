import { getDialect } from '../dialects/index';
import { applyOperations } from '../model/apply';
import { emptySchema } from '../model/schema';
import { parseDescription } from '../grammar';
import { plan } from '../plan/plan';
import { prepareAnalyzer } from '../safety/analyze';
import { migrationFiles } from './create';
import { readDirectives } from './migration-files';
import { splitScript } from './script';

const at = new Date(Date.UTC(2024, 0, 15, 14, 30, 0));

beforeAll(async () => {
  await prepareAnalyzer('postgres');
});

describe('mig create: the files of a plan', () => {
  const postgres = getDialect('postgres');
  const schema = applyOperations(emptySchema(), parseDescription('create table users with name string(100) not null, email'));

  test('one migration per phase; a down that cannot run in one transaction is marked', () => {
    const p = plan('rename column name to full_name in users', { dialect: postgres, schema });
    const files = migrationFiles(p, 'migrations', at);
    const names = files.map((f) => f.path.replace('migrations/', ''));
    expect(names[0]).toBe('20240115143000_rename_column_name_to_full_name_in_users_01_expand.up.sql');
    const contract = p.phases.findIndex((ph) => ph.name === 'contract');
    expect(p.phases[contract]).toMatchObject({ transactional: true, downTransactional: false, afterDeploy: true });
    const up = files[contract * 2]!;
    const down = files[contract * 2 + 1]!;
    expect(readDirectives(up.content, up.path)).toMatchObject({ transaction: true, afterDeploy: true });
    expect(readDirectives(down.content, down.path)).toMatchObject({ transaction: false, afterDeploy: false });

  });

  test('a batched backfill repeats with its pause', () => {
    const p = plan("backfill users set plan = 'free'", { dialect: getDialect('mysql') });
    const [up] = migrationFiles(p, 'migrations', at);
    const repeated = splitScript('mysql', up!.content, up!.path).filter((s) => s.repeat);
    expect(repeated.map((s) => s.sql)).toEqual([p.phases[0]!.up[p.phases[0]!.repeat![0]!]]);
    expect(repeated[0]!.pauseMs).toBe(100);
    expect(readDirectives(up!.content, up!.path).transaction).toBe(false);
  });

  test('-- mig:repeat takes an optional pause', () => {
    const [a, b] = splitScript('sqlite', '-- mig:repeat 250ms\nUPDATE t SET a = 1 WHERE a IS NULL LIMIT 10;\n\n-- mig:repeat\nUPDATE t SET b = 1;', 'x.sql');
    expect(a).toMatchObject({ repeat: true, pauseMs: 250, line: 2 });
    expect(b).toMatchObject({ repeat: true, line: 5 });
    expect(b!.pauseMs).toBeUndefined();
    expect(() => splitScript('sqlite', '-- mig:repeat soon\nUPDATE t SET b = 1;', 'x.sql')).toThrow(/x\.sql: -- mig:repeat "soon" is not a duration/);
  });
});
