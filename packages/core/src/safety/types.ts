import type { DialectName } from '../dialects/dialect';
import type { Operation } from '../model/operations';
import type { Schema } from '../model/schema';
import type { Finding } from '../plan/findings';

/**
 * A lock a statement takes on one table. PostgreSQL modes use PostgreSQL's names (`ACCESS EXCLUSIVE`,
 * `SHARE`, `SHARE UPDATE EXCLUSIVE`, `SHARE ROW EXCLUSIVE`, `ROW EXCLUSIVE`, ...). MySQL reports the
 * algorithm / lock level (`INSTANT`, `INPLACE/NONE`, `INPLACE/SHARED`, `COPY/SHARED`, `COPY/EXCLUSIVE`)
 * plus the metadata lock (`metadata lock (exclusive, brief)`); SQLite `database write lock`.
 */
export interface LockFact {
  table: string;
  mode: string;
}

/** How long a statement holds what it takes, estimated from table statistics. */
export interface Estimate {
  /** best estimate in seconds; null when unknown (no statistics) */
  seconds: number | null;
  /** [low, high] seconds, the model's range */
  range?: [number, number];
  rows: number | null;
  /** where the size came from (`pg_class.reltuples`, `information_schema.TABLES`) or why it is unknown */
  basis: string;
}

/**
 * What one statement does to the database, as the analyzer understands it: derived from the typed
 * operation that produced it (plans) or from the real parser's tree (existing SQL files).
 */
export interface StatementFacts {
  sql: string;
  /** position in the file or plan, from 0 */
  index: number;
  /** the statement's kind as the parser names it, e.g. `AlterTableStmt` / `AT_AddColumn` */
  kind: string;
  /** the typed operation, when known */
  change?: Operation;
  /** the statement may run inside a transaction block */
  transactional: boolean;
  /** it will run inside an explicit transaction (BEGIN … COMMIT in the file, or the runner's) */
  inTransaction: boolean;
  /** which transaction: statements with the same number run in one transaction; absent outside one */
  transaction?: number;
  /** tables it touches */
  tables: string[];
  locks: LockFact[];
  /** rewrites the table (new relfilenode / table copy) */
  rewrite: boolean;
  /** reads every row of the table under its lock (validation, SET NOT NULL) */
  scan: boolean;
  /** set when the parser could not read the statement */
  parseError?: string;
  /** what the analyzer could not know and assumed instead (e.g. an unknown current column type) */
  notes?: string[];
  /** the parser's tree for the statement (PostgreSQL: libpg-query's JSON `stmt`), for rules that need detail */
  node?: unknown;
}

export interface AnalyzeTarget {
  dialect: DialectName;
  /**
   * Server version as one comparable number. PostgreSQL: the major version (15). MySQL / MariaDB:
   * major·10000 + minor·100 + patch (MySQL 8.0.29 → 80029, MariaDB 10.11.6 → 101106), since
   * decimals cannot tell 10.1 from 10.10.
   */
  version: number;
  /** `mariadb` or `mysql` flavour for the mysql dialect */
  flavor?: 'mysql' | 'mariadb';
}

/** What a rule sees: the statement, all statements (for cross-statement checks), the schema if known. */
export interface RuleContext {
  target: AnalyzeTarget;
  statement: StatementFacts;
  statements: StatementFacts[];
  schema?: Schema;
}

export type Severity = Finding['severity'];

/** One safety rule: one file, one stable code, registered once in rules/index.ts. */
export interface Rule {
  /** kebab-case id, e.g. `require-concurrent-index` */
  id: string;
  /** stable code, e.g. `MIG-PG101` */
  code: string;
  severity: Severity;
  dialects: readonly DialectName[];
  /** one line: what the rule catches */
  summary: string;
  /** the safe alternative, shown as the finding's fix */
  fix: string;
  check(ctx: RuleContext): RuleHit[];
}

/** A rule's hit: its message; the finding takes code, severity and fix from the rule. */
export interface RuleHit {
  message: string;
  /** overrides the rule's generic fix with a specific one (e.g. the exact safe SQL) */
  fix?: string;
}

/** A finding tied to the statement it is about. */
export interface StatementFinding extends Finding {
  rule: string;
  statement: number;
}
