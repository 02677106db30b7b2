import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ProjectFiles, getDialect, migrate, plan, prepareAnalyzer, readMigrations, rollback } from '@mig/core';
import { sqlAdapter } from './index';

const at = new Date(Date.UTC(2024, 0, 15, 14, 30, 0));

function memory(files: Record<string, string>): ProjectFiles {
  return {
    exists: (p) => p in files || Object.keys(files).some((f) => f.startsWith(`${p}/`)),
    read: (p) => files[p],
    list: (dir) => [...new Set(Object.keys(files).filter((f) => f.startsWith(`${dir}/`)).map((f) => f.slice(dir.length + 1).split('/')[0]!))],
  };
}

beforeAll(async () => {
  await prepareAnalyzer('postgres');
});

describe('the raw SQL adapter', () => {
  test('detects a project by its .sql migrations or mig.config.json, and its database from DATABASE_URL', () => {
    const files = memory({
      'apps/api/migrations/001_users.up.sql': 'CREATE TABLE users (id int);',
      'apps/api/.env': 'DATABASE_URL=mysql://app@db/app\n',
    });
    expect(sqlAdapter.detect(files, 'apps/api')).toEqual({
      framework: 'sql',
      dialect: 'mysql',
      evidence: ['1 .sql migration file in apps/api/migrations', 'apps/api/.env: DATABASE_URL is mysql'],
    });
    const configured = memory({ 'libs/db/mig.config.json': JSON.stringify({ migrationsDir: 'sql' }), 'libs/db/sql/a.sql': 'SELECT 1;' });
    expect(sqlAdapter.migrationsDir(configured, 'libs/db')).toBe('libs/db/sql');
    expect(sqlAdapter.detect(configured, 'libs/db')?.evidence).toEqual(['libs/db/mig.config.json', '1 .sql migration file in libs/db/sql']);
    expect(sqlAdapter.detect(memory({ 'apps/web/package.json': '{}' }), 'apps/web')).toBeUndefined();
  });

  test('timestamp (default) and sequence numbering, one migration per phase', () => {
    const p = plan('add index on users.email', { dialect: getDialect('postgres') });
    const stamped = sqlAdapter.emit({ plan: p, dir: 'apps/api/migrations', at });
    expect(stamped.map((f) => f.path)).toEqual([
      'apps/api/migrations/20240115143000_add_index_on_users_email.up.sql',
      'apps/api/migrations/20240115143000_add_index_on_users_email.down.sql',
    ]);
    const two = plan('add foreign key posts.user_id references users.id', { dialect: getDialect('postgres') });
    const numbered = sqlAdapter.emit({ plan: two, dir: 'm', at, format: 'sequence', existing: ['007_users.up.sql', '007_users.down.sql', 'README.md'] });
    expect(numbered.map((f) => f.path)).toEqual([
      'm/008_add_foreign_key_posts_user_id_references_users_id_01_constrain.up.sql',
      'm/008_add_foreign_key_posts_user_id_references_users_id_01_constrain.down.sql',
      'm/009_add_foreign_key_posts_user_id_references_users_id_02_validate.up.sql',
      'm/009_add_foreign_key_posts_user_id_references_users_id_02_validate.down.sql',
    ]);
    expect(() => sqlAdapter.emit({ plan: p, dir: 'm', at, format: 'flyway' })).toThrow(/^unknown raw SQL format "flyway"; use one of: timestamp, sequence, dbmate$/);
  });

  test("dbmate files: sections with transaction:false, and mig's runner applies and rolls them back", async () => {
    const p = plan('add index on users.email', { dialect: getDialect('sqlite'), zeroDowntime: false });
    const [file] = sqlAdapter.emit({ plan: p, dir: 'm', at, format: 'dbmate' });
    expect(file!.path).toBe('m/20240115143000_add_index_on_users_email.sql');
    expect(file!.content).toBe(
      '-- add index on users.email\n-- migrate:up\nCREATE INDEX idx_users_email ON users (email);\n\n-- migrate:down\nDROP INDEX idx_users_email;\n',
    );
    const pg = plan('add index on users.email', { dialect: getDialect('postgres') });
    expect(sqlAdapter.emit({ plan: pg, dir: 'm', at, format: 'dbmate' })[0]!.content).toContain('-- migrate:up transaction:false\n');

    const dir = mkdtempSync(join(tmpdir(), 'mig-dbmate-'));
    try {
      const migrations = join(dir, 'm');
      require('node:fs').mkdirSync(migrations);
      writeFileSync(join(migrations, '20240101000000_users.sql'), '-- migrate:up\nCREATE TABLE users (id integer PRIMARY KEY, email text);\n-- migrate:down\nDROP TABLE users;\n');
      writeFileSync(join(migrations, '20240115143000_add_index_on_users_email.sql'), file!.content);
      const [users, index] = readMigrations(migrations);
      expect(index!.up.text).toBe('CREATE INDEX idx_users_email ON users (email);\n\n');
      expect(index!.down!.text.trim()).toBe('DROP INDEX idx_users_email;');
      expect(users!.up.directives.transaction).toBe(true);
      const url = `sqlite:${join(dir, 'db.sqlite')}`;
      const up = await migrate({ url, dir: migrations });
      expect(up.results.map((r) => r.status)).toEqual(['Success', 'Success']);
      const down = await rollback({ url, dir: migrations, all: true });
      expect(down.results.map((r) => r.name)).toEqual(['20240115143000_add_index_on_users_email', '20240101000000_users']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
