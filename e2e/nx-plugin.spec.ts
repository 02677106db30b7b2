/**
 * mig's Nx plugin as a user gets it: the packages packed and published to a registry of the run's
 * own, a workspace from create-nx-workspace, `npm install -D @mig/plugin @mig/cli`, then the
 * generators and the inferred targets on the real PostgreSQL and MariaDB servers, `nx affected`
 * and its cache, and bad input. The steps run in order and share the workspace; a failed step
 * stops the ones after it. Each step's wall time is printed at the end.
 *
 * Needs `npm run build` first (npm test does it) and the two database servers of DEVELOPERS.md
 * (MIG_TEST_PG_URL / MIG_TEST_MYSQL_URL point elsewhere). MIG_E2E_KEEP=1 keeps the temporary
 * directory; MIG_E2E_BUILD_NATIVE=1 compiles better-sqlite3 as a machine without its prebuilt would.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { Client } from 'pg';
import { type RunResult, UserWorkspace, run } from './support/workspace';

const PG_ADMIN_URL = process.env['MIG_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const MYSQL_ADMIN_URL = process.env['MIG_TEST_MYSQL_URL'] ?? 'mysql://root@127.0.0.1:3306/test';
const STEP_TIMEOUT = 5 * 60_000;
const INSTALL_TIMEOUT = 15 * 60_000;

const suffix = `${process.pid}_${randomBytes(3).toString('hex')}`;
const DB = { api: `mig_e2e_api_${suffix}`, shop: `mig_e2e_shop_${suffix}`, billingDev: `mig_e2e_billing_dev_${suffix}`, billingStaging: `mig_e2e_billing_stg_${suffix}` };

/** A URL of the admin server with another database; PostgreSQL trusts any password here, so one is set to prove it is never printed. */
function databaseUrl(admin: string, database: string, password?: string): string {
  const url = new URL(admin);
  url.pathname = `/${database}`;
  if (password && !url.password) url.password = password;
  return url.toString();
}
const API_URL = databaseUrl(PG_ADMIN_URL, DB.api, 'e2e-pw-never-printed');
const API_PASSWORD = decodeURIComponent(new URL(API_URL).password);

