import { relative } from 'node:path';
import type { Connection } from '../db/connection';
import { type Dialect, type DialectName, comparableSchema } from '../dialects/dialect';
import { getDialect } from '../dialects/index';
import { MigError } from '../errors';
import type { Schema } from '../model/schema';
import { githubAnnotation } from '../report/github';
import { analyzeSql, prepareAnalyzer } from '../safety/analyze';
import { DEFAULT_TARGETS } from '../safety/target';
import type { Severity } from '../safety/types';
import type { Io } from './commands';
import { type MigrationFile, readMigrations } from './migration-files';
import { splitScript } from './script';

/**
 * `migration-check`: every migration of a project analysed for safety, and each one's round trip
 * proved on an embedded database — up, down (the schema must be as before), up again (as after).
 */
const SEVERITIES: readonly Severity[] = ['info', 'warning', 'error'];

export interface CheckOptions {
  dir: string;
  dialect: DialectName;
  /** fail when a finding of this severity or worse exists (default error) */
  failOn?: Severity;
  /** prove the round trips (default true; MySQL has no embedded database, so it is skipped there) */
  roundTrip?: boolean;
  /** paths in the output are relative to this (default: the current directory) */
  relativeTo?: string;
}

export interface CheckFinding {
  file: string;
  line?: number;
  code: string;
  severity: Severity;
  message: string;
}

export interface CheckResult {
  migrations: number;
  findings: CheckFinding[];
  roundTrips: Array<{ name: string; ok: boolean; problem?: string }>;
  /** why the round trips were not proved */
  roundTripSkipped?: string;
  failed: boolean;
}

async function embedded(dialect: DialectName): Promise<Connection | undefined> {
  if (dialect === 'postgres') return (require('../dialects/postgres/driver') as typeof import('../dialects/postgres/driver')).openPglite();
  if (dialect === 'sqlite') return (require('../dialects/sqlite/driver') as typeof import('../dialects/sqlite/driver')).openSqlite(':memory:');
  return undefined;
}

async function runScript(db: Connection, dialect: DialectName, script: { text: string; path: string }): Promise<void> {
  for (const s of splitScript(dialect, script.text, script.path)) {
    if (!s.repeat) {
      await db.exec(s.sql);
      continue;
    }
    if (!db.execCount) throw new MigError(`the ${db.driver} driver cannot count rows for -- mig:repeat`, { code: 'NO_ROW_COUNT' });
    while ((await db.execCount(s.sql)) > 0);
  }
}

/** The first difference between two schemas, in words. */
function difference(a: Schema, b: Schema): string {
  const names = (s: Schema) => s.tables.map((t) => t.name);
  const missing = names(a).filter((n) => !names(b).includes(n));
  const extra = names(b).filter((n) => !names(a).includes(n));
  if (missing.length) return `table ${missing[0]} is missing`;
  if (extra.length) return `table ${extra[0]} is left over`;
  const changed = a.tables.find((t, i) => JSON.stringify(t) !== JSON.stringify(b.tables[i]));
  return changed ? `table ${changed.name} differs` : 'the schemas differ';
}


