import type { Dialect, Statement } from '../dialects/dialect';
import { applyOperation } from '../model/apply';
import { expandDependents } from '../model/dependents';
import { describeOperation } from '../model/describe';
import { invert } from '../model/invert';
import { type Operation, isDestructive } from '../model/operations';
import type { Schema } from '../model/schema';
import { parseDescription } from '../grammar';
import {
  type AnalyzedStatement,
  type PlannedStatement as AnalyzerStatement,
  type Risk,
  describeStatements,
  factsForPlanned,
  riskOf,
  runRules,
} from '../safety/analyze';
import { DEFAULT_TARGETS } from '../safety/target';
import type { AnalyzeTarget } from '../safety/types';
import { type PhaseSpec, designPhases } from '../strategy';
import { type Finding, PLAN_FINDINGS } from './findings';
import type { PreflightResult } from './preflight';

/**
 * A phase of the plan: the contract's four keys first (name, transactional, up, down), then what the
 * zero-downtime strategy adds — its purpose, session limits, retry policy, and whether it must wait
 * for the application deploy.
 */
export interface Phase {
  name: string;
  /** the phase's transactional statements run in one transaction */
  transactional: boolean;
  up: string[];
  down: string[];
  description?: string;
  lockTimeoutMs?: number;
  statementTimeoutMs?: number;
  retry?: { attempts: number; backoffMs: number };
  afterDeploy?: boolean;
  guide?: string;
  /** indexes into `up` of statements that run again until they change no rows (a batched backfill) */
  repeat?: number[];
  /** the pause between two runs of a repeated statement */
  repeatPauseMs?: number;
  /** set (false) when the down cannot run in one transaction although the up can */
  downTransactional?: boolean;
  /** indexes into `down` of statements that run again until they change no rows */
  downRepeat?: number[];
}

export type StatementAnalysis = AnalyzedStatement;

export interface Analysis {
  risk: Risk;
  reversible: boolean;
  dataLoss: boolean;
  findings: Finding[];
  statements: StatementAnalysis[];
  /** the pre-flight checks run against the live database (only with --db) */
  preflight?: PreflightResult[];
}

/** The `mig plan --json` contract (ARCHITECTURE.md); key order is part of it. */
export interface Plan {
  description: string;
  dialect: string;
  operations: Operation[];
  phases: Phase[];
  up: string[];
  down: string[];
  analysis: Analysis;
}

export { expandDependents };

export interface PlanOptions {
  dialect: Dialect;
  /** the schema before the change, when known (`--schema-from`, `--db`) */
  schema?: Schema;
  /** the server the plan is for (default: PostgreSQL 15, MySQL 8.0, SQLite 3) */
  target?: AnalyzeTarget;
  /** phased, online plan (default: on for PostgreSQL and MySQL; SQLite has no online DDL) */
  zeroDowntime?: boolean;
  batchSize?: number;
  pauseMs?: number;
  lockTimeoutMs?: number;
  statementTimeoutMs?: number;
  /** answers of the pre-flight checks already run against the live database */
  preflight?: PreflightResult[];
}

/** Whether an operation's down restores what its up changed, and if not, why. */
interface PlannedOperation {
  op: Operation;
  downComplete: boolean;
  downReason?: string;
}

/** A backfill of columns the same plan adds is undone by dropping them: its down is complete. */
function backfillOfAddedColumns(op: Operation, earlier: Operation[]): boolean {
  if (op.kind !== 'backfill') return false;
  const added = new Set(
    earlier.flatMap((e) =>
      e.kind === 'addColumn'
        ? [`${e.table}.${e.column.name}`]
        : e.kind === 'createTable'
          ? e.columns.map((c) => `${e.table}.${c.name}`)
          : [],
    ),
  );
  return Object.keys(op.set).every((c) => added.has(`${op.table}.${c}`));
}

/** The operations (dependents of drops made explicit) and how completely each can be undone. */
function compile(parsed: Operation[], options: PlanOptions): { operations: Operation[]; planned: PlannedOperation[] } {
  const operations = expandDependents(parsed, options.schema);
  const planned: PlannedOperation[] = [];
  let schema = options.schema;
  for (const op of operations) {
    const inverse = invert(op, schema);
    planned.push({ op, downComplete: inverse.complete, ...(inverse.reason ? { downReason: inverse.reason } : {}) });
    schema = schema ? applyOperation(schema, op) : undefined;
  }
  return { operations, planned };
}

/** The version the strategies design for, as the server writes it. */
function serverVersionOf(target: AnalyzeTarget): number | string {
  if (target.dialect !== 'mysql') return target.version;
  const v = target.version;
  return `${Math.floor(v / 10000)}.${Math.floor(v / 100) % 100}.${v % 100}${target.flavor === 'mariadb' ? '-MariaDB' : ''}`;
}

/** The zero-downtime phases of a plan (one plain phase when off). */
export function planPhases(operations: Operation[], options: PlanOptions): PhaseSpec[] {
  const target = options.target ?? DEFAULT_TARGETS[options.dialect.name];
  return designPhases(operations, {
    dialect: options.dialect,
    ...(options.schema ? { schema: options.schema } : {}),
    version: serverVersionOf(target),
    zeroDowntime: options.zeroDowntime ?? options.dialect.name !== 'sqlite',
    ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
    ...(options.pauseMs !== undefined ? { pauseMs: options.pauseMs } : {}),
    ...(options.lockTimeoutMs !== undefined ? { lockTimeoutMs: options.lockTimeoutMs } : {}),
    ...(options.statementTimeoutMs !== undefined ? { statementTimeoutMs: options.statementTimeoutMs } : {}),
  });
}

