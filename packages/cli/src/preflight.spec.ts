/**
 * `mig plan --db` runs the pre-flight checks on the live rows: a change that would fail is one
 * error line naming the offending rows' keys and the fix, with nothing written; a change that
 * would pass carries the answers in its JSON.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestDatabase, describeTargets, openTestDatabase } from '../../core/src/testing/databases';
import { runCli } from './testing/run-cli';

const run = runCli;

describeTargets(['postgres', 'mysql'])('mig plan --db on %s: pre-flight checks', (target) => {
  let t: TestDatabase;
  let dir: string;

  beforeEach(async () => {
    t = await openTestDatabase(target);
    dir = mkdtempSync(join(tmpdir(), 'mig-preflight-'));
    await t.db.exec(`CREATE TABLE users (id integer PRIMARY KEY, email varchar(100))`);
    await t.db.exec(`INSERT INTO users VALUES (1, 'a@x.io'), (2, NULL), (3, 'a@x.io'), (5, NULL)`);
  });
  afterEach(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.dispose();
  });

  test('a change that would fail is refused: one line naming the rows and the fix, no report written', async () => {
    const report = join(dir, 'report.md');
    const { code, stdout, stderr } = await run('plan', 'make users.email not null', '--db', t.url!, '--report', report);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^error: pre-flight: 2 rows of users that have email NULL: SET NOT NULL would fail on them; first: id=2, id=5; backfill them first: mig plan "backfill users.email = … where email is null"/);
    expect(existsSync(report)).toBe(false);

    const dupes = await run('plan', 'add unique index on users.email', '--db', t.url!);
    expect(dupes.code).toBe(1);
    expect(dupes.stderr).toContain(`first: email='a@x.io' id=1, email='a@x.io' id=3; dedupe first`);
  });

  test('a change that would pass carries the answers; --no-preflight skips them', async () => {
    await t.db.exec(`UPDATE users SET email = CONCAT('u', id) WHERE email IS NULL`);
    await t.db.exec(`UPDATE users SET email = 'c@x.io' WHERE id = 3`);
    const { code, stdout, stderr } = await run('plan', 'make users.email not null', '--db', t.url!, '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const plan = JSON.parse(stdout);
    expect(plan.analysis.preflight).toEqual([
      {
        check: 'notNull',
        table: 'users',
        columns: ['email'],
        question: 'rows of users that have email NULL: SET NOT NULL would fail on them',
        status: 'ok',
        query: 'SELECT COUNT(*) AS n FROM users WHERE email IS NULL',
        rows: 0,
      },
    ]);
    const text = await run('plan', 'add unique index on users.email', '--db', t.url!);
    expect(text.stdout).toContain('Pre-flight checks on the live rows:');
    expect(text.stdout).toMatch(/share their \(email\) with another row: the unique index \S+ would fail — none/);

    const skipped = await run('plan', 'make users.email not null', '--db', t.url!, '--json', '--no-preflight');
    expect(JSON.parse(skipped.stdout).analysis.preflight).toBeUndefined();
  });

  test('--preflight-timeout must be a positive number of seconds', async () => {
    const { code, stderr } = await run('plan', 'make users.email not null', '--db', t.url!, '--preflight-timeout', 'soon');
    expect(code).toBe(1);
    expect(stderr).toBe('error: --preflight-timeout must be a number of seconds above 0 (got "soon")\n');
  });
});
