/**
 * The runner on every database: order, history and checksums, rollback restoring the schema
 * exactly, drift / missing / out-of-order refusals, a failing migration leaving nothing behind
 * (or, without transactional DDL, resuming), after-deploy steps, and batched statements.
 */
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '../db/connect';
import type { Connection } from '../db/connection';
import { getDialect } from '../dialects/index';
import { MigError } from '../errors';
import { type Schema, canonicalSchema } from '../model/schema';
import { type TargetName, describeTargets, openTestDatabase } from '../testing/databases';
import { checksumOf } from './migration-files';
import { type RunnerEvent, RunFailed, migrate, rollback, status } from './runner';

interface Target {
  url: string;
  db: Connection;
  dispose(): Promise<void>;
}

async function openTarget(target: TargetName, dir: string): Promise<Target> {
  if (target === 'sqlite') {
    const url = `sqlite:${join(dir, 'test.db')}`;
    const db = await connect(url);
    return { url, db, dispose: () => db.close() };
  }
  const t = await openTestDatabase(target);
  return { url: t.url!, db: t.db, dispose: () => t.dispose() };
}

const MIGRATIONS: Array<[string, string, string]> = [
  ['001_users', 'CREATE TABLE users (id integer PRIMARY KEY, email varchar(100));\nINSERT INTO users VALUES (1, NULL), (2, NULL), (3, NULL);', 'DROP TABLE users;'],
  ['002_posts', 'CREATE TABLE posts (id integer PRIMARY KEY, user_id integer, title varchar(50));', 'DROP TABLE posts;'],
  ['003_email_index', 'CREATE INDEX idx_users_email ON users (email);', 'DROP INDEX idx_users_email{ON_USERS};'],
  ['004_posts_body', 'ALTER TABLE posts ADD COLUMN body text;', 'ALTER TABLE posts DROP COLUMN body;'],
];