function repeatPause(statements: Statement[]): { repeatPauseMs?: number } {
  const pause = statements.find((s) => s.batch && s.batch.pauseMs > 0)?.batch?.pauseMs;
  return pause === undefined ? {} : { repeatPauseMs: pause };
}

function phaseJson(p: PhaseSpec): Phase {
  return {
    name: p.name,
    transactional: p.transactional,
    up: p.up.map((s) => s.sql),
    down: p.down.map((s) => s.sql),
    description: p.description,
    ...(p.lockTimeoutMs !== undefined ? { lockTimeoutMs: p.lockTimeoutMs } : {}),
    ...(p.statementTimeoutMs !== undefined ? { statementTimeoutMs: p.statementTimeoutMs } : {}),
    ...(p.retry ? { retry: p.retry } : {}),
    ...(p.afterDeploy ? { afterDeploy: true } : {}),
    ...(p.guide ? { guide: p.guide } : {}),
    ...(p.up.some((s) => s.batch) ? { repeat: p.up.flatMap((s, i) => (s.batch ? [i] : [])) } : {}),
    ...repeatPause([...p.up, ...p.down]),
    ...(p.transactional && !p.down.every((s) => s.transactional && !s.batch) ? { downTransactional: false } : {}),
    ...(p.down.some((s) => s.batch) ? { downRepeat: p.down.flatMap((s, i) => (s.batch ? [i] : [])) } : {}),
  };
}

/** The statements of the phases, for the analyzer: a transactional phase's statements share a transaction. */
function analyzerStatements(phases: PhaseSpec[], operations: Operation[]): AnalyzerStatement[] {
  const only = operations.length === 1 ? operations[0] : undefined;
  const session = /^\s*(SET|RESET)\b/i;
  return phases.flatMap((p, i) =>
    p.up.map((s) => ({
      sql: s.sql,
      transactional: s.transactional,
      ...(only && !session.test(s.sql) ? { change: only } : {}),
      ...(p.transactional && s.transactional ? { transaction: i } : {}),
    })),
  );
}

/** Plan operations (already parsed) for a dialect: phases, SQL up and down, and the safety analysis. */
export function planOperations(description: string, parsed: Operation[], options: PlanOptions): Plan {
  const { dialect } = options;
  const target = options.target ?? DEFAULT_TARGETS[dialect.name];
  const { operations, planned } = compile(parsed, options);
  const findings: Finding[] = [];
  planned.forEach((p, i) => {
    if (!p.downComplete && backfillOfAddedColumns(p.op, operations.slice(0, i))) p.downComplete = true;
    if (!p.downComplete) {
      findings.push({
        ...PLAN_FINDINGS.downIncomplete,
        message: `the down of "${describeOperation(p.op)}" is incomplete: ${p.downReason ?? 'it cannot be inverted'}`,
        fix: 'pass --schema-from or --db, or write the down by hand and review it',
      });
    }
    if (isDestructive(p.op)) {
      findings.push({
        ...PLAN_FINDINGS.dataLoss,
        message: `"${describeOperation(p.op)}" deletes data; the down recreates the structure, not the rows`,
        fix: 'back up the data first, and deploy code that no longer reads it before running this',
      });
    }
  });
  const phases = planPhases(operations, options);
  const facts = factsForPlanned(analyzerStatements(phases, operations), target, options.schema);
  for (const f of runRules(facts, target, options.schema)) {
    findings.push({ code: f.code, severity: f.severity, message: f.message, ...(f.fix ? { fix: f.fix } : {}) });
  }
  const reversible = planned.every((p) => p.downComplete);
  const dataLoss = operations.some(isDestructive);
  return {
    description,
    dialect: dialect.name,
    operations,
    phases: phases.map(phaseJson),
    up: phases.flatMap((p) => p.up.map((s) => s.sql)),
    down: [...phases].reverse().flatMap((p) => p.down.map((s) => s.sql)),
    analysis: {
      risk: riskOf(findings, dataLoss),
      reversible,
      dataLoss,
      findings,
      statements: describeStatements(facts, options.schema, options.batchSize, dialect.name),
      ...(options.preflight ? { preflight: options.preflight } : {}),
    },
  };
}

/** Parse a change description and plan it. Throws MigError for input it refuses. */
export function plan(description: string, options: PlanOptions): Plan {
  const ops = parseDescription(description, { maxIdentifierLength: options.dialect.maxIdentifierLength });
  return planOperations(description, ops, options);
}

/** The statements of a plan as one plain phase, with their transactional flags (for executing them). */
export function planStatements(parsed: Operation[], options: PlanOptions): { up: Statement[]; down: Statement[] } {
  const [phase] = planPhases(expandDependents(parsed, options.schema), { ...options, zeroDowntime: false });
  return { up: phase?.up ?? [], down: phase?.down ?? [] };
}
