import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveEnvironment } from './environment';

describe('which database an environment means', () => {
  let root: string;
  let project: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'mig-env-'));
    project = join(root, 'apps', 'api');
    mkdirSync(project, { recursive: true });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const resolve = (options: Parameters<typeof resolveEnvironment>[0] = {}) =>
    resolveEnvironment({ projectDir: project, workspaceRoot: root, processEnv: {}, ...options });

  test('no URL anywhere: the embedded PGlite database of the project, per environment', () => {
    const env = resolve({ env: 'staging' });
    expect(env).toMatchObject({ name: 'staging', url: `pglite:${join(project, '.mig', 'pglite', 'staging')}`, embedded: true, production: false });
    expect(resolve().name).toBe('development');
  });

  test('.env.<env> in the project wins over the workspace root; MIG_DATABASE_URL over DATABASE_URL', () => {
    writeFileSync(join(root, '.env.staging'), 'DATABASE_URL=postgres://root@db/root_staging\n');
    expect(resolve({ env: 'staging' })).toMatchObject({ url: 'postgres://root@db/root_staging', source: `${join(root, '.env.staging')} (DATABASE_URL)` });
    writeFileSync(join(project, '.env.staging'), '# staging\nDATABASE_URL="postgres://app:s3cret@db/app"\nMIG_DATABASE_URL=postgres://mig:pw@db/app\n');
    const env = resolve({ env: 'staging' });
    expect(env).toMatchObject({ url: 'postgres://mig:pw@db/app', displayUrl: 'postgres://mig:***@db/app', embedded: false });
    expect(env.source).toBe(`${join(project, '.env.staging')} (MIG_DATABASE_URL)`);
  });

  test('the real process environment wins over files, and --db over everything', () => {
    writeFileSync(join(project, '.env.staging'), 'DATABASE_URL=postgres://file@db/app\n');
    expect(resolve({ env: 'staging', processEnv: { DATABASE_URL: 'mysql://proc@db/app' } })).toMatchObject({
      url: 'mysql://proc@db/app',
      source: 'the environment (DATABASE_URL)',
    });
    expect(resolve({ env: 'staging', db: 'sqlite:x.db', processEnv: { DATABASE_URL: 'mysql://proc@db/app' } })).toMatchObject({
      url: 'sqlite:x.db',
      source: '--db',
    });
  });

  test('mig.config.json: environments, production-like names and settings, the project overriding the root', () => {
    writeFileSync(
      join(root, 'mig.config.json'),
      JSON.stringify({ migrationsDir: 'db/migrations', productionEnvironments: ['production', 'live'], environments: { live: { url: 'postgres://live@db/app' } } }),
    );
    writeFileSync(join(project, 'mig.config.json'), JSON.stringify({ migrationsDir: 'sql' }));
    const live = resolve({ env: 'live' });
    expect(live).toMatchObject({ url: 'postgres://live@db/app', production: true });
    expect(live.config.migrationsDir).toBe('sql');
    expect(resolve({ env: 'production' }).production).toBe(true);
    expect(resolve({ env: 'staging' }).production).toBe(false);
  });

  test('bad input is one clear error', () => {
    expect(() => resolve({ env: '../etc' })).toThrow(/^environment "..\/etc" must be letters, digits, ., _ and -/);
    writeFileSync(join(project, 'mig.config.json'), '{ nope');
    expect(() => resolve()).toThrow(/^could not read .*mig\.config\.json: .*; fix it$/);
  });

  test('mig.config.ts is read with the project\'s TypeScript', () => {
    writeFileSync(
      join(project, 'mig.config.ts'),
      "interface Config { environments: Record<string, { url: string }> }\nconst config: Config = { environments: { qa: { url: 'mysql://qa@db/app' } } };\nexport default config;\n",
    );
    expect(resolve({ env: 'qa' })).toMatchObject({ url: 'mysql://qa@db/app', source: `${join(project, 'mig.config.ts')} (environments.qa.url)` });
  });
});
