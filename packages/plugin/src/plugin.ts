import type { CreateNodes, CreateNodesContext, CreateNodesResult, TargetConfiguration } from '@nx/devkit';
import { diskFiles } from '@mig/core';
import { existsSync, readFileSync, readdirSync, realpathSync } from 'node:fs';
import { dirname, join, posix, relative, sep } from 'node:path';
import { type Choice, chooseAdapter } from './adapters';

/**
 * The inference plugin: every project with migrations of a known framework gets `migrate`,
 * `rollback`, `status` and `migration-check` targets. `migration-check` is cached on the project's
 * migrations, its framework's model files and mig's own version, so `nx affected -t migration-check`
 * runs only for projects whose migrations changed, and a re-run is a cache hit.
 */
export interface MigPluginOptions {
  migrateTargetName?: string;
  rollbackTargetName?: string;
  statusTargetName?: string;
  checkTargetName?: string;
}

export const MIG_FILES = '**/{mig.config.json,.sequelizerc,migrations/*.sql,migrations/*.js,migrations/*.cjs}';

/** The project directory a matched file belongs to: where project.json or package.json is. */
function projectRootOf(file: string, workspaceRoot: string): string | undefined {
  let dir = posix.dirname(file);
  if (posix.basename(dir) === 'migrations') dir = posix.dirname(dir);
  const isProject = (d: string) => existsSync(join(workspaceRoot, d, 'project.json')) || existsSync(join(workspaceRoot, d, 'package.json'));
  return isProject(dir) ? dir : undefined;
}

/** Environments a project has files for: `.env.<name>` (project, then workspace root) and mig.config.json. */
function environmentsOf(root: string, workspaceRoot: string): string[] {
  const names = new Set<string>();
  for (const dir of new Set([join(workspaceRoot, root), workspaceRoot])) {
    for (const f of existsSync(dir) ? readdirSync(dir) : []) {
      const m = /^\.env\.([A-Za-z0-9_-]+)$/.exec(f);
      if (m && !['example', 'sample', 'template', 'local'].includes(m[1]!)) names.add(m[1]!);
    }
    const config = join(dir, 'mig.config.json');
    if (existsSync(config)) {
      try {
        for (const name of Object.keys((JSON.parse(readFileSync(config, 'utf8')) as { environments?: object }).environments ?? {})) names.add(name);
      } catch {
        // a broken config is reported by the executors, not here
      }
    }
  }
  return [...names].sort();
}

/** Where a package's files live relative to the workspace, when it is the workspace's own source. */
function localSource(pkg: string, workspaceRoot: string): string | undefined {
  try {
    const root = realpathSync(dirname(require.resolve(`${pkg}/package.json`)));
    const rel = relative(realpathSync(workspaceRoot), root);
    if (rel.startsWith('..') || rel.split(sep).includes('node_modules')) return undefined;
    return rel.split(sep).join('/');
  } catch {
    return undefined;
  }
}

const LOCK_FILES = ['package-lock.json', 'pnpm-lock.yaml', 'yarn.lock', 'bun.lock'];
const MIG_PACKAGES = ['@mig/plugin', '@mig/core'];

/**
 * Inputs that change when mig itself changes: in mig's own workspace its sources; where the
 * workspace's lock file lists mig, its installed versions (Nx knows them as external nodes);
 * otherwise the installed version, asked of node at hashing time.
 */
export function migInputsFor(workspaceRoot: string): NonNullable<TargetConfiguration['inputs']> {
  const local = MIG_PACKAGES.map((p) => localSource(p, workspaceRoot)).filter((l): l is string => l !== undefined);
  if (local.length) return local.map((l) => `{workspaceRoot}/${l}/src/**/*`);
  const lock = LOCK_FILES.map((f) => join(workspaceRoot, f)).find((f) => existsSync(f));
  const text = lock ? readFileSync(lock, 'utf8') : '';
  const locked = MIG_PACKAGES.filter((p) => text.includes(p));
  if (locked.length) return [{ externalDependencies: locked }];
  return [{ runtime: `node -p "require('@mig/plugin/package.json').version"` }];
}

function targetsFor(root: string, choice: Choice, options: MigPluginOptions, context: CreateNodesContext): Record<string, TargetConfiguration> {
  const envs = environmentsOf(root, context.workspaceRoot);
  const configurations = Object.fromEntries(envs.map((env) => [env, { env }]));
  const technologies = ['mig', choice.adapter.name];
  const dir = choice.adapter.migrationsDir(diskFiles(context.workspaceRoot), root);
  const inProject = (path: string) => `{projectRoot}/${posix.relative(root, path) || '.'}`;
  const run = (executor: string, description: string): TargetConfiguration => ({
    executor: `@mig/plugin:${executor}`,
    options: {},
    ...(envs.length ? { configurations } : {}),
    cache: false,
    metadata: { description, technologies },
  });
  // migration-check analyses and replays raw SQL: frameworks with their own file format are checked by their tools
  const check: Record<string, TargetConfiguration> =
    choice.adapter.name !== 'sql'
      ? {}
      : {
          [options.checkTargetName ?? 'migration-check']: {
            executor: '@mig/plugin:check',
            options: {},
            cache: true,
            inputs: [
              `${inProject(dir)}/**/*`,
              ...choice.adapter.inputs.filter((g) => !g.startsWith('migrations/')).map((g) => `{projectRoot}/${g}`),
              ...migInputsFor(context.workspaceRoot),
            ],
            outputs: [],
            metadata: { description: 'Analyse every migration for safety and prove each round trip on an embedded database', technologies },
          },
        };
  return {
    [options.migrateTargetName ?? 'migrate']: run('migrate', `Apply pending ${choice.adapter.label} migrations (--env or --configuration picks the database)`),
    [options.rollbackTargetName ?? 'rollback']: run('rollback', `Revert the last ${choice.adapter.label} migration (--step, --to, --all)`),
    [options.statusTargetName ?? 'status']: run('status', `List ${choice.adapter.label} migrations and their state`),
    ...check,
  };
}

export const createNodes: CreateNodes<MigPluginOptions> = [
  MIG_FILES,
  (files, options, context) => {
    const roots = new Map<string, string>();
    for (const file of files) {
      const root = projectRootOf(file, context.workspaceRoot);
      if (root !== undefined && !roots.has(root)) roots.set(root, file);
    }
    const results: Array<readonly [string, CreateNodesResult]> = [];
    for (const [root, file] of roots) {
      let choice: Choice;
      try {
        choice = chooseAdapter(diskFiles(context.workspaceRoot), root, root);
      } catch {
        continue; // ambiguous: the generator and executors say so when asked
      }
      if (!choice.detection) continue;
      results.push([file, { projects: { [root]: { targets: targetsFor(root, choice, options ?? {}, context) } } }] as const);
    }
    return results;
  },
];

export const createNodesV2 = createNodes;