describeTargets(['postgres', 'mysql', 'sqlite'])('the runner on %s', (target) => {
  let dir: string;
  let migrations: string;
  let t: Target;
  let events: RunnerEvent[];
  const dialect = getDialect(target === 'sqlite' ? 'sqlite' : target === 'mysql' ? 'mysql' : 'postgres');

  const write = (name: string, up: string, down?: string) => {
    writeFileSync(join(migrations, `${name}.up.sql`), `${up}\n`);
    if (down !== undefined) writeFileSync(join(migrations, `${name}.down.sql`), `${down.replace('{ON_USERS}', target === 'mysql' ? ' ON users' : '')}\n`);
  };
  const options = () => ({ url: t.url, dir: migrations, retryBackoffMs: 20, onEvent: (e: RunnerEvent) => events.push(e) });
  /** the user's schema, without the history table */
  const schema = async (): Promise<Schema> => {
    const s = await dialect.introspect(t.db);
    return canonicalSchema({ tables: s.tables.filter((x) => x.name !== 'mig_migrations').map((x) => dialect.canonicalTable(x)) });
  };
  const history = () => t.db.query<{ name: string; checksum: string; duration_ms: number | null }>('SELECT name, checksum, duration_ms FROM mig_migrations ORDER BY name');

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mig-runner-'));
    migrations = join(dir, 'migrations');
    require('node:fs').mkdirSync(migrations);
    t = await openTarget(target, dir);
    events = [];
    for (const [name, up, down] of MIGRATIONS) write(name, up, down);
  });
  afterEach(async () => {
    await t.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('applies pending migrations in order, once, with checksummed history', async () => {
    const run = await migrate(options());
    expect(run.results.map((r) => [r.name, r.status])).toEqual(MIGRATIONS.map(([n]) => [n, 'Success']));
    const rows = await history();
    expect(rows.map((r) => r.name)).toEqual(MIGRATIONS.map(([n]) => n));
    for (const r of rows) {
      expect(r.checksum).toBe(checksumOf(`${MIGRATIONS.find(([n]) => n === r.name)![1]}\n`));
      expect(Number(r.duration_ms)).toBeGreaterThanOrEqual(0);
    }
    expect((await migrate(options())).results).toEqual([]);
    expect((await status(options())).map((e) => e.state)).toEqual(['applied', 'applied', 'applied', 'applied']);
  });

  it('rollback --step, --to and --all restore the schema exactly', async () => {
    const before: Schema[] = [await schema()];
    for (const [name] of MIGRATIONS) {
      await migrate({ ...options(), to: name });
      before.push(await schema());
    }
    await rollback({ ...options(), step: 1 });
    expect(await schema()).toEqual(before[3]);
    await rollback({ ...options(), to: '002_posts' });
    expect(await schema()).toEqual(before[1]);
    expect((await history()).map((r) => r.name)).toEqual(['001_users']);
    await migrate(options());
    expect(await schema()).toEqual(before[4]);
    const all = await rollback({ ...options(), all: true });
    expect(all.results.map((r) => r.name)).toEqual(['004_posts_body', '003_email_index', '002_posts', '001_users']);
    expect(await schema()).toEqual(before[0]);
    expect(await history()).toEqual([]);
  });

  it('refuses an applied file edited since, naming it, and applies nothing', async () => {
    await migrate({ ...options(), to: '002_posts' });
    write('002_posts', 'CREATE TABLE posts (id integer PRIMARY KEY);');
    const error = await migrate(options()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigError);
    expect((error as MigError).code).toBe('DRIFT');
    expect((error as MigError).message).toContain(join(migrations, '002_posts.up.sql'));
    expect((await history()).map((r) => r.name)).toEqual(['001_users', '002_posts']);
  });

  it('refuses a missing applied file and a new file ordered before applied ones, unless told', async () => {
    await migrate({ ...options(), to: '002_posts' });
    unlinkSync(join(migrations, '001_users.up.sql'));
    unlinkSync(join(migrations, '001_users.down.sql'));
    await expect(migrate(options())).rejects.toMatchObject({ code: 'MISSING_MIGRATION' });
    write('001_users', MIGRATIONS[0]![1], MIGRATIONS[0]![2]);
    write('000_early', 'CREATE TABLE early (id integer PRIMARY KEY);', 'DROP TABLE early;');
    await expect(migrate(options())).rejects.toMatchObject({ code: 'OUT_OF_ORDER', message: expect.stringContaining('000_early') });
    expect((await history()).map((r) => r.name)).toEqual(['001_users', '002_posts']);
    const run = await migrate({ ...options(), allowOutOfOrder: true });
    expect(run.results.map((r) => r.name)).toEqual(['000_early', '003_email_index', '004_posts_body']);
  });

  it('a migration that fails halfway names the statement, and leaves the history as it was', async () => {
    write('005_broken', 'CREATE TABLE tags (id integer PRIMARY KEY);\n\nINSERT INTO no_such_table VALUES (1);', 'DROP TABLE tags;');
    write('006_after', 'CREATE TABLE after_broken (id integer PRIMARY KEY);', 'DROP TABLE after_broken;');
    const error = (await migrate(options()).catch((e: unknown) => e)) as RunFailed;
    expect(error).toBeInstanceOf(RunFailed);
    expect(error.message).toMatch(/^migration 005_broken \(up\) failed at .*005_broken\.up\.sql:3: INSERT INTO no_such_table VALUES \(1\) — /);
    expect(error.result.results.map((r) => [r.name, r.status])).toEqual([
      ['001_users', 'Success'],
      ['002_posts', 'Success'],
      ['003_email_index', 'Success'],
      ['004_posts_body', 'Success'],
      ['005_broken', 'Error'],
      ['006_after', 'NotExecuted'],
    ]);
    const tables = (await schema()).tables.map((x) => x.name);
    expect(tables).not.toContain('after_broken');
    if (target === 'mysql') {
      // no transactional DDL: the first statement stayed, the history says the migration was interrupted
      expect(tables).toContain('tags');
      expect((await history()).find((r) => r.name === '005_broken')!.duration_ms).toBeNull();
      expect((await status(options())).find((e) => e.name === '005_broken')!.state).toBe('interrupted');
      // fixed, it resumes: the table already there is skipped, the rest runs
      write('005_broken', 'CREATE TABLE tags (id integer PRIMARY KEY);\n\nINSERT INTO tags VALUES (1);', 'DROP TABLE tags;');
      const resumed = await migrate(options());
      expect(resumed.results.map((r) => [r.name, r.status])).toEqual([
        ['005_broken', 'Success'],
        ['006_after', 'Success'],
      ]);
      expect(events.some((e) => e.kind === 'already-done' && e.name === '005_broken' && e.line === 1)).toBe(true);
    } else {
      expect(tables).not.toContain('tags');
      expect((await history()).map((r) => r.name)).not.toContain('005_broken');
    }
  });

  it('stops before an after-deploy migration until told to run it', async () => {
    write('005_contract', '-- mig:after-deploy\nALTER TABLE posts DROP COLUMN title;', 'ALTER TABLE posts ADD COLUMN title varchar(50);');
    const run = await migrate(options());
    expect(run.stoppedBefore).toBe('005_contract');
    expect(run.results.map((r) => r.name)).not.toContain('005_contract');
    expect(events).toContainEqual(expect.objectContaining({ kind: 'stopped', before: '005_contract' }));
    const after = await migrate({ ...options(), afterDeploy: true });
    expect(after.results.map((r) => [r.name, r.status])).toEqual([['005_contract', 'Success']]);
  });

  it('repeats a -- mig:repeat statement until it changes no rows, outside a transaction', async () => {
    const batch =
      target === 'mysql'
        ? "UPDATE users SET email = CONCAT('u', id) WHERE email IS NULL LIMIT 2"
        : "UPDATE users SET email = 'u' || id WHERE id IN (SELECT id FROM users WHERE email IS NULL LIMIT 2)";
    write('005_backfill', `-- mig:no-transaction\n\n-- mig:repeat\n${batch};`, 'UPDATE users SET email = NULL;');
    await migrate(options());
    const batches = events.filter((e): e is Extract<RunnerEvent, { kind: 'batch' }> => e.kind === 'batch' && e.name === '005_backfill');
    expect(batches.map((b) => b.rows)).toEqual([2, 1, 0]);
    expect(await t.db.query('SELECT id FROM users WHERE email IS NULL')).toEqual([]);
  });

  if (target === 'postgres') {
    it('drops the INVALID index a failed concurrent build left, then builds it again', async () => {
      await migrate(options());
      await t.db.exec(`UPDATE users SET email = 'same'`);
      write('005_unique_email', '-- mig:no-transaction\nCREATE UNIQUE INDEX CONCURRENTLY idx_users_email_unique ON users (email);', 'DROP INDEX CONCURRENTLY idx_users_email_unique;');
      await expect(migrate(options())).rejects.toThrow(/005_unique_email \(up\) failed .*could not create unique index/);
      const invalid = `SELECT i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = 'idx_users_email_unique'`;
      expect(await t.db.query(invalid)).toEqual([{ valid: false }]);
      expect((await status(options())).find((e) => e.name === '005_unique_email')!.state).toBe('interrupted');

      await t.db.exec(`UPDATE users SET email = 'u' || id`);
      events = [];
      const run = await migrate(options());
      expect(run.results.map((r) => [r.name, r.status])).toEqual([['005_unique_email', 'Success']]);
      expect(events).toContainEqual(expect.objectContaining({ kind: 'cleanup', name: '005_unique_email', line: 2 }));
      expect(await t.db.query(invalid)).toEqual([{ valid: true }]);
    });
  }
});