async function proveRoundTrips(files: MigrationFile[], dialect: Dialect): Promise<CheckResult['roundTrips'] | string> {
  const db = await embedded(dialect.name);
  if (!db) return `${dialect.label} has no embedded database to prove round trips on; run mig migrate and mig rollback against a scratch database`;
  const out: CheckResult['roundTrips'] = [];
  try {
    for (const f of files) {
      try {
        const before = comparableSchema(dialect, await dialect.introspect(db));
        await runScript(db, dialect.name, f.up);
        const after = comparableSchema(dialect, await dialect.introspect(db));
        if (!f.down) {
          out.push({ name: f.name, ok: false, problem: `it has no down file (${f.name}.down.sql)` });
          continue;
        }
        await runScript(db, dialect.name, f.down);
        const undone = comparableSchema(dialect, await dialect.introspect(db));
        if (JSON.stringify(undone) !== JSON.stringify(before)) {
          out.push({ name: f.name, ok: false, problem: `its down does not restore the schema: ${difference(before, undone)}` });
          await runScript(db, dialect.name, f.up).catch(() => undefined);
          continue;
        }
        await runScript(db, dialect.name, f.up);
        const redone = comparableSchema(dialect, await dialect.introspect(db));
        const ok = JSON.stringify(redone) === JSON.stringify(after);
        out.push({ name: f.name, ok, ...(ok ? {} : { problem: `up after down gives another schema: ${difference(after, redone)}` }) });
      } catch (e) {
        out.push({ name: f.name, ok: false, problem: `it failed on an embedded ${dialect.label}: ${(e as Error).message.split('\n')[0]}` });
        break;
      }
    }
  } finally {
    await db.close();
  }
  return out;
}

export async function checkMigrations(options: CheckOptions): Promise<CheckResult> {
  const failOn = options.failOn ?? 'error';
  if (!SEVERITIES.includes(failOn)) {
    throw new MigError(`unknown fail-on severity "${failOn}"; use one of: ${SEVERITIES.join(', ')}`, { code: 'BAD_OPTIONS' });
  }
  const dialect = getDialect(options.dialect);
  await prepareAnalyzer(dialect.name);
  const files = readMigrations(options.dir);
  const shown = (p: string) => relative(options.relativeTo ?? process.cwd(), p) || p;
  const findings: CheckFinding[] = [];
  for (const f of files) {
    // mig's runner wraps a migration in one transaction unless it says -- mig:no-transaction
    const analysis = analyzeSql(f.up.text, DEFAULT_TARGETS[dialect.name], undefined, { inTransaction: f.up.directives.transaction && dialect.supportsTransactionalDdl });
    analysis.findings.forEach((x) => findings.push({ file: shown(f.up.path), code: x.code, severity: x.severity, message: x.fix ? `${x.message}. Fix: ${x.fix}` : x.message }));
  }
  const proved = options.roundTrip === false ? 'not asked for' : await proveRoundTrips(files, dialect);
  const roundTrips = typeof proved === 'string' ? [] : proved;
  const threshold = SEVERITIES.indexOf(failOn);
  const failed = findings.some((f) => SEVERITIES.indexOf(f.severity) >= threshold) || roundTrips.some((r) => !r.ok);
  return { migrations: files.length, findings, roundTrips, ...(typeof proved === 'string' ? { roundTripSkipped: proved } : {}), failed };
}

/** Run the check and print it as text or GitHub annotations; 1 when it fails. */
export async function runCheck(options: CheckOptions & { format?: 'text' | 'github' | 'json' }, io: Io): Promise<number> {
  const result = await checkMigrations(options);
  const format = options.format ?? 'text';
  if (format === 'json') {
    io.out(`${JSON.stringify(result, null, 2)}\n`);
  } else if (format === 'github') {
    for (const f of result.findings) io.out(githubAnnotation(f.severity, f.message, { file: f.file, title: f.code }));
    for (const r of result.roundTrips.filter((x) => !x.ok)) io.out(githubAnnotation('error', `${r.name}: ${r.problem}`, { title: 'mig round trip' }));
  } else {
    for (const f of result.findings) io.out(`${f.severity} ${f.code} ${f.file}: ${f.message}\n`);
    for (const r of result.roundTrips) io.out(`${r.ok ? 'ok  ' : 'FAIL'} round trip ${r.name}${r.problem ? `: ${r.problem}` : ''}\n`);
    if (result.roundTripSkipped) io.out(`round trips not proved: ${result.roundTripSkipped}\n`);
    io.out(`${result.migrations} migrations checked: ${result.findings.length} findings, ${result.roundTrips.filter((r) => r.ok).length}/${result.roundTrips.length} round trips proved${result.failed ? ' — FAILED' : ''}\n`);
  }
  return result.failed ? 1 : 0;
}