async function pg<T>(url: string, work: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function mysql<T>(work: (c: Awaited<ReturnType<typeof createConnection>>) => Promise<T>): Promise<T> {
  const connection = await createConnection(MYSQL_ADMIN_URL);
  try {
    return await work(connection);
  } finally {
    await connection.end();
  }
}

async function apiColumns(table: string): Promise<string[]> {
  return pg(API_URL, async (c) => {
    const r = await c.query<{ column_name: string }>('SELECT column_name FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position', [table]);
    return r.rows.map((row) => row.column_name);
  });
}

async function mysqlTables(database: string): Promise<string[]> {
  return mysql(async (c) => {
    const [rows] = await c.query('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ? ORDER BY table_name', [database]);
    return (rows as Array<{ name: string }>).map((r) => r.name);
  });
}

/** The tasks an `nx run` / `nx affected` ran, from its static output: `> nx run billing:migration-check`. */
function tasksRan(result: RunResult): string[] {
  return [...result.output.matchAll(/^> nx run ([\w-]+:[\w-]+(?::[\w-]+)?)/gm)].map((m) => m[1]!).sort();
}

/** It needs both servers: MIG_TEST_DIALECTS without postgres and mysql reports it skipped. */
const wanted = process.env['MIG_TEST_DIALECTS']?.split(',').map((s) => s.trim());
const describeE2e = !wanted || (wanted.includes('postgres') && wanted.includes('mysql')) ? describe : describe.skip;

describeE2e('@mig/plugin installed from a registry into a fresh Nx workspace', () => {
  let u: UserWorkspace;
  let failed: string | undefined;

  /** One step of the flow, timed; after a failed step the rest say so instead of failing confusingly. */
  function step(name: string, work: () => Promise<void>, timeout = STEP_TIMEOUT): void {
    test(
      name,
      async () => {
        if (failed) throw new Error(`not run: the step "${failed}" failed`);
        try {
          await u.timings.step(name, work);
        } catch (e) {
          failed = name;
          throw e;
        }
      },
      timeout,
    );
  }

  async function nx(args: string[]): Promise<RunResult> {
    const result = await u.nx(args[0] === 'run' || args[0] === 'affected' ? [...args, '--outputStyle=static'] : args);
    if (result.code !== 0) throw new Error(`nx ${args.join(' ')} failed (exit ${result.code}):\n${result.output}`);
    return result;
  }

  beforeAll(async () => {
    u = new UserWorkspace();
    await pg(PG_ADMIN_URL, (c) => c.query(`CREATE DATABASE ${DB.api}`));
    await pg(PG_ADMIN_URL, (c) => c.query(`CREATE DATABASE ${DB.shop}`));
    await mysql(async (c) => {
      await c.query(`CREATE DATABASE ${DB.billingDev}`);
      await c.query(`CREATE DATABASE ${DB.billingStaging}`);
    });
  }, 60_000);

  afterAll(async () => {
    const problems: unknown[] = [];
    for (const cleanup of [
      () => u?.close(),
      () => pg(PG_ADMIN_URL, (c) => c.query(`DROP DATABASE IF EXISTS ${DB.api} WITH (FORCE)`)),
      () => pg(PG_ADMIN_URL, (c) => c.query(`DROP DATABASE IF EXISTS ${DB.shop} WITH (FORCE)`)),
      () => mysql((c) => c.query(`DROP DATABASE IF EXISTS ${DB.billingDev}`).then(() => c.query(`DROP DATABASE IF EXISTS ${DB.billingStaging}`))),
    ]) {
      try {
        await cleanup();
      } catch (e) {
        problems.push(e);
      }
    }
    if (u) console.log(u.timings.table(`e2e wall times${process.env['MIG_E2E_KEEP'] === '1' ? ` (kept ${u.dir})` : ''}`));
    if (problems.length) throw problems[0];
  }, 60_000);

  step('npm pack ships what each manifest points at', async () => {
    const tarballs = await u.pack();
    const names = tarballs.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['@mig/core', '@mig/adapter-sql', '@mig/plugin', '@mig/cli']));
    for (const t of tarballs) {
      expect(t.files).toContain('package.json');
      expect(t.files).toContain(t.manifest.main);
      expect(t.files.filter((f) => f.endsWith('.spec.js'))).toEqual([]);
    }
    const plugin = tarballs.find((t) => t.name === '@mig/plugin')!;
    expect(plugin.files).toEqual(expect.arrayContaining(['generators.json', 'executors.json']));
    const cli = tarballs.find((t) => t.name === '@mig/cli')!;
    expect(cli.files).toContain('bin/mig.js');
  });

  step('they publish to the run’s own registry', async () => {
    const { url } = await u.startRegistry();
    await u.publish();
    for (const t of u.tarballs) {
      const packument = (await (await fetch(`${url}${t.name.replace('/', '%2f')}`)).json()) as { 'dist-tags': { latest: string }; versions: Record<string, { dist: { tarball: string } }> };
      expect(packument['dist-tags'].latest).toBe(t.version);
      expect(packument.versions[t.version]!.dist.tarball.startsWith(url)).toBe(true);
    }
  });

  step(
    'create-nx-workspace makes a fresh npm workspace from it',
    async () => {
      await u.create('acme');
      expect(JSON.parse(u.read('package.json')).devDependencies).toMatchObject({ nx: '23.2.1' });
      expect((await u.nx(['--version'])).output).toMatch(/Local:\s+v23\.2\.1/);
    },
    INSTALL_TIMEOUT,
  );

  step(
    'npm install -D @mig/plugin @mig/cli takes them from the registry, with everything their manifests name',
    async () => {
      await u.install(['@mig/plugin', '@mig/cli']);
      const lock = JSON.parse(u.read('package-lock.json')) as { packages: Record<string, { version: string; resolved?: string }> };
      for (const name of ['@mig/plugin', '@mig/cli', '@mig/core', '@mig/adapter-sql']) {
        expect(lock.packages[`node_modules/${name}`]).toMatchObject({ version: '0.1.0', resolved: expect.stringContaining(u.registry!.url) });
      }
      // every generator and executor the installed plugin declares is there, with its schema
      const plugin = join(u.ws, 'node_modules/@mig/plugin');
      for (const [manifest, kind] of [['generators.json', 'generators'], ['executors.json', 'executors']] as const) {
        const entries = JSON.parse(u.read(`node_modules/@mig/plugin/${manifest}`))[kind] as Record<string, Record<string, string>>;
        expect(Object.keys(entries).length).toBeGreaterThan(0);
        for (const entry of Object.values(entries)) {
          expect(existsSync(join(plugin, `${entry['factory'] ?? entry['implementation']}.js`))).toBe(true);
          expect(existsSync(join(plugin, entry['schema']!))).toBe(true);
        }
      }
      expect(existsSync(join(u.ws, 'node_modules/.bin/mig'))).toBe(true);
    },
    INSTALL_TIMEOUT,
  );

  step('nx g @mig/plugin:init registers the plugin and reports each project with migrations', async () => {
    u.write({
      'apps/api/project.json': JSON.stringify({ name: 'api', projectType: 'application' }, null, 2),
      'apps/api/migrations/20240101000000_create_users.up.sql':
        'CREATE TABLE users (\n  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,\n  email varchar(255) NOT NULL\n);\n',
      'apps/api/migrations/20240101000000_create_users.down.sql': 'DROP TABLE users;\n',
      'apps/api/.env.staging': `DATABASE_URL=${API_URL}\n`,
      'apps/billing/project.json': JSON.stringify({ name: 'billing', projectType: 'application' }, null, 2),
      'apps/billing/migrations/20240101000000_create_invoices.up.sql':
        'CREATE TABLE invoices (\n  id bigint AUTO_INCREMENT PRIMARY KEY,\n  total_cents bigint NOT NULL\n);\n',
      'apps/billing/migrations/20240101000000_create_invoices.down.sql': 'DROP TABLE invoices;\n',
      // development and staging are two databases: --env=staging must take the second
      'apps/billing/.env': `DATABASE_URL=${databaseUrl(MYSQL_ADMIN_URL, DB.billingDev)}\n`,
      'apps/billing/.env.staging': `DATABASE_URL=${databaseUrl(MYSQL_ADMIN_URL, DB.billingStaging)}\n`,
    });
    const init = await nx(['g', '@mig/plugin:init']);
    expect(init.output).toMatch(/mig: api: Raw SQL \(/);
    expect(init.output).toMatch(/mig: billing: Raw SQL on mysql \(.*apps\/billing\/\.env: DATABASE_URL is mysql/);
    const nxJson = JSON.parse(u.read('nx.json')) as { plugins?: Array<string | { plugin: string }> };
    expect(nxJson.plugins).toContainEqual({ plugin: '@mig/plugin', options: {} });
    expect(u.read('.gitignore')).toMatch(/^\.mig\/$/m);

    const api = JSON.parse((await nx(['show', 'project', 'api', '--json'])).stdout) as { targets: Record<string, { executor: string; configurations?: object; cache?: boolean }> };
    expect(Object.keys(api.targets).sort()).toEqual(['migrate', 'migration-check', 'rollback', 'status']);
    expect(api.targets['migrate']).toMatchObject({ executor: '@mig/plugin:migrate', configurations: { staging: { env: 'staging' } } });
    expect(api.targets['migration-check']).toMatchObject({ executor: '@mig/plugin:check', cache: true });
  });

  step('nx g @mig/plugin:migration writes the raw SQL migration pair and its report', async () => {
    const result = await nx(['g', '@mig/plugin:migration', 'add email_verified to users', '--project=api']);
    const dir = join(u.ws, 'apps/api/migrations');
    const created = readdirSync(dir).filter((f) => f.includes('_add_email_verified_to_users'));
    expect(created.map((f) => f.replace(/^\d{14}/, '<stamp>')).sort()).toEqual([
      '<stamp>_add_email_verified_to_users.down.sql',
      '<stamp>_add_email_verified_to_users.md',
      '<stamp>_add_email_verified_to_users.up.sql',
    ]);
    for (const f of created) expect(result.output).toContain(`CREATE apps/api/migrations/${f}`);
    const up = u.read(`apps/api/migrations/${created.find((f) => f.endsWith('.up.sql'))}`);
    const down = u.read(`apps/api/migrations/${created.find((f) => f.endsWith('.down.sql'))}`);
    expect(up).toMatch(/^ALTER TABLE users ADD COLUMN email_verified boolean NOT NULL DEFAULT false;$/m);
    expect(down).toMatch(/^ALTER TABLE users DROP COLUMN email_verified;$/m);
    expect(result.output).toMatch(/risk low, reversible yes, data loss none/);
  });

  step('nx run api:migrate --env=staging applies them to PostgreSQL from .env.staging, never printing the password', async () => {
    const result = await nx(['run', 'api:migrate', '--env=staging']);
    expect(result.output).toContain(`(${join(u.ws, 'apps/api/.env.staging')} (DATABASE_URL))`);
    expect(result.output).toMatch(/2 applied in \d+ ms/);
    expect(result.output).not.toContain(API_PASSWORD);
    expect(await apiColumns('users')).toEqual(['id', 'email', 'email_verified']);
  });

  step('nx run api:rollback --env=staging reverts the last migration', async () => {
    const result = await nx(['run', 'api:rollback', '--env=staging']);
    expect(result.output).toMatch(/down\s+\d{14}_add_email_verified_to_users/);
    expect(result.output).not.toContain(API_PASSWORD);
    expect(await apiColumns('users')).toEqual(['id', 'email']);
  });

  step('nx run api:migrate --configuration=staging applies it again', async () => {
    const result = await nx(['run', 'api:migrate', '--configuration=staging']);
    expect(result.output).toMatch(/1 applied in \d+ ms/);
    expect(result.output).not.toContain(API_PASSWORD);
    expect(await apiColumns('users')).toEqual(['id', 'email', 'email_verified']);
  });

  step('nx run billing:migrate --env=staging migrates the MariaDB of .env.staging, not the one of .env', async () => {
    const staging = await nx(['run', 'billing:migrate', '--env=staging']);
    expect(staging.output).toContain(`(${join(u.ws, 'apps/billing/.env.staging')} (DATABASE_URL))`);
    expect(await mysqlTables(DB.billingStaging)).toEqual(['invoices', 'mig_migrations']);
    expect(await mysqlTables(DB.billingDev)).toEqual([]);
    // without --env: development, which has no .env.development: the .env Nx loads is its database
    await nx(['run', 'billing:migrate']);
    expect(await mysqlTables(DB.billingDev)).toEqual(['invoices', 'mig_migrations']);
  });

  step(
    'a Sequelize project: nx g writes a queryInterface migration, nx run shop:migrate applies it, sequelize-cli sees and undoes it',
    async () => {
      await u.install(['sequelize@6.37.8', 'sequelize-cli@6.6.5', 'pg@8.23.1']);
      const url = new URL(databaseUrl(PG_ADMIN_URL, DB.shop));
      const development = { dialect: 'postgres', host: url.hostname, port: Number(url.port), username: decodeURIComponent(url.username), password: null, database: DB.shop };
      u.write({
        'apps/shop/project.json': JSON.stringify({ name: 'shop', projectType: 'application' }, null, 2),
        'apps/shop/package.json': JSON.stringify({ name: 'shop', private: true, dependencies: { sequelize: '6.37.8' } }, null, 2),
        'apps/shop/config/config.json': JSON.stringify({ development }, null, 2),
        'apps/shop/.env': `DATABASE_URL=${url.toString()}\n`,
      });
      const generated = await nx(['g', '@mig/plugin:migration', 'create table products with name string(100) not null, price decimal(10,2)', '--project=shop', '--report=false']);
      expect(generated.output).toMatch(/mig: Sequelize on PostgreSQL/);
      const [file] = readdirSync(join(u.ws, 'apps/shop/migrations'));
      expect(file).toMatch(/^\d{14}-create-table-products-with-name-string-100-not-null-price-decimal-10-2\.js$/);
      expect(u.read(`apps/shop/migrations/${file}`)).toContain('queryInterface.createTable(');

      const applied = await nx(['run', 'shop:migrate']);
      expect(applied.output).toMatch(new RegExp(`up {4}${file!.replace('.', '\\.')} {2}\\d+ ms`));
      const tables = () => pg(url.toString(), async (c) => (await c.query<{ t: string }>("SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")).rows.map((r) => r.t));
      expect(await tables()).toEqual(['SequelizeMeta', 'products']);

      // sequelize-cli shares the history: it undoes what mig applied, and mig sees that
      const undo = await run(join(u.ws, 'node_modules/.bin/sequelize-cli'), ['db:migrate:undo'], { cwd: join(u.ws, 'apps/shop'), env: { ...u.env, NODE_ENV: 'development' } });
      expect(undo.code).toBe(0);
      expect(await tables()).toEqual(['SequelizeMeta']);
      const status = await nx(['run', 'shop:status', '--json']);
      expect(status.output).toMatch(/"state": "pending"/);
    },
    INSTALL_TIMEOUT,
  );

  step('nx affected -t migration-check runs only for the project whose migrations changed; a re-run is a cache hit', async () => {
    await u.git(['add', '-A']);
    await u.git(['commit', '-q', '-m', 'api and billing with their migrations']);
    const generated = await nx(['g', '@mig/plugin:migration', 'add paid_at to invoices', '--project=billing']);
    expect(generated.output).toMatch(/Raw SQL on MySQL/);
    const up = readdirSync(join(u.ws, 'apps/billing/migrations')).find((f) => f.endsWith('_add_paid_at_to_invoices.up.sql'))!;
    expect(u.read(`apps/billing/migrations/${up}`)).toMatch(/ALTER TABLE invoices ADD COLUMN paid_at/);
    await u.git(['add', '-A']);
    await u.git(['commit', '-q', '-m', 'billing: add paid_at to invoices']);
    expect((await u.git(['diff', '--name-only', 'HEAD~1', 'HEAD'])).trim().split('\n').every((f) => f.startsWith('apps/billing/migrations/'))).toBe(true);

    const first = await nx(['affected', '-t', 'migration-check', '--base=HEAD~1', '--head=HEAD']);
    expect(tasksRan(first)).toEqual(['billing:migration-check']);
    expect(first.output).toMatch(/Successfully ran target migration-check for project billing/);
    expect(first.output).not.toMatch(/local cache|existing outputs match the cache/);

    const second = await nx(['affected', '-t', 'migration-check', '--base=HEAD~1', '--head=HEAD']);
    expect(tasksRan(second)).toEqual(['billing:migration-check']);
    // Nx 23 marks a replayed task "[local cache]", or this when its outputs (none here) are already in place
    expect(second.output).toMatch(/> nx run billing:migration-check\s+\[(local cache|existing outputs match the cache, left as is)\]/);
    expect(second.output).toMatch(/Nx read the output from the cache instead of running the command for 1 out of 1 tasks/);
  });

  describe('bad input: a clear error and nothing written', () => {
    async function failing(args: string[]): Promise<RunResult> {
      expect(await u.git(['status', '--porcelain'])).toBe('');
      const result = await u.nx(args);
      expect(result.code).not.toBe(0);
      expect(await u.git(['status', '--porcelain'])).toBe('');
      return result;
    }

    step('an unknown project', async () => {
      const result = await failing(['g', '@mig/plugin:migration', 'add x to users', '--project=nope']);
      expect(result.output).toMatch(/unknown project "nope"; projects in this workspace: .*\bapi\b.*\bbilling\b/);
    });

    step('a description mig cannot parse', async () => {
      const result = await failing(['g', '@mig/plugin:migration', 'frobnicate the users somehow', '--project=api']);
      expect(result.output).toMatch(/could not understand "frobnicate the users somehow"; the closest supported phrase is "[^"]+"/);
      expect(result.output).not.toMatch(/^\s+at /m);
    });

    step('a project that looks like two frameworks, until --framework picks one', async () => {
      u.write({
        'apps/legacy/project.json': JSON.stringify({ name: 'legacy', projectType: 'application' }, null, 2),
        'apps/legacy/package.json': JSON.stringify({ name: 'legacy', private: true, dependencies: { sequelize: '6.37.8' } }, null, 2),
        'apps/legacy/migrations/20240101000000_create_things.up.sql': 'CREATE TABLE things (id bigint PRIMARY KEY);\n',
        'apps/legacy/migrations/20240101000000_create_things.down.sql': 'DROP TABLE things;\n',
      });
      await u.git(['add', '-A']);
      await u.git(['commit', '-q', '-m', 'legacy project']);
      const result = await failing(['g', '@mig/plugin:migration', 'add label to things', '--project=legacy']);
      expect(result.output).toMatch(/project legacy looks like more than one framework: sequelize \(.*apps\/legacy\/package\.json depends on sequelize.*\), sql \(.*\); pass --framework sequelize or --framework sql/);
      const chosen = await nx(['g', '@mig/plugin:migration', 'add label to things', '--project=legacy', '--framework=sql']);
      expect(chosen.output).toMatch(/CREATE apps\/legacy\/migrations\/\d{14}_add_label_to_things\.up\.sql/);
    });
  });
});
