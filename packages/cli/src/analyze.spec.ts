import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './testing/run-cli';

const run = runCli;

describe('mig analyze', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mig-analyze-'));
    writeFileSync(join(dir, '001_users.sql'), 'CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);');
    writeFileSync(join(dir, '002_index.sql'), 'CREATE INDEX users_email ON users (email);');
    writeFileSync(
      join(dir, 'safe.sql'),
      "SET lock_timeout = '5s';\nDROP INDEX CONCURRENTLY IF EXISTS users_email;\nCREATE INDEX CONCURRENTLY users_email ON users (email);",
    );
    writeFileSync(join(dir, 'broken.sql'), 'ALTER TABLE users ADD COLUMN;');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('prints the contract analysis for every statement, in order', async () => {
    const { code, stdout, stderr } = await run('analyze', join(dir, '002_index.sql'), '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const analysis = JSON.parse(stdout);
    expect(Object.keys(analysis)).toEqual(['risk', 'reversible', 'dataLoss', 'findings', 'statements']);
    expect(analysis.statements).toHaveLength(1);
    expect(analysis.statements[0]).toMatchObject({
      sql: 'CREATE INDEX users_email ON users (email)',
      transactional: true,
      locks: [{ table: 'users', mode: 'SHARE' }],
    });
    expect(analysis.findings.map((f: { code: string }) => f.code)).toContain('MIG-PG101');
  });

  test('--fail-on exits 1 when a finding is that severe, 0 when the SQL is clean', async () => {
    expect((await run('analyze', join(dir, '002_index.sql'), '--fail-on', 'warning')).code).toBe(1);
    const safe = await run('analyze', join(dir, 'safe.sql'), '--fail-on', 'warning', '--json');
    expect(JSON.parse(safe.stdout).findings).toEqual([]);
    expect(safe.code).toBe(0);
  });

  test('a statement that cannot be parsed is a finding, never skipped', async () => {
    const { stdout } = await run('analyze', join(dir, 'broken.sql'), '--json');
    const analysis = JSON.parse(stdout);
    expect(analysis.statements).toHaveLength(1);
    expect(analysis.findings[0].message).toMatch(/could not analyse/i);
  });

  test('--format github prints annotations on the file', async () => {
    const file = join(dir, '002_index.sql');
    const { stdout } = await run('analyze', file, '--format', 'github');
    expect(stdout).toMatch(/^::warning file=.*002_index\.sql,title=MIG-PG101::/m);
  });

  test('bad options are one error line', async () => {
    for (const args of [
      ['analyze', join(dir, 'nope.sql')],
      ['analyze', join(dir, 'safe.sql'), '--fail-on', 'fatal'],
      ['analyze', join(dir, 'safe.sql'), '--pg-version', 'banana'],
      ['analyze', join(dir, 'safe.sql'), '--dialect', 'mysql', '--pg-version', '15'],
    ]) {
      const { code, stderr, stdout } = await run(...args);
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/^error: [^\n]+\n$/);
    }
  });
});
