import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keepingUrlVariables, unloadNxDotenv } from './dotenv';

describe('the URL variables Nx loads from dotenv files into a task', () => {
  let root: string;
  let projectDir: string;
  const DEV = 'mysql://root@127.0.0.1:3306/dev';
  const STAGING = 'mysql://root@127.0.0.1:3306/staging';

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'mig-dotenv-'));
    projectDir = join(root, 'apps/billing');
    mkdirSync(projectDir, { recursive: true });
    writeFileSync(join(projectDir, '.env'), `DATABASE_URL=${DEV}\n`);
    writeFileSync(join(projectDir, '.env.staging'), `DATABASE_URL="${STAGING}"\n`);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  test('give way to .env.<env>: --env=staging is not the database of .env', () => {
    const env: NodeJS.ProcessEnv = { DATABASE_URL: DEV, PATH: '/bin' };
    unloadNxDotenv({ env: 'staging', projectDir, workspaceRoot: root }, env);
    expect(env).toEqual({ PATH: '/bin' });
  });

  test('stay when the environment has no file or config of its own: .env is the development database', () => {
    const env: NodeJS.ProcessEnv = { DATABASE_URL: DEV };
    unloadNxDotenv({ projectDir, workspaceRoot: root }, env);
    expect(env).toEqual({ DATABASE_URL: DEV });
  });

  test('a value no dotenv file has is the real environment, and it stays', () => {
    const env: NodeJS.ProcessEnv = { MIG_DATABASE_URL: 'postgres://ci@db/app', DATABASE_URL: DEV };
    unloadNxDotenv({ env: 'staging', projectDir, workspaceRoot: root }, env);
    expect(env).toEqual({ MIG_DATABASE_URL: 'postgres://ci@db/app' });
  });

  test('keepingUrlVariables puts the process environment back', async () => {
    const before = process.env['DATABASE_URL'];
    process.env['DATABASE_URL'] = DEV;
    try {
      await keepingUrlVariables(async () => {
        unloadNxDotenv({ env: 'staging', projectDir, workspaceRoot: root });
        expect(process.env['DATABASE_URL']).toBeUndefined();
      });
      expect(process.env['DATABASE_URL']).toBe(DEV);
    } finally {
      if (before === undefined) delete process.env['DATABASE_URL'];
      else process.env['DATABASE_URL'] = before;
    }
  });
});
