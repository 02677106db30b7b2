import { type Tree, addProjectConfiguration, readNxJson } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import init, { initGenerator } from './init';

describe('nx g @mig/plugin:init', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
    addProjectConfiguration(tree, 'api', { root: 'apps/api' });
    addProjectConfiguration(tree, 'web', { root: 'apps/web' });
    tree.write('apps/api/migrations/001_users.up.sql', 'CREATE TABLE users (id int);\n');
    tree.write('apps/api/.env.development', 'DATABASE_URL=mysql://root@localhost/app\n');
  });

  test('registers the plugin once, ignores .mig/, and reports each project with migrations', async () => {
    const setups = await initGenerator(tree, { skipFormat: true });
    expect(setups).toEqual([
      {
        project: 'api',
        framework: 'sql',
        dialect: 'mysql',
        evidence: ['1 .sql migration file in apps/api/migrations', 'apps/api/.env.development: DATABASE_URL is mysql'],
      },
    ]);
    expect(readNxJson(tree)!.plugins).toEqual([{ plugin: '@mig/plugin', options: {} }]);
    expect(tree.read('.gitignore', 'utf-8')).toMatch(/\n\.mig\/\n$/);
    await initGenerator(tree, { skipFormat: true });
    expect(readNxJson(tree)!.plugins).toHaveLength(1);
    expect(tree.read('.gitignore', 'utf-8')!.match(/\.mig\//g)).toHaveLength(1);
    // no dependency is added: the frameworks' own packages are already the projects'
    expect(JSON.parse(tree.read('package.json', 'utf-8')!).dependencies ?? {}).toEqual({});
  });

  test('what nx g runs returns no task: Nx would call the report', async () => {
    expect(await init(tree, { skipFormat: true })).toBeUndefined();
    expect(readNxJson(tree)!.plugins).toEqual([{ plugin: '@mig/plugin', options: {} }]);
  });
});
