import {
  type Environment,
  MigError,
  type MigrationResult,
  type RunResult,
  type RunnerEvent,
  type RunnerOptions,
  RunFailed,
  getDialect,
  dialectOfUrl,
  loadContext,
  migrate,
  parseDuration,
  pendingStatements,
  planOperations,
  parseDescription,
  prepareAnalyzer,
  resolveEnvironment,
  rollback,
  status,
  writeAll,
} from '@mig/core';
import { SQL_FORMATS, sqlAdapter } from '@mig/adapter-sql';
import type { Command } from 'commander';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { Io } from '../output';

export interface RunCommandOptions {
  env?: string;
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
function workspaceRootOf(from: string): string {
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
    workspaceRoot: workspaceRootOf(projectDir),
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

export async function runMigrate(options: RunCommandOptions, io: Io): Promise<number> {
  const prepared = prepare(options, io);
  const { env, runner } = prepared;
  if (options.dryRun) {
    const pending = await pendingStatements({ ...runner, ...(options.to ? { to: options.to } : {}) });
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
  return runAndReport('migrate', prepared, options, io, () => migrate({ ...runner, ...(options.to ? { to: options.to } : {}) }));
}

export async function runRollback(options: RunCommandOptions, io: Io): Promise<number> {
  const prepared = prepare(options, io);
  const step = whole(options.step, '--step', 1);
  await confirm(prepared.env, 'Roll back', options, io);
  if (!options.json) io.out(banner('rollback', prepared.env));
  return runAndReport('roll back', prepared, options, io, () =>
    rollback({
      ...prepared.runner,
      ...(step !== undefined ? { step } : {}),
      ...(options.to ? { to: options.to } : {}),
      ...(options.all ? { all: true } : {}),
    }),
  );
}

export async function runStatus(options: RunCommandOptions, io: Io): Promise<number> {
  const { env, runner } = prepare(options, io);
  const entries = await status(runner);
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

export interface CreateCommandOptions {
  dir?: string;
  dialect?: string;
  name?: string;
  schemaFrom?: string;
  db?: string;
  env?: string;
  zeroDowntime?: boolean;
  format?: string;
  json?: boolean;
}

export async function runCreate(description: string, options: CreateCommandOptions, io: Io): Promise<number> {
  const projectDir = process.cwd();
  const env = resolveEnvironment({ ...(options.env ? { env: options.env } : {}), projectDir, workspaceRoot: workspaceRootOf(projectDir) });
  const dialect = getDialect(options.dialect ?? (options.db ? dialectOfUrl(options.db) : dialectOfUrl(env.url)));
  const operations = parseDescription(description, { maxIdentifierLength: dialect.maxIdentifierLength });
  const context = await loadContext({
    dialect,
    ...(options.schemaFrom ? { schemaFrom: options.schemaFrom } : {}),
    ...(options.db ? { db: options.db } : {}),
  });
  await prepareAnalyzer(dialect.name);
  const plan = planOperations(description, operations, {
    dialect,
    ...(context.schema ? { schema: context.schema } : {}),
    ...(context.target ? { target: context.target } : {}),
    ...(options.zeroDowntime === undefined ? {} : { zeroDowntime: options.zeroDowntime }),
  });
  const dir = resolve(projectDir, options.dir ?? env.config.migrationsDir ?? 'migrations');
  const files = sqlAdapter.emit({
    plan,
    dir,
    at: new Date(),
    ...(options.name ? { name: options.name } : {}),
    ...(options.format ? { format: options.format } : {}),
    existing: existsSync(dir) ? readdirSync(dir) : [],
  });
  writeAll(files);
  if (options.json) {
    io.out(`${JSON.stringify({ files: files.map((f) => f.path), plan }, null, 2)}\n`);
    return 0;
  }
  for (const f of files) io.out(`created ${f.path}\n`);
  const a = plan.analysis;
  io.out(`risk: ${a.risk} · reversible: ${a.reversible ? 'yes' : 'no'} · data loss: ${a.dataLoss ? 'yes' : 'none'}\n`);
  for (const f of a.findings) io.out(`  ${f.severity} ${f.code}: ${f.message}\n`);
  return 0;
}

function runOptions(cmd: Command): Command {
  return cmd
    .option('--env <name>', 'the environment: its DATABASE_URL comes from the process, .env.<name>, or mig.config.json (default development)')
    .option('--db <url>', 'the database, overriding the environment (postgres://, mysql://, mariadb://, sqlite:, pglite:)')
    .option('--dir <path>', 'the migrations directory (default migrations, or migrationsDir in mig.config.json)')
    .option('--project-dir <path>', 'the project directory holding .env.* files and .mig/ (default: the current directory)')
    .option('--history-table <name>', 'the history table (default mig_migrations)')
    .option('--lock-mode <mode>', 'session (default): one advisory lock for the run; xact: per transaction, behind PgBouncer')
    .option('--lock-wait <seconds>', 'how long to wait for another run holding the migration lock (default 600)')
    .option('--lock-timeout <duration>', "each migration's lock_timeout, e.g. 5s (default 5s; a file's -- mig:lock-timeout wins)")
    .option('--statement-timeout <duration>', "each migration's statement_timeout (default 0: none)")
    .option('--retries <n>', 'attempts of a migration that hits a lock timeout or deadlock (default 3)')
    .option('--allow-out-of-order', 'run new migrations that sort before applied ones; tolerate applied ones missing from disk')
    .option('--json', 'print the per-migration results as JSON')
    .option('-y, --yes', 'do not ask for confirmation in a production environment');
}

export function registerRunner(program: Command, io: Io, run: (work: () => Promise<number>) => Promise<void>): void {
  runOptions(
    program
      .command('migrate')
      .description('apply pending migrations in name order: one transaction each where the database allows, under a database lock'),
  )
    .option('--to <name>', 'stop after this migration')
    .option('--dry-run', 'print the statements pending migrations would run; apply nothing')
    .option('--after-deploy', 'also run after-deploy (contract) migrations; without it mig migrate stops before the first')
    .action((options: RunCommandOptions) => run(() => runMigrate(options, io)));
  runOptions(program.command('rollback').description('revert applied migrations, newest first (default: the last one)'))
    .option('--step <n>', 'revert this many')
    .option('--to <name>', 'revert down to and including this migration')
    .option('--all', 'revert every applied migration')
    .action((options: RunCommandOptions) => run(() => runRollback(options, io)));
  runOptions(program.command('status').description('list migrations: applied (when, how long), pending, interrupted, drifted or missing'))
    .action((options: RunCommandOptions) => run(() => runStatus(options, io)));
  program
    .command('create')
    .description('plan a change and write it as raw SQL migrations: <stamp>_<name>.up.sql and .down.sql, one per phase')
    .argument('<description>', 'the change, e.g. "add email_verified to users"')
    .option('--dir <path>', 'the migrations directory (default migrations)')
    .option('--dialect <dialect>', 'postgres, mysql or sqlite (default: from --db or the environment, else postgres)')
    .option('--name <name>', 'the file name after the timestamp (default: from the description)')
    .option('--env <name>', 'the environment whose database decides the dialect (default development)')
    .option('--schema-from <path>', 'replay these migrations into an embedded database to know the current schema')
    .option('--db <url>', 'introspect this database read-only to know the current schema')
    .option('--no-zero-downtime', 'one plain migration instead of phases')
    .option('--format <format>', `file naming: ${SQL_FORMATS.join(', ')} (default timestamp: <stamp>_name.up.sql / .down.sql)`)
    .option('--json', 'print the files and the plan as JSON')
    .action((description: string, options: CreateCommandOptions) => run(() => runCreate(description, options, io)));
}
