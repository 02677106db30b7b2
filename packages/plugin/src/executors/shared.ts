import type { ExecutorContext } from '@nx/devkit';
import { type Io, MigError, type RunnerEngine, SQL_ENGINE, diskFiles, errorText } from '@mig/core';
import { join } from 'node:path';
import { type Choice, chooseAdapter } from '../adapters';
import { keepingUrlVariables, unloadNxDotenv } from './dotenv';

export const processIo: Io = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};

export interface ProjectRun {
  name: string;
  /** absolute project directory */
  projectDir: string;
  /** absolute migrations directory */
  migrationsDir: string;
  choice: Choice;
}

/** The project an executor runs for, its framework, and its migrations directory. */
export function projectRun(context: ExecutorContext, framework?: string): ProjectRun {
  const name = context.projectName;
  const project = name ? context.projectsConfigurations?.projects[name] : undefined;
  if (!name || !project) throw new MigError('this executor runs for a project: nx run <project>:<target>', { code: 'NO_PROJECT' });
  const choice = chooseAdapter(diskFiles(context.root), project.root, name, framework);
  return {
    name,
    projectDir: join(context.root, project.root),
    migrationsDir: join(context.root, choice.adapter.migrationsDir(diskFiles(context.root), project.root)),
    choice,
  };
}

/** What runs the project's migrations: its framework's engine, or mig's runner for raw SQL. */
export function engineOf(run: ProjectRun, target: string): RunnerEngine {
  if (run.choice.adapter.runner) return run.choice.adapter.runner;
  if (run.choice.adapter.name === 'sql') return SQL_ENGINE;
  const { apply, rollback } = run.choice.adapter.commands;
  throw new MigError(
    `${run.name} uses ${run.choice.adapter.label}, whose migrations mig's ${target} does not run yet; run them with ${target === 'rollback' ? rollback : apply}`,
    { code: 'UNSUPPORTED_FRAMEWORK' },
  );
}

/** migration-check analyses and replays raw SQL; other frameworks are checked by their own tools. */
export function requireSqlFiles(run: ProjectRun): void {
  if (run.choice.adapter.name === 'sql') return;
  throw new MigError(
    `${run.name} uses ${run.choice.adapter.label}: migration-check analyses raw SQL migrations; check its files with ${run.choice.adapter.commands.apply} on a scratch database`,
    { code: 'UNSUPPORTED_FRAMEWORK' },
  );
}

/** Run an executor's work: a MigError is one `error:` line; the result is Nx's `{ success }`. */
export async function execute(work: () => Promise<number>): Promise<{ success: boolean }> {
  try {
    return { success: (await keepingUrlVariables(work)) === 0 };
  } catch (e) {
    processIo.err(errorText(e));
    return { success: false };
  }
}

/** Executor options as the runner's text options. */
export interface RunExecutorSchema {
  env?: string;
  db?: string;
  dir?: string;
  historyTable?: string;
  lockMode?: 'session' | 'xact';
  lockWait?: number;
  lockTimeout?: string;
  statementTimeout?: string;
  retries?: number;
  allowOutOfOrder?: boolean;
  json?: boolean;
  yes?: boolean;
}

export function runnerOptions(options: RunExecutorSchema, context: ExecutorContext, run: ProjectRun) {
  const env = options.env ?? context.configurationName;
  unloadNxDotenv({ ...(env ? { env } : {}), ...(options.db ? { db: options.db } : {}), projectDir: run.projectDir, workspaceRoot: context.root });
  return {
    ...(env ? { env } : {}),
    ...(options.db ? { db: options.db } : {}),
    dir: options.dir ? join(run.projectDir, options.dir) : run.migrationsDir,
    projectDir: run.projectDir,
    workspaceRoot: context.root,
    ...(options.historyTable ? { historyTable: options.historyTable } : {}),
    ...(options.lockMode ? { lockMode: options.lockMode } : {}),
    ...(options.lockWait !== undefined ? { lockWait: String(options.lockWait) } : {}),
    ...(options.lockTimeout ? { lockTimeout: options.lockTimeout } : {}),
    ...(options.statementTimeout ? { statementTimeout: options.statementTimeout } : {}),
    ...(options.retries !== undefined ? { retries: String(options.retries) } : {}),
    ...(options.allowOutOfOrder ? { allowOutOfOrder: true } : {}),
    ...(options.json ? { json: true } : {}),
    ...(options.yes ? { yes: true } : {}),
  };
}
