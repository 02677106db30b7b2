import {
  type RunCommandOptions,
  dialectOfUrl,
  getDialect,
  loadContext,
  parseDescription,
  planOperations,
  prepareAnalyzer,
  resolveEnvironment,
  runMigrate,
  runRollback,
  runStatus,
  workspaceRootOf,
  writeAll,
} from '@mig/core';
import { SQL_FORMATS, sqlAdapter } from '@mig/adapter-sql';
import type { Command } from 'commander';
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Io } from '../output';

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
