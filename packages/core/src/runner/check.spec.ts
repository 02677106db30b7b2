import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkMigrations, runCheck } from './check';

describe('migration-check', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mig-check-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => writeFileSync(join(dir, name), text);

  test.each(['sqlite', 'postgres'] as const)('proves each round trip on embedded %s and names a down that does not restore', async (dialect) => {
    write('001_users.up.sql', 'CREATE TABLE users (id integer PRIMARY KEY, email varchar(100));\n');
    write('001_users.down.sql', 'DROP TABLE users;\n');
    write('002_nickname.up.sql', 'ALTER TABLE users ADD COLUMN nickname varchar(40);\n');
    write('002_nickname.down.sql', 'SELECT 1;\n');
    const result = await checkMigrations({ dir, dialect, relativeTo: dir });
    expect(result.roundTrips).toEqual([
      { name: '001_users', ok: true },
      { name: '002_nickname', ok: false, problem: 'its down does not restore the schema: table users differs' },
    ]);
    expect(result.failed).toBe(true);
    write('002_nickname.down.sql', 'ALTER TABLE users DROP COLUMN nickname;\n');
    expect((await checkMigrations({ dir, dialect })).failed).toBe(false);
  }, 60_000);

  test('analyses every migration and fails on the chosen severity; github annotations', async () => {
    write('001_users.up.sql', 'CREATE TABLE users (id integer PRIMARY KEY, email varchar(100));\n');
    write('001_users.down.sql', 'DROP TABLE users;\n');
    write('002_index.up.sql', 'CREATE INDEX idx_users_email ON users (email);\n');
    write('002_index.down.sql', 'DROP INDEX idx_users_email;\n');
    const lenient = await checkMigrations({ dir, dialect: 'postgres', relativeTo: dir, roundTrip: false });
    expect(lenient.findings.map((f) => [f.file, f.code, f.severity])).toContainEqual(['002_index.up.sql', 'MIG-PG101', 'warning']);
    expect(lenient.failed).toBe(false);
    let out = '';
    const code = await runCheck(
      { dir, dialect: 'postgres', relativeTo: dir, roundTrip: false, format: 'github', failOn: 'warning' },
      { out: (t) => (out += t), err: () => undefined },
    );
    expect(code).toBe(1);
    expect(out).toMatch(/^::warning file=002_index\.up\.sql,title=MIG-PG101::/m);
  });
});
