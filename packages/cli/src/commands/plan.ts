import {
  EXAMPLE_PHRASES,
  INFERENCE_RULES,
  type Plan,
  MigError,
  dialectOfUrl,
  describeOperation,
  renderGithubAnnotations,
  renderMarkdownReport,
  getDialect,
  expandDependents,
  loadContext,
  preflightDatabase,
  preflightError,
  planOperations,
  parseDescription,
  prepareAnalyzer,
} from '@mig/core';
import { chooseTarget } from './analyze';
import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import type { Io } from '../output';

export interface PlanCommandOptions {
  dialect?: string;
  schemaFrom?: string;
  db?: string;
  json?: boolean;
  format?: string;
  report?: string;
  pgVersion?: string;
  mysqlVersion?: string;
  zeroDowntime?: boolean;
  batchSize?: string;
  preflight?: boolean;
  preflightTimeout?: string;
}

const FORMATS = ['text', 'json', 'github'] as const;

export function planHelp(): string {
  const examples = EXAMPLE_PHRASES.map((p) => `  mig plan "${p}"`).join('\n');
  const rules = INFERENCE_RULES.map((r) => `  ${r.describe}`).join('\n');
  return `
Phrases mig understands (case-insensitive; identifiers may be quoted):
${examples}

When a column is given without a type, the type comes from its name:
${rules}
An explicit type overrides this (an explicit type without "not null" is nullable).

Portable types: boolean integer bigint smallint string(n) text decimal(p,s) float double date time
timestamp timestamptz uuid json jsonb binary enum(a,b).

Exit codes: 0 planned; 1 bad input (one "error:" line on stderr, nothing written or applied).
`;
}

