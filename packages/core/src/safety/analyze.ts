import type { DialectName } from '../dialects/dialect';
import type { Operation } from '../model/operations';
import type { Schema } from '../model/schema';
import type { Finding } from '../plan/findings';
import { estimateStatement } from './estimate/statement';
import { analyzeMysqlSql, mysqlFactsForStatements } from './mysql/analyze';
import { analyzePostgresSql, loadPostgresParser, postgresFactsForStatements } from './postgres/analyze';
import { RULES } from './rules';
import { applyRules } from './run-rules';
import { analyzeSqliteSql, sqliteDetail, sqliteFactsForStatements } from './sqlite/analyze';
import { DEFAULT_TARGETS } from './target';
import type { AnalyzeTarget, Estimate, LockFact, StatementFacts, StatementFinding } from './types';

/** A statement to analyse that mig planned itself, with the operation that produced it. */
export interface PlannedStatement {
  sql: string;
  transactional: boolean;
  change?: Operation;
  /** statements with the same number run in one transaction */
  transaction?: number;
}

interface FactsSource {
  /** load what the analyzer needs (the WASM parser) before analysing synchronously */
  prepare(): Promise<void>;
  sql(sql: string, target: AnalyzeTarget, schema?: Schema, options?: SqlOptions): StatementFacts[];
  planned(statements: PlannedStatement[], target: AnalyzeTarget, schema?: Schema): StatementFacts[];
}

/** A MySQL target's version as the server writes it: 80029 → `8.0.29`. */
export function mysqlVersionString(target: AnalyzeTarget): string {
  const v = target.version;
  return `${Math.floor(v / 10000)}.${Math.floor(v / 100) % 100}.${v % 100}`;
}

const pgOpts = (target: AnalyzeTarget, schema?: Schema) => ({ version: target.version, ...(schema ? { schema } : {}) });
const mysqlOpts = (target: AnalyzeTarget, schema?: Schema) => ({
  version: mysqlVersionString(target),
  flavor: target.flavor ?? 'mysql',
  ...(schema ? { schema } : {}),
});

/** The one map from a dialect to its analyzer. */
const SOURCES: Record<DialectName, FactsSource> = {
  postgres: {
    prepare: loadPostgresParser,
    sql: (sql, target, schema, options) => analyzePostgresSql(sql, { ...pgOpts(target, schema), ...(options?.inTransaction ? { inTransaction: true } : {}) }),
    planned: (statements, target, schema) => postgresFactsForStatements(statements, pgOpts(target, schema)),
  },
  mysql: {
    prepare: async () => undefined,
    sql: (sql, target, schema) => analyzeMysqlSql(sql, mysqlOpts(target, schema)),
    planned: (statements, target, schema) => mysqlFactsForStatements(statements, mysqlOpts(target, schema)),
  },
  sqlite: {
    prepare: async () => undefined,
    sql: (sql, _target, schema) => analyzeSqliteSql(sql, schema ? { schema } : {}),
    planned: (statements, _target, schema) => sqliteFactsForStatements(statements, schema ? { schema } : {}),
  },
};

/** Load what the dialect's analyzer needs; call once before planning or analysing. */
export function prepareAnalyzer(dialect: DialectName): Promise<void> {
  return SOURCES[dialect].prepare();
}

/** How existing SQL is run: a runner that wraps each file in one transaction (mig's, Flyway's) changes what is safe. */
export interface SqlOptions {
  inTransaction?: boolean;
}

export function factsForSql(sql: string, target: AnalyzeTarget, schema?: Schema, options?: SqlOptions): StatementFacts[] {
  return SOURCES[target.dialect].sql(sql, target, schema, options);
}

export function factsForPlanned(statements: PlannedStatement[], target: AnalyzeTarget, schema?: Schema): StatementFacts[] {
  return SOURCES[target.dialect].planned(statements, target, schema);
}

/** Run every rule of the target's dialect over the statements. */
export function runRules(facts: StatementFacts[], target: AnalyzeTarget, schema?: Schema): StatementFinding[] {
  return applyRules(RULES, facts, target, schema);
}

/** One statement in the analysis JSON (ARCHITECTURE.md); key order is part of the contract. */
export interface AnalyzedStatement {
  sql: string;
  transactional: boolean;
  rewrite: boolean;
  scan: boolean;
  locks: LockFact[];
  estimate: Estimate;
  /** what the analyzer could not know and assumed (after the contract's keys, only when there is any) */
  notes?: string[];
}

const NO_WORK: Estimate = { seconds: 0, rows: null, basis: 'no table work (catalog or session statement)' };

/** The timing model is calibrated on PostgreSQL only: elsewhere the time is unknown, said plainly. */
function uncalibrated(dialect: DialectName, estimate: Estimate): Estimate {
  return {
    seconds: null,
    rows: estimate.rows,
    basis: `unknown — the timing model is calibrated on PostgreSQL only, not on ${dialect === 'mysql' ? 'MySQL/MariaDB' : 'SQLite'}`,
  };
}

export function describeStatements(
  facts: StatementFacts[],
  schema?: Schema,
  batchSize?: number,
  dialect: DialectName = 'postgres',
): AnalyzedStatement[] {
  return facts.map((f) => {
    const estimate = estimateStatement(f, schema, batchSize ? { batchSize } : {}) ?? NO_WORK;
    return {
      sql: f.sql,
      transactional: f.transactional,
      rewrite: f.rewrite,
      scan: f.scan,
      locks: f.locks,
      estimate: dialect === 'postgres' || estimate === NO_WORK ? estimate : uncalibrated(dialect, estimate),
      ...(f.notes?.length ? { notes: f.notes } : {}),
    };
  });
}

export type Risk = 'low' | 'medium' | 'high';

/** Risk from the findings: any error or data loss is high, any warning medium. */
export function riskOf(findings: Finding[], dataLoss: boolean): Risk {
  if (dataLoss || findings.some((f) => f.severity === 'error')) return 'high';
  return findings.some((f) => f.severity === 'warning') ? 'medium' : 'low';
}

/** The analysis of existing SQL (`mig analyze`): same shape as a plan's. */
export interface SqlAnalysis {
  risk: Risk;
  reversible: boolean;
  dataLoss: boolean;
  findings: Finding[];
  statements: AnalyzedStatement[];
}

/** Statement kinds that delete data, as each dialect's analyzer names them. */
const DATA_LOSS_KINDS = /^(DropStmt\/OBJECT_TABLE|TruncateStmt|AlterTableStmt\/AT_DropColumn|DROP TABLE|TRUNCATE TABLE|ALTER TABLE DROP COLUMN)$|dropColumn/;

/** Whether a statement deletes data; the DROP of a SQLite rebuild's old table does not (its rows were copied). */
export function deletesData(facts: StatementFacts): boolean {
  if (!DATA_LOSS_KINDS.test(facts.kind)) return false;
  return sqliteDetail(facts)?.rebuild?.step !== 'drop';
}

export function analyzeSql(sql: string, target: AnalyzeTarget = DEFAULT_TARGETS.postgres, schema?: Schema, options?: SqlOptions): SqlAnalysis {
  const facts = factsForSql(sql, target, schema, options);
  const findings = runRules(facts, target, schema);
  const dataLoss = facts.some(deletesData);
  return {
    risk: riskOf(findings, dataLoss),
    reversible: false,
    dataLoss,
    findings: findings.map(({ code, severity, message, fix }) => ({ code, severity, message, ...(fix ? { fix } : {}) })),
    statements: describeStatements(facts, schema, undefined, target.dialect),
  };
}
