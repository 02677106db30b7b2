import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { MigError } from '../errors';
import { type Environment, resolveEnvironment } from './environment';
import { parseDuration } from './migration-files';
import {
  type MigrationResult,
  type RunResult,
  type RunnerEvent,
  type RollbackOptions,
  type RunnerOptions,
  RunFailed,
  type StatusEntry,
  migrate,
  pendingStatements,
  rollback,
  status,
} from './runner';

/**
 * The migrate / rollback / status commands as the CLI and the Nx executors run them: options as
 * text, output as lines, the exit code as the result. The front ends only parse their arguments.
 */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

/**
 * What runs a framework's migrations. mig's own runner (raw SQL files) is the default; an adapter
 * whose framework has its own file format (Sequelize's JavaScript migrations) brings its own.
 */
export interface RunnerEngine {
  migrate(options: RunnerOptions & { to?: string }): Promise<RunResult>;
  rollback(options: RollbackOptions): Promise<RunResult>;
  status(options: RunnerOptions): Promise<StatusEntry[]>;
  /** for --dry-run; engines that cannot tell say so */
  pendingStatements?(options: RunnerOptions & { to?: string }): Promise<Array<{ name: string; transactional: boolean; statements: string[] }>>;
}

export const SQL_ENGINE: RunnerEngine = { migrate, rollback, status, pendingStatements };

export interface RunCommandOptions {
  env?: string;
  /** the workspace root (default: the nearest directory up from the project with nx.json) */
  workspaceRoot?: string;
  db?: string;
  dir?: string;
  projectDir?: string;
  historyTable?: string;
  lockMode?: string;
  lockWait?: string;
  lockTimeout?: string;
  statementTimeout?: string;
  retries?: string;
  allowOutOfOrder?: boolean;
  afterDeploy?: boolean;
  yes?: boolean;
  json?: boolean;
  to?: string;
  step?: string;
  all?: boolean;
  dryRun?: boolean;
}

/** The workspace root: the nearest directory up from `from` with nx.json, else `from`. */
export function workspaceRootOf(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    if (dirname(dir) === dir) return from;
  }
}

function whole(text: string | undefined, what: string, min: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new MigError(`${what} must be a whole number of at least ${min} (got "${text}")`, { code: 'BAD_OPTIONS' });
  return n;
}

function seconds(text: string | undefined, what: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) throw new MigError(`${what} must be a number of seconds (got "${text}")`, { code: 'BAD_OPTIONS' });
  return n * 1000;
}

interface Prepared {
  env: Environment;
  runner: RunnerOptions;
}

function prepare(options: RunCommandOptions, io: Io): Prepared {
  const projectDir = resolve(options.projectDir ?? process.cwd());
  const env = resolveEnvironment({
    ...(options.env ? { env: options.env } : {}),
    ...(options.db ? { db: options.db } : {}),
    projectDir,
    workspaceRoot: options.workspaceRoot ?? workspaceRootOf(projectDir),
  });
  if (options.lockMode !== undefined && options.lockMode !== 'session' && options.lockMode !== 'xact') {
    throw new MigError(`--lock-mode must be session or xact (got "${options.lockMode}")`, { code: 'BAD_OPTIONS' });
  }
  const c = env.config;
  const lockTimeout = options.lockTimeout ?? c.lockTimeout;
  const statementTimeout = options.statementTimeout ?? c.statementTimeout;
  const lockWaitMs = seconds(options.lockWait, '--lock-wait');
  const retries = whole(options.retries, '--retries', 1);
  const runner: RunnerOptions = {
    url: env.url,
    dir: resolve(projectDir, options.dir ?? c.migrationsDir ?? 'migrations'),
    ...(options.historyTable ?? c.historyTable ? { historyTable: (options.historyTable ?? c.historyTable)! } : {}),
    ...(options.lockMode ? { lockMode: options.lockMode as 'session' | 'xact' } : {}),
    ...(lockWaitMs !== undefined ? { lockWaitMs } : {}),
    ...(lockTimeout !== undefined ? { lockTimeoutMs: parseDuration(lockTimeout, '--lock-timeout') } : {}),
    ...(statementTimeout !== undefined ? { statementTimeoutMs: parseDuration(statementTimeout, '--statement-timeout') } : {}),
    ...(retries !== undefined ? { retries } : {}),
    ...(options.allowOutOfOrder ? { allowOutOfOrder: true } : {}),
    ...(options.afterDeploy ? { afterDeploy: true } : {}),
    ...(options.json ? {} : { onEvent: (e: RunnerEvent) => io.out(eventLine(e)) }),
  };
  if (env.embedded) mkdirSync(dirname(env.url.slice('pglite:'.length)), { recursive: true });
  return { env, runner };
}

function eventLine(e: RunnerEvent): string {
  switch (e.kind) {
    case 'lock-wait':
      return `waiting for the migration lock, held by ${e.holder}\n`;
    case 'start':
      return '';
    case 'done':
      return `  ${e.direction === 'up' ? 'up  ' : 'down'}  ${e.name}  ${e.ms} ms\n`;
    case 'skip':
      return `  skip  ${e.name}: ${e.reason}\n`;
    case 'retry':
      return `        ${e.name}: ${e.error}; attempt ${e.attempt} in ${e.waitMs} ms\n`;
    case 'batch':
      return e.rows > 0 ? `        ${e.name}: ${e.total.toLocaleString('en-US')} rows so far\n` : '';
    case 'progress':
      return `        ${e.name}: line ${e.line} still running (${e.seconds} s)\n`;
    case 'already-done':
      return `        ${e.name}: line ${e.line} was already done (${e.error})\n`;
    case 'cleanup':
      return `        ${e.name}: line ${e.line}: ${e.what}\n`;
    case 'stopped':
      return `stopped before ${e.before}: ${e.reason}\n`;
  }
}

