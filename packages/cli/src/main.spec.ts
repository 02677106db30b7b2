import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './testing/run-cli';

const run = runCli;

describe('mig plan --json', () => {
  test("the seed's first example gives boolean NOT NULL DEFAULT false, in the contract's shape", async () => {
    const { code, stdout, stderr } = await run('plan', 'add email_verified to users', '--dialect', 'postgres', '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const plan = JSON.parse(stdout);
    expect(Object.keys(plan)).toEqual(['description', 'dialect', 'operations', 'phases', 'up', 'down', 'analysis']);
    expect(plan.operations).toEqual([
      {
        kind: 'addColumn',
        table: 'users',
        column: { name: 'email_verified', type: 'boolean', nullable: false, default: false },
      },
    ]);
    expect(plan.up).toEqual([
      "SET LOCAL lock_timeout = '5s'",
      'ALTER TABLE users ADD COLUMN email_verified boolean NOT NULL DEFAULT false',
    ]);
    expect(plan.down).toEqual(["SET LOCAL lock_timeout = '5s'", 'ALTER TABLE users DROP COLUMN email_verified']);
    expect(Object.keys(plan.phases[0]).slice(0, 4)).toEqual(['name', 'transactional', 'up', 'down']);
    expect(Object.keys(plan.analysis)).toEqual(['risk', 'reversible', 'dataLoss', 'findings', 'statements']);
    expect(plan.analysis.risk).toBe('low');
    expect(plan.analysis.reversible).toBe(true);
    expect(plan.analysis.dataLoss).toBe(false);
    expect(plan.analysis.findings).toEqual([]);
    const alter = plan.analysis.statements[1];
    expect(Object.keys(alter)).toEqual(['sql', 'transactional', 'rewrite', 'scan', 'locks', 'estimate']);
    expect(alter).toMatchObject({
      sql: plan.up[1],
      transactional: true,
      rewrite: false,
      scan: false,
      locks: [{ table: 'users', mode: 'ACCESS EXCLUSIVE' }],
    });
    // A catalog-only change takes the same time at any size: a calibrated constant, not a guess.
    expect(alter.estimate.seconds).toBeLessThan(0.1);
    expect(alter.estimate.basis).toMatch(/^catalog-only change.*calibrated on PostgreSQL/);
  });

  test.each(['mysql', 'sqlite'])('plans for %s', async (dialect) => {
    const { code, stdout } = await run('plan', 'add index on users.email', '--dialect', dialect, '--json');
    expect(code).toBe(0);
    const plan = JSON.parse(stdout);
    expect(plan.dialect).toBe(dialect);
    expect(plan.up.join('\n')).toMatch(/CREATE INDEX idx_users_email ON users \(email\)/);
  });

  test('a drop without the schema says its down is incomplete', async () => {
    const { stdout } = await run('plan', 'remove old_name from users', '--json');
    const plan = JSON.parse(stdout);
    expect(plan.analysis.reversible).toBe(false);
    expect(plan.analysis.dataLoss).toBe(true);
    const codes = plan.analysis.findings.map((f: { code: string }) => f.code);
    expect(codes.slice(0, 2)).toEqual(['MIG-P001', 'MIG-P002']);
    expect(plan.analysis.findings.find((f: { message: string }) => /DROP COLUMN|drop.*column/i.test(f.message))).toBeDefined();
    expect(plan.analysis.risk).toBe('high');
    expect(plan.down.filter((s: string) => !/^(SET|RESET)\b/.test(s))).toEqual([]);
  });
});

describe('mig plan with a known schema', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mig-cli-'));
    writeFileSync(join(dir, '001_users.sql'), 'CREATE TABLE users (id bigint PRIMARY KEY, email varchar(255) NOT NULL, old_name varchar(50));');
    writeFileSync(join(dir, '001_users.down.sql'), 'DROP TABLE users;');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('--schema-from replays migrations into embedded SQLite and restores a dropped column exactly', async () => {
    const { code, stdout, stderr } = await run('plan', 'remove old_name from users', '--dialect', 'sqlite', '--schema-from', dir, '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const plan = JSON.parse(stdout);
    expect(plan.analysis.reversible).toBe(true);
    expect(plan.down.join('\n')).toMatch(/ADD COLUMN old_name VARCHAR\(50\)/);
  });

  test('a missing column is an error that lists the columns', async () => {
    const { code, stdout, stderr } = await run('plan', 'rename column missing to x in users', '--dialect', 'sqlite', '--schema-from', dir);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe('error: table users has no column missing; columns are: id, email, old_name\n');
  });

  test('adding a column that exists is an error', async () => {
    const { code, stderr } = await run('plan', 'add column email to users', '--dialect', 'sqlite', '--schema-from', dir);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^error: table users already has a column email/);
  });
});

