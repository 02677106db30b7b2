import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { redactUrl } from '../db/connection';
import { MigError } from '../errors';

/**
 * Which database an environment means. In order, the first that gives a URL wins:
 *   1. `--db URL`;
 *   2. the real process environment: `MIG_DATABASE_URL`, then `DATABASE_URL`;
 *   3. `.env.<env>` in the project directory, then in the workspace root (same two names);
 *   4. `mig.config.{json,ts,js}` (project, then workspace root): `environments.<env>.url`;
 *   5. none: the embedded PGlite database in `<project>/.mig/pglite/<env>`, so a first run needs no server.
 * Production-like environments (`productionEnvironments` in mig.config, default `production`)
 * need a confirmation.
 */
export interface EnvironmentOptions {
  env?: string;
  db?: string;
  /** the project directory (default: the current directory) */
  projectDir?: string;
  /** the workspace root (default: the project directory) */
  workspaceRoot?: string;
  /** the process environment (default: process.env) */
  processEnv?: NodeJS.ProcessEnv;
}

export interface Environment {
  name: string;
  url: string;
  /** the URL with its password hidden */
  displayUrl: string;
  /** where the URL came from, e.g. `.env.staging (MIG_DATABASE_URL)` */
  source: string;
  embedded: boolean;
  /** the environment is production-like: confirm before changing it */
  production: boolean;
  /** settings from mig.config.json that apply (migrations dir, history table, timeouts) */
  config: MigConfig;
}

export interface MigConfig {
  migrationsDir?: string;
  historyTable?: string;
  lockTimeout?: string;
  statementTimeout?: string;
  productionEnvironments?: string[];
  environments?: Record<string, { url?: string }>;
}

export const DEFAULT_ENVIRONMENT = 'development';
const URL_NAMES = ['MIG_DATABASE_URL', 'DATABASE_URL'];
const ENV_NAME = /^[A-Za-z0-9_.-]+$/;

const CONFIG_FILES = ['mig.config.json', 'mig.config.ts', 'mig.config.js', 'mig.config.cjs'];

/** Load a JavaScript or TypeScript config module (TypeScript through the project's own compiler). */
function loadModule(path: string): unknown {
  let source = readFileSync(path, 'utf8');
  if (path.endsWith('.ts')) {
    let ts: typeof import('typescript');
    try {
      ts = require('typescript') as typeof import('typescript');
    } catch {
      throw new Error('reading a .ts config needs the typescript package installed; use mig.config.json instead');
    }
    source = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  }
  const Module = require('node:module') as { new (id: string): { filename: string; paths: string[]; exports: unknown; _compile(code: string, file: string): void }; _nodeModulePaths(dir: string): string[] };
  const m = new Module(path);
  m.filename = path;
  m.paths = Module._nodeModulePaths(dirname(path));
  m._compile(source, path);
  const exported = m.exports as { default?: unknown };
  return exported && typeof exported === 'object' && 'default' in exported ? exported.default : exported;
}

function readConfig(dir: string): MigConfig | undefined {
  const file = CONFIG_FILES.find((f) => existsSync(join(dir, f)));
  if (!file) return undefined;
  const path = join(dir, file);
  try {
    const config = file.endsWith('.json') ? (JSON.parse(readFileSync(path, 'utf8')) as unknown) : loadModule(path);
    if (typeof config !== 'object' || config === null || Array.isArray(config)) throw new Error('it is not an object');
    return config as MigConfig;
  } catch (e) {
    throw new MigError(`could not read ${path}: ${(e as Error).message.split('\n')[0]}; fix it`, { code: 'BAD_CONFIG' });
  }
}

function fromDotenv(dir: string, env: string): { url: string; source: string } | undefined {
  const path = join(dir, `.env.${env}`);
  if (!existsSync(path)) return undefined;
  const values = parseDotenv(readFileSync(path));
  for (const name of URL_NAMES) {
    const url = values[name];
    if (url) return { url, source: `${path} (${name})` };
  }
  return undefined;
}

/** Resolve the database of an environment; never prints or returns a password outside `url`. */
export function resolveEnvironment(options: EnvironmentOptions = {}): Environment {
  const name = options.env ?? DEFAULT_ENVIRONMENT;
  if (!ENV_NAME.test(name)) {
    throw new MigError(`environment "${name}" must be letters, digits, ., _ and -; e.g. --env staging`, { code: 'BAD_ENV' });
  }
  const project = resolve(options.projectDir ?? process.cwd());
  const root = resolve(options.workspaceRoot ?? project);
  const dirs = project === root ? [project] : [project, root];
  const configs = dirs.map(readConfig).filter((c): c is MigConfig => c !== undefined);
  const config: MigConfig = Object.assign({}, ...[...configs].reverse());
  const production = (config.productionEnvironments ?? ['production']).includes(name);
  const done = (url: string, source: string, embedded = false): Environment => ({
    name,
    url,
    displayUrl: redactUrl(url),
    source,
    embedded,
    production,
    config,
  });

  if (options.db) return done(options.db, '--db');
  const env = options.processEnv ?? process.env;
  for (const key of URL_NAMES) {
    const url = env[key];
    if (url) return done(url, `the environment (${key})`);
  }
  for (const dir of dirs) {
    const found = fromDotenv(dir, name);
    if (found) return done(found.url, found.source);
  }
  for (const [i, c] of configs.entries()) {
    const url = c.environments?.[name]?.url;
    if (url) return done(url, `${join(dirs[i]!, CONFIG_FILES.find((f) => existsSync(join(dirs[i]!, f)))!)} (environments.${name}.url)`);
  }
  const dir = join(project, '.mig', 'pglite', name);
  return done(`pglite:${dir}`, 'no URL configured: the embedded PGlite database', true);
}
