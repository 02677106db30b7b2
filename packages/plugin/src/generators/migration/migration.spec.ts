import { type Tree, addProjectConfiguration } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { migrationGenerator } from './migration';

const at = new Date(Date.UTC(2024, 0, 15, 14, 30, 0));

describe('nx g @mig/plugin:migration', () => {
  let tree: Tree;
  beforeEach(() => {
    jest.useFakeTimers({ now: at, doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'queueMicrotask'] });
    tree = createTreeWithEmptyWorkspace();
    addProjectConfiguration(tree, 'api', { root: 'apps/api', sourceRoot: 'apps/api/src' });
    tree.write('apps/api/.env', 'DATABASE_URL=postgres://app@localhost/app_dev\n');
  });
  afterEach(() => jest.useRealTimers());

  test("the seed's first example: raw SQL up and down, and the report beside them", async () => {
    await migrationGenerator(tree, { description: 'add email_verified to users', project: 'api', skipFormat: true });
    const written = tree.listChanges().map((c) => c.path).filter((p) => p.startsWith('apps/api/migrations'));
    expect(written.sort()).toEqual([
      'apps/api/migrations/20240115143000_add_email_verified_to_users.down.sql',
      'apps/api/migrations/20240115143000_add_email_verified_to_users.md',
      'apps/api/migrations/20240115143000_add_email_verified_to_users.up.sql',
    ]);
    expect(tree.read('apps/api/migrations/20240115143000_add_email_verified_to_users.up.sql', 'utf-8')).toMatchInlineSnapshot(`
"-- mig:retries 5
-- Migration: add email_verified to users
-- add column users.email_verified boolean NOT NULL DEFAULT false (plain statements)

SET LOCAL lock_timeout = '5s';

ALTER TABLE users ADD COLUMN email_verified boolean NOT NULL DEFAULT false;
"
`);
    expect(tree.read('apps/api/migrations/20240115143000_add_email_verified_to_users.down.sql', 'utf-8')).toMatchInlineSnapshot(`
"-- Rollback: add email_verified to users

SET LOCAL lock_timeout = '5s';

ALTER TABLE users DROP COLUMN email_verified;
"
`);
    const report = tree.read('apps/api/migrations/20240115143000_add_email_verified_to_users.md', 'utf-8')!;
    expect(report).toContain('**Framework**: Raw SQL');
    expect(report).toContain('**Database**: PostgreSQL');
    expect(report).toContain('npx nx run api:migrate');
  });

  test('a zero-downtime change becomes one migration per phase, the concurrent build outside a transaction', async () => {
    await migrationGenerator(tree, { description: 'add foreign key posts.user_id references users.id', project: 'api', report: false, skipFormat: true });
    const ups = tree.children('apps/api/migrations').filter((f) => f.endsWith('.up.sql')).sort();
    expect(ups).toEqual([
      '20240115143000_add_foreign_key_posts_user_id_references_users_id_01_constrain.up.sql',
      '20240115143000_add_foreign_key_posts_user_id_references_users_id_02_validate.up.sql',
    ]);
    await migrationGenerator(tree, { description: 'add index on users.email', project: 'api', name: 'email_index', report: false, skipFormat: true });
    expect(tree.read('apps/api/migrations/20240115143000_email_index.up.sql', 'utf-8')).toMatch(/^-- mig:no-transaction\n/);
  });

  test('bad input writes nothing: an unknown project, a description it cannot parse, an unknown framework', async () => {
    const before = tree.listChanges().length;
    await expect(migrationGenerator(tree, { description: 'add x to users', project: 'web' })).rejects.toThrow(
      /^unknown project "web"; projects in this workspace: api$/,
    );
    await expect(migrationGenerator(tree, { description: 'make the users happy', project: 'api' })).rejects.toThrow(/^could not understand "make the users happy"/);
    await expect(migrationGenerator(tree, { description: 'add x to users', project: 'api', framework: 'liquibase' })).rejects.toThrow(
      /^unknown framework "liquibase"; use one of: /,
    );
    expect(tree.listChanges().length).toBe(before);
  });

  test('replays the project\'s migrations when the change needs the current schema (SQLite rebuild)', async () => {
    tree.write('apps/api/.env', 'DATABASE_URL=sqlite:dev.db\n');
    tree.write('apps/api/migrations/001_users.up.sql', 'CREATE TABLE users (id integer PRIMARY KEY, email text, nickname text);\n');
    // the replay reads the directory from disk: the tree's root is a real temp directory here
    const { mkdirSync, writeFileSync, mkdtempSync, rmSync } = require('node:fs') as typeof import('node:fs');
    const root = mkdtempSync(require('node:path').join(require('node:os').tmpdir(), 'mig-gen-'));
    try {
      mkdirSync(`${root}/apps/api/migrations`, { recursive: true });
      writeFileSync(`${root}/apps/api/migrations/001_users.up.sql`, 'CREATE TABLE users (id integer PRIMARY KEY, email text, nickname text);\n');
      (tree as { root: string }).root = root;
      await migrationGenerator(tree, { description: 'remove nickname from users', project: 'api', report: false, skipFormat: true });
      const up = tree.read('apps/api/migrations/20240115143000_remove_nickname_from_users.up.sql', 'utf-8')!;
      expect(up).toContain('ALTER TABLE users DROP COLUMN nickname');
      const down = tree.read('apps/api/migrations/20240115143000_remove_nickname_from_users.down.sql', 'utf-8')!;
      expect(down).toContain('ALTER TABLE users ADD COLUMN nickname TEXT');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('a Sequelize project gets a native queryInterface migration', async () => {
    addProjectConfiguration(tree, 'shop', { root: 'apps/shop' });
    tree.write('apps/shop/package.json', JSON.stringify({ name: 'shop', dependencies: { sequelize: '6.37.8' } }));
    tree.write('apps/shop/config/config.json', JSON.stringify({ development: { dialect: 'mysql' } }));
    await migrationGenerator(tree, { description: 'add email_verified to users', project: 'shop', report: false, skipFormat: true });
    const [file] = tree.children('apps/shop/migrations');
    expect(file).toBe('20240115143000-add-email-verified-to-users.js');
    const js = tree.read(`apps/shop/migrations/${file}`, 'utf-8')!;
    expect(js).toContain('async up(queryInterface, Sequelize)');
    expect(js).toContain('queryInterface.addColumn(');
    expect(js).toContain('Sequelize.BOOLEAN');
  });

  test('two frameworks in one project is an error listing the evidence of each, and writes nothing', async () => {
    tree.write('apps/api/package.json', JSON.stringify({ name: 'api', devDependencies: { 'sequelize-cli': '6.6.5' } }));
    tree.write('apps/api/migrations/001_users.up.sql', 'CREATE TABLE users (id int);');
    const before = tree.listChanges().length;
    await expect(migrationGenerator(tree, { description: 'add x to users', project: 'api' })).rejects.toThrow(
      /^project api looks like more than one framework: sequelize \(.*sequelize-cli.*\), sql \(1 \.sql migration file in apps\/api\/migrations.*\); pass --framework sequelize or --framework sql$/,
    );
    expect(tree.listChanges().length).toBe(before);
    await migrationGenerator(tree, { description: 'add x to users', project: 'api', framework: 'sql', report: false, skipFormat: true });
    expect(tree.children('apps/api/migrations').filter((f) => f.endsWith('.up.sql'))).toHaveLength(2);
  });
});
