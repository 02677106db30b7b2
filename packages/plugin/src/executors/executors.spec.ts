import type { ExecutorContext } from '@nx/devkit';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import checkExecutor from './check/executor';
import migrateExecutor from './migrate/executor';
import rollbackExecutor from './rollback/executor';
import statusExecutor from './status/executor';

describe('the executors', () => {
  let root: string;
  let out: string;
  let err: string;
  const spies: jest.SpyInstance[] = [];

  const context = (configurationName?: string): ExecutorContext =>
    ({
      root,
      cwd: root,
      isVerbose: false,
      projectName: 'api',
      ...(configurationName ? { configurationName } : {}),
      projectsConfigurations: { version: 2, projects: { api: { root: 'apps/api' } } },
      nxJsonConfiguration: {},
      projectGraph: { nodes: {}, dependencies: {} },
    }) as ExecutorContext;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'mig-exec-'));
    mkdirSync(join(root, 'apps/api/migrations'), { recursive: true });
    writeFileSync(join(root, 'nx.json'), '{}');
    writeFileSync(join(root, 'apps/api/project.json'), '{"name":"api"}');
    writeFileSync(join(root, 'apps/api/.env.staging'), `DATABASE_URL=sqlite:${join(root, 'staging.db')}\n`);
    writeFileSync(join(root, 'apps/api/migrations/001_users.up.sql'), 'CREATE TABLE users (id integer PRIMARY KEY, email text);\n');
    writeFileSync(join(root, 'apps/api/migrations/001_users.down.sql'), 'DROP TABLE users;\n');
    out = '';
    err = '';
    spies.push(jest.spyOn(process.stdout, 'write').mockImplementation((t) => ((out += String(t)), true)));
    spies.push(jest.spyOn(process.stderr, 'write').mockImplementation((t) => ((err += String(t)), true)));
  });
  afterEach(() => {
    spies.splice(0).forEach((s) => s.mockRestore());
    rmSync(root, { recursive: true, force: true });
  });

  test('nx run api:migrate --configuration=staging reads .env.staging; status and rollback follow', async () => {
    expect(await migrateExecutor({}, context('staging'))).toEqual({ success: true });
    expect(out).toContain(`mig migrate · staging · sqlite:${join(root, 'staging.db')} (${join(root, 'apps/api/.env.staging')} (DATABASE_URL))`);
    expect(out).toMatch(/ {2}up {4}001_users {2}\d+ ms\n/);
    out = '';
    expect(await statusExecutor({ env: 'staging', json: true }, context())).toEqual({ success: true });
    expect(JSON.parse(out).migrations).toEqual([expect.objectContaining({ name: '001_users', state: 'applied' })]);
    out = '';
    expect(await rollbackExecutor({ env: 'staging' }, context())).toEqual({ success: true });
    expect(out).toMatch(/down {2}001_users/);
  });

  test('a failure is one error line and success: false', async () => {
    writeFileSync(join(root, 'apps/api/migrations/002_bad.up.sql'), 'CREATE TABLE broken (;\n');
    expect(await migrateExecutor({ env: 'staging' }, context())).toEqual({ success: false });
    expect(err).toMatch(/^error: migration 002_bad \(up\) failed at .*002_bad\.up\.sql:1: CREATE TABLE broken \( — /);
    expect(err.trim().split('\n')).toHaveLength(1);
  });

  test('migration-check proves the round trips and fails on a down that does not restore', async () => {
    writeFileSync(join(root, 'apps/api/.env'), 'DATABASE_URL=sqlite:dev.db\n');
    expect(await checkExecutor({}, context())).toEqual({ success: true });
    expect(out).toContain('ok   round trip 001_users');
    writeFileSync(join(root, 'apps/api/migrations/002_email.up.sql'), 'CREATE INDEX idx_users_email ON users (email);\n');
    writeFileSync(join(root, 'apps/api/migrations/002_email.down.sql'), 'SELECT 1;\n');
    out = '';
    expect(await checkExecutor({ format: 'github' }, context())).toEqual({ success: false });
    expect(out).toContain('::error title=mig round trip::002_email: its down does not restore the schema: table users differs');
  });
});
