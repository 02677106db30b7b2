import { existsSync, readFileSync, statSync } from 'node:fs';
import {
  type AnalyzeTarget,
  DEFAULT_TARGETS,
  MigError,
  type SqlAnalysis,
  analyzeSql,
  getDialect,
  loadContext,
  parseMysqlVersion,
  parsePgVersion,
  prepareAnalyzer,
  sqlFilesUnder,
} from '@mig/core';
import type { Command } from 'commander';
import type { Io } from '../output';

export interface AnalyzeCommandOptions {
  dialect?: string;
  pgVersion?: string;
  mysqlVersion?: string;
  schemaFrom?: string;
  db?: string;
  json?: boolean;
  format?: string;
  failOn?: string;
}

const SEVERITIES = ['info', 'warning', 'error'] as const;
const FORMATS = ['text', 'json', 'github'] as const;

/** The analyzer target: explicit version options win, then the live server's, then the defaults. */
export function chooseTarget(dialectName: string, options: { pgVersion?: string; mysqlVersion?: string }, detected?: AnalyzeTarget): AnalyzeTarget {
  if (options.pgVersion !== undefined) {
    if (dialectName !== 'postgres') throw new MigError('--pg-version goes with --dialect postgres', { code: 'BAD_OPTIONS' });
    return parsePgVersion(options.pgVersion);
  }
  if (options.mysqlVersion !== undefined) {
    if (dialectName !== 'mysql') throw new MigError('--mysql-version goes with --dialect mysql', { code: 'BAD_OPTIONS' });
    return parseMysqlVersion(options.mysqlVersion);
  }
  return detected ?? DEFAULT_TARGETS[dialectName as keyof typeof DEFAULT_TARGETS];
}

function readSql(path: string): { files: string[]; sql: string } {
  if (!existsSync(path)) throw new MigError(`${path} does not exist; pass a .sql file or a directory of them`, { code: 'NO_SUCH_PATH' });
  const files = statSync(path).isDirectory() ? sqlFilesUnder(path) : [path];
  if (files.length === 0) throw new MigError(`${path} holds no .sql files; pass a .sql file or a directory of them`, { code: 'NO_SQL_FILES' });
  return { files, sql: files.map((f) => readFileSync(f, 'utf8')).join('\n;\n') };
}

function readable(analysis: SqlAnalysis, files: string[]): string {
  const lines = [`Analysed ${analysis.statements.length} statement(s) in ${files.length} file(s)`, ''];
  analysis.statements.forEach((s, i) => {
    const locks = s.locks.map((l) => `${l.mode} on ${l.table}`).join(', ') || 'no table lock';
    const time = s.estimate.seconds === null ? `time unknown (${s.estimate.basis})` : `≈${s.estimate.seconds.toFixed(3)} s`;
    lines.push(`${i + 1}. ${s.sql.split('\n')[0]!.slice(0, 100)}`);
    lines.push(`   ${locks}${s.rewrite ? ', rewrites the table' : ''}${s.scan ? ', scans the table' : ''}${s.transactional ? '' : ', cannot run in a transaction'}; ${time}`);
  });
  lines.push('', `Risk: ${analysis.risk} · data loss: ${analysis.dataLoss ? 'yes' : 'none'}`);
  for (const f of analysis.findings) lines.push(`  ${f.severity} ${f.code}: ${f.message}${f.fix ? `\n    fix: ${f.fix}` : ''}`);
  return `${lines.join('\n')}\n`;
}

const LEVEL = { info: 'notice', warning: 'warning', error: 'error' } as const;

function github(analysis: SqlAnalysis, file: string): string {
  const esc = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  return analysis.findings
    .map((f) => `::${LEVEL[f.severity]} file=${esc(file).replace(/[:,]/g, (c) => (c === ':' ? '%3A' : '%2C'))},title=${f.code}::${esc(f.fix ? `${f.message}. Fix: ${f.fix}` : f.message)}\n`)
    .join('');
}

export async function runAnalyze(path: string, options: AnalyzeCommandOptions, io: Io): Promise<number> {
  const dialect = getDialect(options.dialect ?? 'postgres');
  const format = options.json ? 'json' : (options.format ?? 'text');
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new MigError(`unknown --format "${format}"; use one of: ${FORMATS.join(', ')}`, { code: 'BAD_OPTIONS' });
  }
  if (options.failOn !== undefined && !(SEVERITIES as readonly string[]).includes(options.failOn)) {
    throw new MigError(`unknown --fail-on "${options.failOn}"; use one of: ${SEVERITIES.join(', ')}`, { code: 'BAD_OPTIONS' });
  }
  const { files, sql } = readSql(path);
  const context = await loadContext({
    dialect,
    ...(options.schemaFrom ? { schemaFrom: options.schemaFrom } : {}),
    ...(options.db ? { db: options.db } : {}),
  });
  const target = chooseTarget(dialect.name, options, context.target);
  await prepareAnalyzer(dialect.name);
  const analysis = analyzeSql(sql, target, context.schema);
  if (format === 'json') io.out(`${JSON.stringify(analysis, null, 2)}\n`);
  else if (format === 'github') io.out(github(analysis, files[0]!));
  else io.out(readable(analysis, files));
  if (options.failOn) {
    const threshold = SEVERITIES.indexOf(options.failOn as (typeof SEVERITIES)[number]);
    if (analysis.findings.some((f) => SEVERITIES.indexOf(f.severity) >= threshold)) return 1;
  }
  return 0;
}

export function registerAnalyze(program: Command, io: Io, run: (work: () => Promise<number>) => Promise<void>): void {
  program
    .command('analyze')
    .description('analyse existing SQL migrations: the locks each statement takes, rewrites, scans, estimates and findings')
    .argument('<path>', 'a .sql file, or a directory of migrations (name order, *.down.sql skipped)')
    .option('--dialect <dialect>', 'postgres (default), mysql or sqlite')
    .option('--pg-version <major>', 'PostgreSQL major version to judge against (default: the --db server, else 15)')
    .option('--mysql-version <version>', 'MySQL / MariaDB version, e.g. 8.0.35 or mariadb:10.11 (default: the --db server, else 8.0)')
    .option('--schema-from <path>', 'migrations replayed into an embedded database, to know the schema the SQL runs against')
    .option('--db <url>', 'a database to read the schema, statistics and version from, read-only')
    .option('--json', 'print the analysis as JSON (the contract in ARCHITECTURE.md); same as --format json')
    .option('--format <format>', 'text (default), json, or github (workflow annotations)')
    .option('--fail-on <severity>', 'exit 1 when a finding of this severity or worse exists: info, warning or error')
    .action((path: string, options: AnalyzeCommandOptions) => run(() => runAnalyze(path, options, io)));
}
