/**
 * mig runs Sequelize migrations itself (nx run <project>:migrate), sharing SequelizeMeta with
 * sequelize-cli: what one applies the other sees, both ways.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { type RunnerEvent, getDialect, plan, prepareAnalyzer } from '@mig/core';
import { type TestDatabase, describeTargets, openTestDatabase } from '../../core/src/testing/databases';
import { sequelizeAdapter } from './adapter';
import { sequelizeEngine } from './runner';

const CLI = resolve(__dirname, '../../../node_modules/.bin/sequelize-cli');

function cli(cwd: string, args: string[]): Promise<string> {
  return new Promise((done, fail) => {
    execFile(CLI, args, { cwd, env: { ...process.env, NODE_ENV: 'development' } }, (error, stdout, stderr) =>
      error ? fail(new Error(`${stdout}\n${stderr}`)) : done(stdout),
    );
  });
}

describeTargets(['postgres', 'mysql'])('mig runs Sequelize migrations on %s', (target) => {
  let t: TestDatabase;
  let dir: string;
  const dialect = getDialect(target === 'mysql' ? 'mysql' : 'postgres');

  beforeAll(async () => {
    await prepareAnalyzer(dialect.name);
  });
  beforeEach(async () => {
    t = await openTestDatabase(target);
    dir = mkdtempSync(join(tmpdir(), 'mig-seq-run-'));
    mkdirSync(join(dir, 'config'));
    const u = new URL(t.url!);
    const development = { dialect: target === 'mysql' ? 'mysql' : 'postgres', host: u.hostname, port: Number(u.port), username: u.username, password: null, database: u.pathname.slice(1), logging: false };
    writeFileSync(join(dir, 'config', 'config.json'), JSON.stringify({ development }));
    const changes = ['create table widgets with name string(50)', 'add column color string(20) to widgets'];
    changes.forEach((description, i) => {
      const p = plan(description, { dialect, zeroDowntime: false });
      for (const f of sequelizeAdapter.emit({ plan: p, dir: 'migrations', at: new Date(Date.UTC(2024, 0, 1, 0, 0, i)) })) {
        mkdirSync(join(dir, 'migrations'), { recursive: true });
        writeFileSync(join(dir, f.path), f.content);
      }
    });
  });
  afterEach(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.dispose();
  });

  const meta = async () => (await t.db.query<{ name: string }>('SELECT name FROM "SequelizeMeta" ORDER BY name'.replace(/"/g, target === 'mysql' ? '`' : '"'))).map((r) => r.name);

  test('migrate and rollback under mig, sharing SequelizeMeta with sequelize-cli both ways', async () => {
    const events: RunnerEvent[] = [];
    const options = { url: t.url!, dir: join(dir, 'migrations'), onEvent: (e: RunnerEvent) => events.push(e) };
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const up = await sequelizeEngine.migrate(options);
      expect(up.results.map((r) => [r.name, r.status])).toEqual([
        ['20240101000000-create-table-widgets-with-name-string-50.js', 'Success'],
        ['20240101000001-add-column-color-string-20-to-widgets.js', 'Success'],
      ]);
      expect(await meta()).toEqual(up.results.map((r) => r.name));
      expect(events.filter((e) => e.kind === 'done')).toHaveLength(2);

      // sequelize-cli sees what mig applied, and undoes the last one
      await cli(dir, ['db:migrate:undo']);
      expect((await sequelizeEngine.status(options)).map((e) => [basename(e.name), e.state])).toEqual([
        ['20240101000000-create-table-widgets-with-name-string-50.js', 'applied'],
        ['20240101000001-add-column-color-string-20-to-widgets.js', 'pending'],
      ]);
      // mig applies it again; sequelize-cli then has nothing to do
      expect((await sequelizeEngine.migrate(options)).results.map((r) => r.status)).toEqual(['Success']);
      expect(await cli(dir, ['db:migrate'])).toMatch(/No migrations were executed, database schema was already up to date/);

      const down = await sequelizeEngine.rollback({ ...options, all: true });
      expect(down.results.map((r) => r.status)).toEqual(['Success', 'Success']);
      expect(await meta()).toEqual([]);
      expect((await dialect.introspect(t.db)).tables.map((x) => x.name)).toEqual(['SequelizeMeta']);
    } finally {
      log.mockRestore();
    }
  }, 60_000);

  test('a failing migration names itself, and the ones after it are not run', async () => {
    writeFileSync(join(dir, 'migrations', '20240101000002-broken.js'), "module.exports = { async up(q) { await q.sequelize.query('SELECT * FROM no_such_table'); }, async down() {} };\n");
    writeFileSync(join(dir, 'migrations', '20240101000003-after.js'), "module.exports = { async up(q) { await q.sequelize.query('SELECT 1'); }, async down() {} };\n");
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const error = await sequelizeEngine.migrate({ url: t.url!, dir: join(dir, 'migrations') }).catch((e: unknown) => e);
      expect((error as Error).message).toMatch(/^migration 20240101000002-broken\.js \(up\) failed: .*no_such_table/);
      const results = (error as { result: { results: Array<{ name: string; status: string }> } }).result.results;
      expect(results.map((r) => r.status)).toEqual(['Success', 'Success', 'Error', 'NotExecuted']);
      expect(await meta()).toHaveLength(2);
    } finally {
      log.mockRestore();
    }
  }, 60_000);
});