describe('bad input: one error line, exit 1, nothing on stdout', () => {
  test.each([
    [['plan', 'add email to users; drop table users'], /^error: /],
    [['plan', 'make me a sandwich'], /^error: could not understand "make me a sandwich"; the closest supported phrase is "/],
    [['plan', 'add email_verified to users', '--dialect', 'oracle'], /^error: unknown dialect "oracle"; use one of: postgres, mysql, sqlite/],
    [['plan', 'add x to users', '--db', 'redis://localhost'], /^error: cannot tell the database from "redis:\/\/localhost"/],
    [['plan', 'add x to users', '--schema-from', '/nonexistent/dir'], /^error: --schema-from \/nonexistent\/dir does not exist/],
    [['plan', 'add x to users', '--dialect', 'mysql', '--schema-from', '.'], /^error: --schema-from needs an embedded MySQL\/MariaDB database/],
  ])('%j', async (args, message) => {
    const { code, stdout, stderr } = await run(...args);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  test('a password in --db never appears in the error', async () => {
    const { code, stderr } = await run('plan', 'add x to users', '--db', 'postgres://postgres:s3cret@127.0.0.1:1/nope');
    expect(code).toBe(1);
    expect(stderr).toMatch(/^error: could not connect to postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/nope/);
    expect(stderr).not.toContain('s3cret');
  });
});

describe('mig plan --report and --format', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mig-report-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('--report writes the Markdown report', async () => {
    const file = join(dir, 'report.md');
    const { code } = await run('plan', 'add email_verified to users', '--report', file);
    expect(code).toBe(0);
    const md = readFileSync(file, 'utf8');
    expect(md).toMatch(/^# Migration: Add email_verified to users\n/);
    expect(md).toContain('## Rollback Procedures');
  });

  test('bad input writes no report', async () => {
    const file = join(dir, 'never.md');
    const { code } = await run('plan', 'add email_verified to users; --', '--report', file);
    expect(code).toBe(1);
    expect(existsSync(file)).toBe(false);
  });

  test('--format github prints one annotation per finding', async () => {
    const { code, stdout } = await run('plan', 'drop table posts', '--format', 'github');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^::warning title=MIG-P001 drop table posts::/);
  });

  test('an unknown --format is an error', async () => {
    const { code, stderr } = await run('plan', 'drop table posts', '--format', 'xml');
    expect(code).toBe(1);
    expect(stderr).toBe('error: unknown --format "xml"; use one of: text, json, github\n');
  });
});

describe('help', () => {
  test('mig --help names the plan command', async () => {
    const { code, stdout } = await run('--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/plan \[options\] <description>/);
  });

  test('mig plan --help describes every option, the phrases and the type inference', async () => {
    const { stdout } = await run('plan', '--help');
    for (const option of ['--dialect', '--schema-from', '--db', '--json', '--format', '--report']) expect(stdout).toContain(option);
    expect(stdout).toContain('mig plan "add email_verified to users"');
    expect(stdout).toMatch(/is_\*/);
  });
});

describe('the mig binary', () => {
  test('runs as a process and prints the plan', () => {
    const bin = join(__dirname, '..', 'bin', 'mig.js');
    const result = spawnSync(process.execPath, [bin, 'plan', 'create posts table', '--dialect', 'postgres'], {
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/CREATE TABLE posts/);
  });
});
