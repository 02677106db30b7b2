import { type Detection, type DialectName, type ProjectFiles, dialectOfUrlText } from '@mig/core';

/**
 * Whether a project uses Sequelize, and which database it points at, read from its files as text:
 * `package.json`, `.sequelizerc`, the sequelize-cli config and `.env`. User code is never run, so
 * `.sequelizerc` paths are understood only when they are string literals or `path.resolve`/`path.join`
 * of literals.
 */

/** A path under the project root, relative to the workspace root. */
export function under(root: string, ...parts: string[]): string {
  const segments: string[] = [];
  for (const part of [root, ...parts].flatMap((p) => p.split('/'))) {
    if (part === '' || part === '.') continue;
    if (part === '..' && segments.length && segments[segments.length - 1] !== '..') segments.pop();
    else segments.push(part);
  }
  return segments.join('/') || '.';
}

function readJson(files: ProjectFiles, path: string): unknown {
  const text = files.read(path);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const PACKAGES = ['sequelize', 'sequelize-cli'];

/** The Sequelize packages a package.json depends on. */
function sequelizeDependencies(pkg: unknown): string[] {
  if (!isRecord(pkg)) return [];
  const deps = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'].flatMap((k) =>
    isRecord(pkg[k]) ? Object.keys(pkg[k] as Record<string, unknown>) : [],
  );
  return PACKAGES.filter((p) => deps.includes(p));
}

const STRING = String.raw`'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"`;

function unquote(literal: string): string {
  return literal.slice(1, -1).replace(/\\(.)/g, '$1');
}

/** What `.sequelizerc` sets a path option to: the path relative to the workspace root, `unreadable`, or undefined when unset. */
export function sequelizercPath(text: string, key: string, root: string): string | 'unreadable' | undefined {
  const camel = key.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  const keyRe = new RegExp(String.raw`(?:['"]${key}['"]|\b${camel}\b)\s*:\s*`);
  const at = keyRe.exec(text);
  if (!at) return undefined;
  const rest = text.slice(at.index + at[0].length);
  const literal = new RegExp(String.raw`^(${STRING})\s*[,}\n]`).exec(rest);
  if (literal) return under(root, unquote(literal[1]!));
  const call = new RegExp(String.raw`^path\.(?:resolve|join)\(([^()]*(?:\(\))?[^()]*)\)`).exec(rest);
  if (!call) return 'unreadable';
  const args = call[1]!.split(',').map((a) => a.trim()).filter(Boolean);
  const parts: string[] = [];
  for (const [i, arg] of args.entries()) {
    if (i === 0 && (arg === '__dirname' || arg === 'process.cwd()')) continue;
    if (!new RegExp(String.raw`^(?:${STRING})$`).test(arg)) return 'unreadable';
    const value = unquote(arg);
    // path.resolve: an absolute argument starts over
    if (value.startsWith('/')) parts.length = 0;
    parts.push(value);
  }
  if (parts[0]?.startsWith('/')) return parts.join('/').replace(/\/+/g, '/');
  return under(root, ...parts);
}

/** The dialect Sequelize's `dialect` option names. */
function dialectOfOption(value: unknown): DialectName | undefined {
  if (value === 'postgres' || value === 'postgresql') return 'postgres';
  if (value === 'mysql' || value === 'mariadb') return 'mysql';
  if (value === 'sqlite') return 'sqlite';
  return undefined;
}

/** A variable of a `.env` file. */
function envVariable(text: string, name: string): string | undefined {
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (m?.[1] === name) return m[2]!.replace(/^(['"])(.*)\1$/, '$2');
  }
  return undefined;
}

interface ConfigEvidence {
  dialect?: DialectName;
  evidence: string[];
}

/** The environment sequelize-cli uses by default (development), or the first one the config has. */
function environment(config: Record<string, unknown>): [string, Record<string, unknown>] | undefined {
  const entries = Object.entries(config).filter((e): e is [string, Record<string, unknown>] => isRecord(e[1]));
  return entries.find(([name]) => name === 'development') ?? entries[0];
}

function fromConfig(files: ProjectFiles, root: string, configPath: string): ConfigEvidence {
  const config = readJson(files, configPath);
  const env = isRecord(config) ? environment(config) : undefined;
  if (!env) return { evidence: [] };
  const [name, options] = env;
  const dialect = dialectOfOption(options['dialect']);
  if (dialect) return { dialect, evidence: [`${configPath} (${name}) has dialect "${String(options['dialect'])}"`] };
  const variable = options['use_env_variable'];
  if (typeof variable === 'string') {
    const dotenv = files.read(under(root, '.env'));
    const url = dotenv === undefined ? undefined : envVariable(dotenv, variable);
    const fromUrl = url ? dialectOfUrlText(url) : undefined;
    if (fromUrl) return { dialect: fromUrl, evidence: [`${configPath} (${name}) uses ${variable}`, `${variable} in .env is ${url!.split(':')[0]}://`] };
    return { evidence: [`${configPath} (${name}) uses ${variable}`] };
  }
  if (typeof options['url'] === 'string') {
    const fromUrl = dialectOfUrlText(options['url']);
    if (fromUrl) return { dialect: fromUrl, evidence: [`${configPath} (${name}) has a ${options['url'].split(':')[0]}:// url`] };
  }
  return { evidence: [] };
}

/** Evidence that the project at `root` uses Sequelize; undefined when there is none. */
export function detectSequelize(files: ProjectFiles, root: string): Detection | undefined {
  const evidence: string[] = [];
  const own = sequelizeDependencies(readJson(files, under(root, 'package.json')));
  if (own.length) evidence.push(`${under(root, 'package.json')} depends on ${own.join(' and ')}`);
  const rc = files.read(under(root, '.sequelizerc'));
  if (rc !== undefined) evidence.push(under(root, '.sequelizerc'));
  const rcConfig = rc === undefined ? undefined : sequelizercPath(rc, 'config', root);
  const configPath = rcConfig && rcConfig !== 'unreadable' ? rcConfig : under(root, 'config', 'config.json');
  const config = fromConfig(files, root, configPath);
  evidence.push(...config.evidence);
  if (!evidence.length) return undefined;
  // A workspace's package.json supports evidence found in the project; alone it would claim every project.
  if (root !== '.' && !own.length) {
    const workspace = sequelizeDependencies(readJson(files, 'package.json'));
    if (workspace.length) evidence.push(`package.json depends on ${workspace.join(' and ')}`);
  }
  if (rc !== undefined && sequelizercPath(rc, 'migrations-path', root) === 'unreadable') {
    evidence.push(`.sequelizerc computes migrations-path in code mig does not run; using ${under(root, 'migrations')}`);
  }
  return { framework: 'sequelize', ...(config.dialect ? { dialect: config.dialect } : {}), evidence };
}

/** The project's migrations directory: `.sequelizerc`'s migrations-path when it is readable, else `<root>/migrations`. */
export function sequelizeMigrationsDir(files: ProjectFiles, root: string): string {
  const rc = files.read(under(root, '.sequelizerc'));
  const path = rc === undefined ? undefined : sequelizercPath(rc, 'migrations-path', root);
  return path && path !== 'unreadable' ? path : under(root, 'migrations');
}
