/**
 * The PostgreSQL analyzer's entry points: facts for a SQL text (`mig analyze`), and facts for the
 * statements mig planned itself, each paired with the typed operation that produced it.
 * Call `await loadPostgresParser()` once before either.
 */
import type { Operation } from '../../model/operations';
import type { Schema } from '../../model/schema';
import type { StatementFacts } from '../types';
import { FactsBuilder } from './facts';
import { type TransactionPlace, splitStatements, trackTransactions } from './parse';

export { loadPostgresParser } from './parse';

export const DEFAULT_POSTGRES_VERSION = 15;

export interface PostgresAnalyzeOptions {
  /** server major version (default 15) */
  version?: number;
  /** the schema before the first statement (`--schema-from`, `--db`) */
  schema?: Schema;
  /** the session TimeZone, when known; decides whether timestamp ↔ timestamptz rewrites */
  timeZone?: string;
  /** the runner wraps the whole text in one transaction (as Flyway and most frameworks do) */
  inTransaction?: boolean;
}

/** The facts of every statement of a SQL text, in order; a statement that does not parse is kept with its error. */
export function analyzePostgresSql(sql: string, options: PostgresAnalyzeOptions = {}): StatementFacts[] {
  const parsed = splitStatements(sql);
  const places = trackTransactions(
    parsed.map((p) => p.node),
    options.inTransaction ?? false,
  );
  const builder = new FactsBuilder(factsOptions(options), options.schema);
  return parsed.map((p, i) => builder.build(p, i, places[i] as TransactionPlace));
}

export interface PlannedStatement {
  sql: string;
  transactional: boolean;
  change?: Operation;
  /**
   * The transaction it runs in: statements with the same number share one. When no statement
   * gives one, consecutive transactional statements share a transaction.
   */
  transaction?: number;
}

/**
 * Facts for statements mig planned. Each statement is parsed on its own; one that holds several
 * statements (a raw `sql` operation) yields several facts with the same `index`.
 */
export function postgresFactsForStatements(
  statements: readonly PlannedStatement[],
  options: PostgresAnalyzeOptions = {},
): StatementFacts[] {
  const builder = new FactsBuilder(factsOptions(options), options.schema);
  const places = plannedPlaces(statements);
  const out: StatementFacts[] = [];
  statements.forEach((s, index) => {
    const place = places[index] as TransactionPlace;
    for (const p of splitStatements(s.sql)) out.push(builder.build(p, index, place, s.change));
  });
  return out;
}

function factsOptions(options: PostgresAnalyzeOptions) {
  return {
    version: options.version ?? DEFAULT_POSTGRES_VERSION,
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
  };
}

function plannedPlaces(statements: readonly PlannedStatement[]): TransactionPlace[] {
  if (statements.some((s) => s.transaction !== undefined)) {
    return statements.map((s) =>
      s.transaction === undefined ? { inTransaction: false } : { inTransaction: true, transaction: s.transaction },
    );
  }
  let next = 0;
  let previous = false;
  return statements.map((s) => {
    if (!s.transactional) {
      previous = false;
      return { inTransaction: false };
    }
    if (!previous) next++;
    previous = true;
    return { inTransaction: true, transaction: next - 1 };
  });
}
