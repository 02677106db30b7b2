/**
 * The emitted files run unchanged under the real sequelize-cli on the real servers: for each change
 * description, `db:migrate` must leave the schema the plan says, and undoing must bring back the
 * schema before it. SQLite is not in the matrix: Sequelize needs the `sqlite3` package for it, which
 * this workspace does not install (mig's own SQLite driver is better-sqlite3).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import {
  type Dialect,
  type Plan,
  type Schema,
  applyOperations,
  comparableSchema,
  executeStatements,
  getDialect,
  plan,
  planStatements,
  prepareAnalyzer,
  emptySchema,
  type Operation,
} from '@mig/core';
import { type TestDatabase, type TargetName, describeTargets, openTestDatabase } from '../../core/src/testing/databases';
import { sequelizeAdapter } from './adapter';

const CLI = resolve(__dirname, '../../../node_modules/.bin/sequelize-cli');

/** The schema every case starts from: users with rows, and comments whose author_id has no foreign key yet. */
const FIXTURE: Operation[] = [
  {
    kind: 'createTable',
    table: 'users',
    columns: [
      { name: 'id', type: 'bigint', nullable: false, primaryKey: true, autoIncrement: true },
      { name: 'email', type: 'string(255)', nullable: false },
      { name: 'name', type: 'string(100)', nullable: true },
      { name: 'age', type: 'integer', nullable: true },
      { name: 'plan', type: 'string(20)', nullable: true },
      { name: 'credits', type: 'integer', nullable: true },
    ],
  },
  {
    kind: 'createTable',
    table: 'comments',
    columns: [
      { name: 'id', type: 'bigint', nullable: false, primaryKey: true, autoIncrement: true },
      { name: 'author_id', type: 'bigint', nullable: true },
      { name: 'body', type: 'text', nullable: true },
    ],
  },
];

const ROWS = [
  "INSERT INTO users (email, name, age) VALUES ('a@example.com', 'Ada', 36), ('b@example.com', 'Bob', 41), ('c@example.com', NULL, NULL)",
  "INSERT INTO comments (author_id, body) VALUES (1, 'first'), (2, 'second')",
];

/**
 * In order: each case runs on the schema the ones before it left. `only` narrows a case to some
 * servers; `plain` plans it without zero-downtime phases there (one phase of queryInterface calls).
 */
interface Case {
  description: string;
  only?: TargetName[];
  plain?: TargetName[];
  /** lines db:migrate prints, by server */
  prints?: Partial<Record<TargetName, string[]>>;
}

const CASES: Case[] = [
  { description: 'add email_verified to users', prints: { postgres: ['  Adding column: users.email_verified', '✓ Verified: column users.email_verified exists'] } },
  { description: "add column status string(20) not null default 'active' to users" },
  // the plain rename: queryInterface.renameColumn
  { description: 'rename column name to full_name in users', plain: ['postgres'] },
  { description: 'create table posts with title string(200) not null, body text, user_id references users' },
  { description: 'add index on users.email' },
  { description: 'add unique index on users(email, status) named idx_users_email_status', plain: ['postgres', 'mysql'] },
  { description: 'add foreign key comments.author_id references users.id' },
  // PostgreSQL: expand (rename, a view under the old name) and an after-deploy contract (drop the view)
  { description: 'rename table comments to remarks', plain: ['mysql'] },
  { description: 'drop foreign key fk_comments_author_id_users from remarks', plain: ['postgres'] },
  { description: 'change type of users.email to string(300)' },
  // PostgreSQL's zero-downtime rename: expand, backfill, after-deploy contract; the contract's down
  // backfills in a DO block that commits, so it runs outside a transaction (Phase.downTransactional)
  { description: 'rename column body to content in posts', only: ['postgres'] },
  // expand, sync triggers, batched backfill, contract: four files on MariaDB
  { description: 'change type of users.age to bigint', only: ['mysql'] },
  {
    description: "backfill users set plan = 'free', credits = 0",
    // MariaDB: batches of UPDATE … LIMIT run until one changes no rows (PostgreSQL batches inside a DO block)
    prints: { mysql: ['batch 1: 3 rows changed', 'batch 2: 0 rows changed', '✓ Verified: no row of users is left to backfill'] },
  },
  { description: 'backfill users.email_verified = true where email_verified = false', plain: ['postgres', 'mysql'] },
];

function run(cwd: string, args: string[]): Promise<string> {
  return new Promise((done, fail) => {
    execFile(CLI, args, { cwd, env: { ...process.env, NODE_ENV: 'development' } }, (error, stdout, stderr) => {
      if (error) fail(new Error(`sequelize-cli ${args.join(' ')} failed:\n${stdout}\n${stderr}`));
      else done(stdout);
    });
  });
}