function readable(plan: Plan): string {
  const lines: string[] = [];
  lines.push(`Plan: ${plan.description} (${getDialect(plan.dialect).label})`, '');
  lines.push('Operations:');
  plan.operations.forEach((op, i) => lines.push(`  ${i + 1}. ${describeOperation(op)}`));
  for (const [i, phase] of plan.phases.entries()) {
    const how = phase.transactional ? 'one transaction' : 'outside a transaction';
    lines.push('', `-- phase ${i + 1}: ${phase.name} (${how})${phase.afterDeploy ? ' — run only after deploying the application' : ''}`);
    if (phase.description) lines.push(`-- ${phase.description}`);
    for (const s of phase.up) lines.push(`${s};`);
    if (phase.guide) lines.push('', ...phase.guide.split('\n').map((l) => `-- ${l}`));
  }
  lines.push('', '-- down');
  if (plan.down.length === 0) lines.push('-- (nothing to undo)');
  for (const s of plan.down) lines.push(`${s};`);
  const a = plan.analysis;
  lines.push(
    '',
    `Risk: ${a.risk} · reversible: ${a.reversible ? 'yes' : 'no'} · data loss: ${a.dataLoss ? 'yes' : 'none'}`,
  );
  for (const f of a.findings) {
    lines.push(`  ${f.severity} ${f.code}: ${f.message}${f.fix ? `\n    fix: ${f.fix}` : ''}`);
  }
  if (a.preflight?.length) {
    lines.push('', 'Pre-flight checks on the live rows:');
    for (const r of a.preflight) {
      const answer = r.status === 'ok' ? 'none' : r.status === 'unknown' ? `unknown (${r.note})` : `${r.rows}`;
      lines.push(`  ${r.question} — ${answer}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export async function runPlan(description: string, options: PlanCommandOptions, io: Io): Promise<number> {
  const dialect = getDialect(options.dialect ?? (options.db ? dialectOfUrl(options.db) : 'postgres'));
  const operations = parseDescription(description, { maxIdentifierLength: dialect.maxIdentifierLength });
  const timeout = options.preflightTimeout === undefined ? undefined : Number(options.preflightTimeout);
  if (timeout !== undefined && (!Number.isFinite(timeout) || timeout <= 0)) {
    throw new MigError(`--preflight-timeout must be a number of seconds above 0 (got "${options.preflightTimeout}")`, {
      code: 'BAD_OPTIONS',
    });
  }
  const context = await loadContext({
    dialect,
    ...(options.schemaFrom ? { schemaFrom: options.schemaFrom } : {}),
    ...(options.db ? { db: options.db } : {}),
  });
  const schema = context.schema;
  const target = chooseTarget(dialect.name, options, context.target);
  const batchSize = options.batchSize === undefined ? undefined : Number(options.batchSize);
  if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1)) {
    throw new MigError(`--batch-size must be a whole number of at least 1 (got "${options.batchSize}")`, { code: 'BAD_OPTIONS' });
  }
  const format = options.json ? 'json' : (options.format ?? 'text');
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new MigError(`unknown --format "${format}"; use one of: ${FORMATS.join(', ')}`, { code: 'BAD_OPTIONS' });
  }
  const preflight =
    options.db && schema && options.preflight !== false
      ? await preflightDatabase(options.db, dialect, expandDependents(operations, schema), schema, {
          ...(context.target ? { target: context.target } : {}),
          ...(timeout === undefined ? {} : { timeoutMs: timeout * 1000 }),
        })
      : undefined;
  const failure = preflight && preflightError(preflight);
  if (failure) throw failure;
  await prepareAnalyzer(dialect.name);
  const plan = planOperations(description, operations, {
    dialect,
    target,
    ...(schema ? { schema } : {}),
    ...(options.zeroDowntime === undefined ? {} : { zeroDowntime: options.zeroDowntime }),
    ...(batchSize === undefined ? {} : { batchSize }),
    ...(preflight ? { preflight } : {}),
  });
  if (options.report) {
    const markdown = renderMarkdownReport({ plan, dialect, ...(schema ? { schema } : {}), generatedAt: new Date() });
    try {
      writeFileSync(options.report, markdown);
    } catch (e) {
      throw new MigError(`could not write the report to ${options.report}: ${(e as Error).message}; check the path`, {
        code: 'WRITE_FAILED',
      });
    }
  }
  if (format === 'json') io.out(`${JSON.stringify(plan, null, 2)}\n`);
  else if (format === 'github') io.out(renderGithubAnnotations(plan));
  else io.out(readable(plan));
  return 0;
}

export function registerPlan(program: Command, io: Io, run: (work: () => Promise<number>) => Promise<void>): void {
  program
    .command('plan')
    .description('plan a schema change from a description: operations, up and down SQL, and its analysis')
    .argument('<description>', 'the change, e.g. "add email_verified to users" or "AddEmailVerifiedToUsers email_verified:boolean"')
    .option('--dialect <dialect>', 'postgres, mysql (MySQL 8 / MariaDB) or sqlite (default: from --db, else postgres)')
    .option('--schema-from <path>', 'a .sql file or a directory of migrations, replayed into an embedded database to know the current schema')
    .option('--db <url>', 'a database to introspect read-only (postgres://, mysql://, mariadb://, sqlite:, pglite:)')
    .option('--pg-version <major>', 'PostgreSQL major version to plan for (default: the --db server, else 15)')
    .option('--mysql-version <version>', 'MySQL / MariaDB version, e.g. 8.0.35 or mariadb:10.11 (default: the --db server, else 8.0)')
    .option('--zero-downtime', 'phased online plan: concurrent indexes, NOT VALID + VALIDATE, batched backfills, expand-contract (default for postgres and mysql)')
    .option('--no-zero-downtime', 'one plain phase, as the statements would run by hand')
    .option('--no-preflight', 'with --db, skip the read-only checks of the existing rows (NULLs, duplicates, orphans, values a narrower type cuts)')
    .option('--preflight-timeout <seconds>', 'bound on each pre-flight query; a check that runs longer is reported unknown (default 30)')
    .option('--batch-size <rows>', 'rows per batch of a backfill (default 10000)')
    .option('--json', 'print the plan as JSON (the contract in ARCHITECTURE.md); same as --format json')
    .option('--format <format>', 'text (default), json, or github (workflow annotations, one per finding)')
    .option('--report <file>', 'also write the Markdown migration report to this file')
    .addHelpText('after', planHelp())
    .action((description: string, options: PlanCommandOptions) => run(() => runPlan(description, options, io)));
}
