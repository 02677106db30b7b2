/**
 * `mig create`, `migrate`, `status` and `rollback` as a user runs them: the embedded default, an
 * environment read from .env.<env>, production confirmation, failures, and passwords kept out of
 * the output.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestDatabase, describeTargets, openTestDatabase } from '../../core/src/testing/databases';
import { runCli } from './testing/run-cli';

const BIN = join(__dirname, '..', 'bin', 'mig.js');

const run = runCli;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mig-cli-run-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('mig create / migrate / status / rollback on the embedded default', () => {
  test('a new user needs no server: the files are written, applied to PGlite in .mig/, listed and rolled back', async () => {
    const migrations = join(dir, 'migrations');
    const created = await run('create', 'create table users with email string, name', '--dir', migrations, '--dialect', 'postgres');
    expect(created.stderr).toBe('');
    const index = await run('create', 'add index on users.email', '--dir', migrations, '--dialect', 'postgres', '--name', 'users_email_index');
    expect(index.code).toBe(0);
    const files = readdirSync(migrations).sort();
    expect(files).toHaveLength(4);
    expect(files[2]).toMatch(/^\d{14}_users_email_index\.down\.sql$/);
    expect(readFileSync(join(migrations, files[3]!), 'utf8')).toMatch(/^-- mig:no-transaction\n-- mig:retries \d+\n-- Migration: add index on users\.email\n/);

    const up = await run('migrate', '--project-dir', dir);
    expect(up.stderr).toBe('');
    expect(up.code).toBe(0);
    expect(up.stdout).toContain(`mig migrate · development · pglite:${join(dir, '.mig', 'pglite', 'development')} (no URL configured: the embedded PGlite database)`);
    expect(up.stdout).toMatch(/\n {2}up {4}\d{14}_create_table_users_with_email_string_name {2}\d+ ms\n/);
    expect(up.stdout).toMatch(/\n2 applied in \d+ ms\n$/);
    expect(existsSync(join(dir, '.mig', 'pglite', 'development'))).toBe(true);

    const st = await run('status', '--project-dir', dir, '--json');
    const listed = JSON.parse(st.stdout);
    expect(listed.migrations.map((m: { state: string }) => m.state)).toEqual(['applied', 'applied']);

    const down = await run('rollback', '--project-dir', dir, '--json');
    expect(down.code).toBe(0);
    const result = JSON.parse(down.stdout);
    expect(result.results).toEqual([expect.objectContaining({ name: files[2]!.replace('.down.sql', ''), direction: 'down', status: 'Success' })]);
  }, 60_000);

  test('bad input: an unparseable description writes nothing; a bad option is one error line', async () => {
    const migrations = join(dir, 'migrations');
    const bad = await run('create', 'frobnicate the users', '--dir', migrations);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error: could not understand "frobnicate the users"/);
    expect(existsSync(migrations)).toBe(false);
    const step = await run('rollback', '--project-dir', dir, '--step', '0');
    expect(step).toMatchObject({ code: 1, stderr: 'error: --step must be a whole number of at least 1 (got "0")\n' });
    const mode = await run('migrate', '--project-dir', dir, '--lock-mode', 'table');
    expect(mode).toMatchObject({ code: 1, stderr: 'error: --lock-mode must be session or xact (got "table")\n' });
  });
});

describeTargets(['postgres'])('mig migrate --env on %s', (target) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await openTestDatabase(target);
  });
  afterEach(async () => {
    await t.dispose();
  });

  test('reads DATABASE_URL from .env.staging, never prints its password, and reports a failure per migration', async () => {
    // trust authentication accepts any password: it must still never be printed
    const url = t.url!.replace('postgres://postgres@', 'postgres://postgres:hunter2@');
    writeFileSync(join(dir, '.env.staging'), `DATABASE_URL=${url}\n`);
    const migrations = join(dir, 'migrations');
    require('node:fs').mkdirSync(migrations);
    writeFileSync(join(migrations, '001_a.up.sql'), 'CREATE TABLE a (id integer PRIMARY KEY);\n');
    writeFileSync(join(migrations, '002_b.up.sql'), 'CREATE TABLE b (id integer PRIMARY KEY);\nSELECT 1/0;\n');
    writeFileSync(join(migrations, '003_c.up.sql'), 'CREATE TABLE c (id integer PRIMARY KEY);\n');
    const { code, stdout, stderr } = await run('migrate', '--env', 'staging', '--project-dir', dir, '--json');
    expect(code).toBe(1);
    expect(`${stdout}${stderr}`).not.toContain('hunter2');
    expect(stderr).toMatch(/^error: migration 002_b \(up\) failed at .*002_b\.up\.sql:2: SELECT 1\/0 — division by zero\n$/);
    const result = JSON.parse(stdout);
    expect(result.database).toBe(url.replace(':hunter2@', ':***@'));
    expect(result.results.map((r: { name: string; status: string }) => [r.name, r.status])).toEqual([
      ['001_a', 'Success'],
      ['002_b', 'Error'],
      ['003_c', 'NotExecuted'],
    ]);
    expect(await t.db.query('SELECT name FROM mig_migrations')).toEqual([{ name: '001_a' }]);
  });

  test('a production environment needs --yes without a terminal', async () => {
    writeFileSync(join(dir, '.env.production'), `DATABASE_URL=${t.url}\n`);
    require('node:fs').mkdirSync(join(dir, 'migrations'));
    writeFileSync(join(dir, 'migrations', '001_a.up.sql'), 'CREATE TABLE a (id integer PRIMARY KEY);\n');
    const refused = spawnSync(process.execPath, [BIN, 'migrate', '--env', 'production', '--project-dir', dir], { encoding: 'utf8', stdio: 'pipe' });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toBe('error: production is a production environment: pass --yes to migrate it without a terminal\n');
    expect(await t.db.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'a'")).toEqual([]);
    const applied = spawnSync(process.execPath, [BIN, 'migrate', '--env', 'production', '--project-dir', dir, '--yes'], { encoding: 'utf8', stdio: 'pipe' });
    expect(applied.stderr).toBe('');
    expect(applied.status).toBe(0);
    expect(applied.stdout).toMatch(/1 applied in \d+ ms/);
  });
});