/** Schemas compared as the round-trip matrix compares them, without sequelize-cli's history table. */
function comparable(dialect: Dialect, schema: Schema): Schema {
  return comparableSchema(dialect, { tables: schema.tables.filter((t) => t.name !== 'SequelizeMeta') });
}

/** The sequelize-cli config for a test database URL. */
function cliConfig(url: string, dialect: string): string {
  const u = new URL(url);
  const development = {
    dialect,
    host: u.hostname,
    port: Number(u.port),
    username: decodeURIComponent(u.username),
    password: u.password ? decodeURIComponent(u.password) : null,
    database: u.pathname.slice(1),
    logging: false,
  };
  return JSON.stringify({ development }, null, 2);
}

interface Step {
  plan: Plan;
  files: string[];
  contents: string[];
  before: Schema;
}

/** The queryInterface methods the emitted files of CASES call (the rest of their steps run mig's SQL). */
const NATIVE_CALLS: Partial<Record<TargetName, string[]>> = {
  postgres: [
    'addColumn',
    'addConstraint',
    'addIndex',
    'bulkUpdate',
    'createTable',
    'dropTable',
    'removeColumn',
    'removeConstraint',
    'removeIndex',
    'renameColumn',
  ],
  mysql: ['addColumn', 'addConstraint', 'addIndex', 'bulkUpdate', 'createTable', 'dropTable', 'removeIndex', 'renameTable'],
};

describeTargets(['postgres', 'mysql'])('sequelize-cli on %s', (target: TargetName) => {
  let t: TestDatabase;
  let dialect: Dialect;
  let project: string;
  const steps: Step[] = [];

  beforeAll(async () => {
    t = await openTestDatabase(target);
    dialect = getDialect(t.dialect);
    await prepareAnalyzer(dialect.name);
    await executeStatements(t.db, dialect, planStatements(FIXTURE, { dialect, schema: emptySchema() }).up);
    for (const sql of ROWS) await t.db.exec(sql);
    project = mkdtempSync(join(tmpdir(), 'mig-sequelize-'));
    mkdirSync(join(project, 'config'));
    mkdirSync(join(project, 'migrations'));
    writeFileSync(join(project, 'config', 'config.json'), cliConfig(t.url!, t.dialect));
  });

  afterAll(async () => {
    await t?.dispose();
    if (project) rmSync(project, { recursive: true, force: true });
  });

  const cases = CASES.filter((c) => !c.only || c.only.includes(target)).map((c, i) => [c.description, i, c] as const);

  test.each(cases)('db:migrate: %s', async (description, i, c) => {
    const plain = c.plain?.includes(target) ?? false;
    const before = await dialect.introspect(t.db);
    const p = plan(description, { dialect, schema: before, ...(plain ? { zeroDowntime: false } : {}) });
    const at = new Date(Date.UTC(2024, 0, 15, 14, 30 + i, 0));
    const files = sequelizeAdapter.emit({ plan: p, dir: 'migrations', at });
    for (const f of files) writeFileSync(join(project, f.path), f.content);
    steps.push({ plan: p, files: files.map((f) => basename(f.path)), contents: files.map((f) => f.content), before });

    const out = await run(project, ['db:migrate']);
    for (const f of files) expect(out).toContain(`== ${basename(f.path, '.js')}: migrated`);
    expect(out).not.toContain('✗');
    expect(out).toContain('✓ Verified');
    for (const line of c.prints?.[target] ?? []) expect(out).toContain(line);

    const after = await dialect.introspect(t.db);
    expect(comparable(dialect, after)).toEqual(comparable(dialect, applyOperations(before, p.operations)));
  });

  test('db:migrate:undo:all reverts every file and restores the schema before the first change', async () => {
    expect(steps).toHaveLength(cases.length);
    const out = await run(project, ['db:migrate:undo:all']);
    for (const f of steps.flatMap((step) => step.files)) expect(out).toContain(`== ${basename(f, '.js')}: reverted`);
    expect(out).not.toContain('✗');
    const restored = await dialect.introspect(t.db);
    expect(comparable(dialect, restored)).toEqual(comparable(dialect, steps[0]!.before));
  });

  test('the queryInterface calls that ran', () => {
    // every method below ran under sequelize-cli in the tests above
    const methods = new Set(steps.flatMap((step) => step.contents.flatMap((c) => [...c.matchAll(/queryInterface\.(\w+)\(/g)].map((m) => m[1]!))));
    methods.delete('sequelize');
    expect([...methods].sort()).toEqual(NATIVE_CALLS[target]);
  });
});
