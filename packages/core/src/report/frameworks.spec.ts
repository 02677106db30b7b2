import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { getDialect } from '../dialects/index';
import { plan } from '../plan/plan';
import { prepareAnalyzer } from '../safety/analyze';
import { alternativeFrameworks } from './frameworks';

const at = new Date(Date.UTC(2024, 0, 15, 14, 30, 0));
const postgres = getDialect('postgres');
const mysql = getDialect('mysql');

beforeAll(async () => {
  await prepareAnalyzer('postgres');
});

function byName(p: ReturnType<typeof plan>) {
  return Object.fromEntries(alternativeFrameworks(p, at).map((f) => [f.name, f]));
}

describe('the change in the other frameworks', () => {
  test('a one-phase change is one file per framework, in its own format, with its commands', () => {
    const f = byName(plan('add email_verified to users', { dialect: postgres }));
    expect(Object.keys(f)).toEqual(['Sequelize', 'TypeORM', 'Prisma Migrate', 'Drizzle Kit', 'Django', 'Rails (Active Record)', 'Flyway']);
    expect(f['TypeORM']!.files.map((x) => x.path)).toEqual(['src/migrations/1705329000000-AddEmailVerifiedToUsers.ts']);
    expect(f['TypeORM']!.files[0]!.content).toMatchInlineSnapshot(`
"import { MigrationInterface, QueryRunner } from 'typeorm';

/** add email_verified to users */
export class AddEmailVerifiedToUsers1705329000000 implements MigrationInterface {
  name = 'AddEmailVerifiedToUsers1705329000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(\`SET LOCAL lock_timeout = '5s'\`);
    await queryRunner.query(\`ALTER TABLE users ADD COLUMN email_verified boolean NOT NULL DEFAULT false\`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(\`SET LOCAL lock_timeout = '5s'\`);
    await queryRunner.query(\`ALTER TABLE users DROP COLUMN email_verified\`);
  }
}
"
`);
    expect(f['Rails (Active Record)']!.files[0]!.path).toBe('db/migrate/20240115143000_add_email_verified_to_users.rb');
    expect(f['Prisma Migrate']!.files[0]!.path).toBe('prisma/migrations/20240115143000_add_email_verified_to_users/migration.sql');
    expect(f['Flyway']!.files.map((x) => x.path)).toEqual([
      'db/migration/V20240115143000__add_email_verified_to_users.sql',
      'db/migration/U20240115143000__add_email_verified_to_users.sql',
    ]);
    expect(f['Sequelize']!.apply).toBe('npx sequelize-cli db:migrate');
    expect(f['Django']!.rollback).toMatch(/^python manage.py migrate yourapp/);
  });

  test('a phase outside a transaction is marked the way each framework marks it', () => {
    const f = byName(plan('add index on users.email', { dialect: postgres }));
    expect(f['TypeORM']!.files[0]!.content).toContain('transaction = false;');
    expect(f['Django']!.files[0]!.content).toContain('atomic = False');
    expect(f['Rails (Active Record)']!.files[0]!.content).toContain('disable_ddl_transaction!');
    expect(f['Flyway']!.files.find((x) => x.path.endsWith('.conf'))!.content).toBe('executeInTransaction=false\n');
    expect(f['Sequelize']!.files[0]!.content).not.toContain('transaction(');
    // Prisma sends a file as one script: the concurrent build is alone in its folder
    const prisma = f['Prisma Migrate']!.files;
    expect(prisma.map((x) => x.content.trim().split('\n').pop())).toEqual([
      'DROP INDEX CONCURRENTLY IF EXISTS idx_users_email;',
      'CREATE INDEX CONCURRENTLY idx_users_email ON users (email);',
    ]);
    expect(f['Prisma Migrate']!.notes.join(' ')).toContain('alone in its migration');
    expect(f['Drizzle Kit']!.notes.join(' ')).toContain('one transaction');
  });

  test('a batched backfill repeats until it changes no rows where the framework can loop, and says so where not', () => {
    const f = byName(plan("backfill users set plan = 'free'", { dialect: mysql }));
    expect(f['Sequelize']!.files[0]!.content).toMatch(/for \(;;\) \{\n\s+const \[, changed\] = await queryInterface\.sequelize\.query\(`UPDATE users SET plan = 'free' WHERE NOT \(plan <=> 'free'\) LIMIT 10000`, \{ type: QueryTypes\.UPDATE \}\);\n\s+if \(!changed\) break;/);
    expect(f['TypeORM']!.files[0]!.content).toContain('while ((await queryRunner.query(`UPDATE users');
    expect(f['Rails (Active Record)']!.files[0]!.content).toContain('break if exec_update(<<~SQL).zero?');
    expect(f['Django']!.files[0]!.content).toContain('if cursor.rowcount == 0:');
    expect(f['Flyway']!.files[0]!.content).toContain('-- repeat until it changes no rows');
    expect(f['Flyway']!.notes.join(' ')).toContain('until it reports 0 rows');
  });

  test.each([
    ['add email_verified to users', 'postgres'],
    ['add index on users.email', 'postgres'],
    ['rename column name to full_name in users', 'postgres'],
    ["backfill users set plan = 'free'", 'mysql'],
  ])('the files of "%s" (%s) are valid JavaScript, TypeScript and Python', (description, dialect) => {
    const f = byName(plan(description, { dialect: getDialect(dialect) }));
    const dir = mkdtempSync(join(tmpdir(), 'mig-frameworks-'));
    try {
      for (const file of f['Sequelize']!.files) {
        const path = join(dir, 'm.js');
        writeFileSync(path, file.content);
        execFileSync(process.execPath, ['--check', path]);
      }
      for (const file of f['TypeORM']!.files) {
        const out = ts.transpileModule(file.content, { reportDiagnostics: true, compilerOptions: { strict: true } });
        expect(out.diagnostics).toEqual([]);
      }
      for (const file of f['Django']!.files) {
        const path = join(dir, 'm.py');
        writeFileSync(path, file.content);
        execFileSync('python3', ['-m', 'py_compile', path]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