function banner(command: string, env: Environment): string {
  return `mig ${command} · ${env.name} · ${env.displayUrl} (${env.source})\n`;
}

/** Production-like environments: a yes on a terminal, or --yes. */
async function confirm(env: Environment, what: string, options: RunCommandOptions, io: Io): Promise<void> {
  if (!env.production || options.yes) return;
  if (!process.stdin.isTTY) {
    throw new MigError(`${env.name} is a production environment: pass --yes to ${what.toLowerCase()} it without a terminal`, { code: 'NEEDS_CONFIRMATION' });
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${what} ${env.name} (${env.displayUrl})? [y/N] `);
    if (!/^y(es)?$/i.test(answer.trim())) throw new MigError(`not confirmed; nothing was applied to ${env.name}`, { code: 'NOT_CONFIRMED' });
  } finally {
    rl.close();
  }
  io.err('');
}

function summary(results: MigrationResult[], verb: string): string {
  const done = results.filter((r) => r.status === 'Success');
  if (results.length === 0) return `nothing to ${verb}\n`;
  const ms = done.reduce((t, r) => t + (r.durationMs ?? 0), 0);
  const failed = results.find((r) => r.status === 'Error');
  const skipped = results.filter((r) => r.status === 'NotExecuted').length;
  return `${done.length} ${verb === 'migrate' ? 'applied' : 'rolled back'} in ${ms} ms${failed ? `; ${failed.name} failed` : ''}${skipped ? `; ${skipped} not run` : ''}\n`;
}

async function runAndReport(
  verb: string,
  prepared: Prepared,
  options: RunCommandOptions,
  io: Io,
  work: () => Promise<RunResult>,
): Promise<number> {
  let result: RunResult;
  try {
    result = await work();
  } catch (e) {
    if (e instanceof RunFailed) {
      if (options.json) io.out(`${JSON.stringify({ environment: prepared.env.name, database: prepared.env.displayUrl, ...e.result }, null, 2)}\n`);
      else io.out(summary(e.result.results, verb));
    }
    throw e;
  }
  if (options.json) io.out(`${JSON.stringify({ environment: prepared.env.name, database: prepared.env.displayUrl, ...result }, null, 2)}\n`);
  else io.out(summary(result.results, verb));
  return 0;
}

export async function runMigrate(options: RunCommandOptions, io: Io, engine: RunnerEngine = SQL_ENGINE): Promise<number> {
  const prepared = prepare(options, io);
  const { env, runner } = prepared;
  if (options.dryRun) {
    if (!engine.pendingStatements) throw new MigError('--dry-run cannot list the statements of these migrations; run mig status to see what is pending', { code: 'NO_DRY_RUN' });
    const pending = await engine.pendingStatements({ ...runner, ...(options.to ? { to: options.to } : {}) });
    if (options.json) {
      io.out(`${JSON.stringify({ environment: env.name, database: env.displayUrl, dryRun: true, pending }, null, 2)}\n`);
      return 0;
    }
    io.out(banner('migrate --dry-run', env));
    for (const m of pending) {
      io.out(`\n-- ${m.name} (${m.transactional ? 'one transaction' : 'outside a transaction'})\n`);
      for (const s of m.statements) io.out(`${s};\n`);
    }
    io.out(`\n${pending.length} pending; nothing was applied\n`);
    return 0;
  }
  await confirm(env, 'Migrate', options, io);
  if (!options.json) io.out(banner('migrate', env));
  return runAndReport('migrate', prepared, options, io, () => engine.migrate({ ...runner, ...(options.to ? { to: options.to } : {}) }));
}

export async function runRollback(options: RunCommandOptions, io: Io, engine: RunnerEngine = SQL_ENGINE): Promise<number> {
  const prepared = prepare(options, io);
  const step = whole(options.step, '--step', 1);
  await confirm(prepared.env, 'Roll back', options, io);
  if (!options.json) io.out(banner('rollback', prepared.env));
  return runAndReport('roll back', prepared, options, io, () =>
    engine.rollback({
      ...prepared.runner,
      ...(step !== undefined ? { step } : {}),
      ...(options.to ? { to: options.to } : {}),
      ...(options.all ? { all: true } : {}),
    }),
  );
}

export async function runStatus(options: RunCommandOptions, io: Io, engine: RunnerEngine = SQL_ENGINE): Promise<number> {
  const { env, runner } = prepare(options, io);
  const entries = await engine.status(runner);
  if (options.json) {
    io.out(`${JSON.stringify({ environment: env.name, database: env.displayUrl, migrations: entries }, null, 2)}\n`);
    return 0;
  }
  io.out(banner('status', env));
  if (entries.length === 0) io.out(`no migrations in ${runner.dir}\n`);
  const width = Math.max(0, ...entries.map((e) => e.name.length));
  for (const e of entries) {
    const when = e.appliedAt ? `  ${e.appliedAt}${e.durationMs !== undefined ? ` (${e.durationMs} ms)` : ''}` : '';
    io.out(`  ${e.state.padEnd(11)} ${e.name.padEnd(width)}${when}${e.afterDeploy && e.state === 'pending' ? '  after deploy' : ''}\n`);
  }
  const pending = entries.filter((e) => e.state === 'pending').length;
  io.out(`${entries.length - pending} applied, ${pending} pending\n`);
  return 0;
}

