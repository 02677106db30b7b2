import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNodes } from './plugin';

describe('inferred targets', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'mig-nodes-'));
    const put = (path: string, text: string) => {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), text);
    };
    put('apps/api/project.json', '{"name":"api"}');
    put('apps/api/migrations/001_users.up.sql', 'CREATE TABLE users (id int);');
    put('apps/api/migrations/002_posts.up.sql', 'CREATE TABLE posts (id int);');
    put('apps/api/.env.staging', 'DATABASE_URL=postgres://app@staging/app\n');
    put('.env.production', 'DATABASE_URL=postgres://app@prod/app\n');
    put('apps/web/project.json', '{"name":"web"}');
    put('tools/migrations/x.sql', 'SELECT 1;'); // not a project: no project.json or package.json
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  test('a project with migrations gets migrate, rollback, status and a cached migration-check', async () => {
    const [pattern, create] = createNodes;
    expect(pattern).toBe('**/{mig.config.json,.sequelizerc,migrations/*.sql,migrations/*.js,migrations/*.cjs}');
    const results = await create(
      ['apps/api/migrations/001_users.up.sql', 'apps/api/migrations/002_posts.up.sql', 'tools/migrations/x.sql'],
      {},
      { workspaceRoot: root, nxJsonConfiguration: {} },
    );
    expect(results.map(([file]) => file)).toEqual(['apps/api/migrations/001_users.up.sql']);
    const targets = results[0]![1].projects!['apps/api']!.targets!;
    expect(Object.keys(targets)).toEqual(['migrate', 'rollback', 'status', 'migration-check']);
    expect(targets['migrate']).toMatchObject({
      executor: '@mig/plugin:migrate',
      cache: false,
      configurations: { production: { env: 'production' }, staging: { env: 'staging' } },
      metadata: { technologies: ['mig', 'sql'] },
    });
    expect(targets['migrate']!.metadata!.description).toMatch(/^Apply pending Raw SQL migrations/);
    const check = targets['migration-check']!;
    expect(check).toMatchObject({ executor: '@mig/plugin:check', cache: true, outputs: [] });
    expect(check.inputs![0]).toBe('{projectRoot}/migrations/**/*');
    // mig's own version is an input: without a lock file listing it, node is asked for it
    expect(check.inputs).toContainEqual({ runtime: `node -p "require('@mig/plugin/package.json').version"` });
    writeFileSync(join(root, 'package-lock.json'), JSON.stringify({ packages: { 'node_modules/@mig/plugin': {}, 'node_modules/@mig/core': {} } }));
    const locked = await createNodes[1](['apps/api/migrations/001_users.up.sql'], {}, { workspaceRoot: root, nxJsonConfiguration: {} });
    expect(locked[0]![1].projects!['apps/api']!.targets!['migration-check']!.inputs).toContainEqual({ externalDependencies: ['@mig/plugin', '@mig/core'] });
  });

  test('target names are options', async () => {
    const results = await createNodes[1](['apps/api/migrations/001_users.up.sql'], { checkTargetName: 'db-check', migrateTargetName: 'db-migrate' }, { workspaceRoot: root, nxJsonConfiguration: {} });
    expect(Object.keys(results[0]![1].projects!['apps/api']!.targets!)).toEqual(['db-migrate', 'rollback', 'status', 'db-check']);
  });

  test("inside mig's own workspace, mig's sources are the input instead", async () => {
    const repo = join(__dirname, '..', '..', '..');
    const results = await createNodes[1](['nowhere/migrations/x.sql'], {}, { workspaceRoot: repo, nxJsonConfiguration: {} });
    expect(results).toEqual([]); // no such project: nothing inferred
    const { migInputsFor } = require('./plugin') as { migInputsFor: (root: string) => unknown };
    expect(migInputsFor(repo)).toEqual(['{workspaceRoot}/packages/plugin/src/**/*', '{workspaceRoot}/packages/core/src/**/*']);
  });
});
