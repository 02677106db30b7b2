import { resolveEnvironment } from '@mig/core';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { parseEnv } from 'node:util';

const URL_NAMES = ['MIG_DATABASE_URL', 'DATABASE_URL'] as const;

/** Dotenv file names as Nx loads them into a task: `.env`, `.env.<name>[.local]`, `.<name>[.local].env`. */
const DOTENV_FILE = /^(\.env(\..+)?|\..+\.env)$/;

/** The values each URL variable has in the dotenv files of these directories. */
function dotenvUrls(dirs: string[]): Map<string, Set<string>> {
  const values = new Map<string, Set<string>>(URL_NAMES.map((n) => [n, new Set<string>()]));
  for (const dir of dirs) {
    for (const file of existsSync(dir) ? readdirSync(dir) : []) {
      if (!DOTENV_FILE.test(file)) continue;
      let parsed: NodeJS.Dict<string>;
      try {
        parsed = parseEnv(readFileSync(`${dir}/${file}`, 'utf8'));
      } catch {
        continue; // a directory or an unreadable file: Nx skipped it too
      }
      for (const name of URL_NAMES) if (parsed[name]) values.get(name)!.add(parsed[name]!);
    }
  }
  return values;
}

export interface EnvironmentChoice {
  env?: string;
  db?: string;
  projectDir: string;
  workspaceRoot: string;
}

/**
 * Nx loads a task's dotenv files (`.env`, `.env.local`, `.env.<target>`, `.env.<configuration>`, in
 * the project and the workspace root) into the executor's process environment, where mig would take
 * them for the real environment, which outranks `.env.<env>`: `nx run api:migrate --env=staging`
 * would then migrate the database of `.env`. So a URL variable whose value is the one a dotenv file
 * gives (compared by value, as Nx itself unloads dotenv files) is taken back out of the process
 * environment when the environment's own file or mig.config names a database; otherwise it stays,
 * and a project whose only database is in `.env` keeps it.
 */
export function unloadNxDotenv(choice: EnvironmentChoice, env: NodeJS.ProcessEnv = process.env): void {
  if (choice.db) return;
  const fromFiles = dotenvUrls([...new Set([choice.projectDir, choice.workspaceRoot])]);
  const real = { ...env };
  for (const name of URL_NAMES) if (real[name] !== undefined && fromFiles.get(name)!.has(real[name]!)) delete real[name];
  const resolved = resolveEnvironment({ ...(choice.env ? { env: choice.env } : {}), projectDir: choice.projectDir, workspaceRoot: choice.workspaceRoot, processEnv: real });
  if (resolved.embedded) return;
  for (const name of URL_NAMES) if (real[name] === undefined) delete env[name];
}

/** Run work and put the URL variables of the process environment back as they were. */
export async function keepingUrlVariables<T>(work: () => Promise<T>): Promise<T> {
  const saved = URL_NAMES.map((name) => [name, process.env[name]] as const);
  try {
    return await work();
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}
