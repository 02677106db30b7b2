import type { Connection } from '../db/connection';
import { MigError } from '../errors';
import type { Operation, OperationKind, OperationOf } from '../model/operations';
import { type Column, type DefaultValue, type Schema, type Table, canonicalSchema } from '../model/schema';
import type { AnalyzeTarget } from '../safety/types';

export type DialectName = 'postgres' | 'mysql' | 'sqlite';

export const DIALECT_NAMES: readonly DialectName[] = ['postgres', 'mysql', 'sqlite'];

/** One SQL statement of a plan, and whether it may run inside a transaction. */
export interface Statement {
  sql: string;
  transactional: boolean;
  /** restores a session setting: runs even after an earlier statement failed */
  cleanup?: boolean;
  /**
   * Run on its own, repeatedly, until it affects no rows, pausing `pauseMs` between runs (a
   * batched backfill: each run changes at most `size` rows and commits).
   */
  batch?: { size: number; pauseMs: number };
}

/** The SQL fragments the pre-flight checks (plan/preflight) need, per dialect. */
export interface PreflightSql {
  /** the database refuses a value longer than a declared length or outside a type's range (SQLite does not) */
  readonly enforcesTypes: boolean;
  /** ADD COLUMN ... NOT NULL without a default fills existing rows with the type's zero value (MySQL) */
  readonly addNotNullFillsImplicitDefault: boolean;
  /** the length of a string expression in characters */
  charLength(expr: string): string;
  /** `expr` does not match a POSIX regular expression; undefined when the database has no regex operator */
  notMatching?(expr: string, pattern: string): string;
  /** the session setting that bounds each pre-flight query, when the server has one */
  statementTimeout?(ms: number, target: AnalyzeTarget): string;
}

export interface RenderContext {
  /**
   * The schema before the operation, when known (`--schema-from`, `--db`). Needed where the SQL
   * depends on the existing definition (SQLite table rebuilds, MySQL MODIFY COLUMN).
   */
  schema?: Schema;
}

export type Renderer<K extends OperationKind> = (op: OperationOf<K>, ctx: RenderContext) => Statement[];
export type RendererMap = { [K in OperationKind]: Renderer<K> };

/**
 * A SQL dialect: renders operations, quotes identifiers, maps portable types, and introspects
 * a live database into the schema model. One object per dialect; no `switch (dialect)` elsewhere.
 */
export interface Dialect {
  readonly name: DialectName;
  /** human name: PostgreSQL, MySQL/MariaDB, SQLite */
  readonly label: string;
  readonly maxIdentifierLength: number;
  /** DDL can be rolled back inside a transaction */
  readonly supportsTransactionalDdl: boolean;
  /** Operation kinds this dialect cannot express, with the reason (shown to users, listed in tests). */
  readonly unsupported: Partial<Record<OperationKind, string>>;

  /** Quote an identifier when it needs it (reserved word, case, characters); leave plain names bare. */
  quoteIdent(name: string): string;
  /** The dialect's column type for a portable type. */
  renderType(type: string): string;
  /** A default value or backfill value as SQL. */
  renderValue(value: DefaultValue | null): string;
  /** The statements that carry out one operation. Throws MigError when the dialect cannot. */
  render(op: Operation, ctx: RenderContext): Statement[];
  /**
   * How a table of the model reads back from this database after a round trip (types the dialect
   * folds, defaults it rewrites). Tests compare `introspect()` with this.
   */
  canonicalTable(table: Table): Table;
  /** Read tables, columns, indexes, foreign keys and checks (and row statistics) from a live database. */
  introspect(db: Connection): Promise<Schema>;
  /** SQL for the read-only pre-flight checks */
  readonly preflight: PreflightSql;
}

/**
 * Shared behaviour of the dialects: dispatch from an operation kind to its renderer, with a clear
 * error for a kind the dialect has no renderer for, and an identity `canonicalTable`.
 */
export abstract class BaseDialect implements Dialect {
  abstract readonly name: DialectName;
  abstract readonly label: string;
  abstract readonly maxIdentifierLength: number;
  abstract readonly supportsTransactionalDdl: boolean;
  readonly unsupported: Partial<Record<OperationKind, string>> = {};

  protected abstract readonly renderers: RendererMap;

  abstract quoteIdent(name: string): string;
  abstract renderType(type: string): string;
  abstract renderValue(value: DefaultValue | null): string;
  abstract introspect(db: Connection): Promise<Schema>;
  abstract readonly preflight: PreflightSql;

  render(op: Operation, ctx: RenderContext): Statement[] {
    const reason = this.unsupported[op.kind];
    if (reason) throw new MigError(`${this.label} cannot ${op.kind}: ${reason}`, { code: 'UNSUPPORTED' });
    const renderer = this.renderers[op.kind] as Renderer<typeof op.kind> | undefined;
    if (!renderer) throw new MigError(`no ${this.label} renderer for operation ${op.kind}`, { code: 'NO_RENDERER' });
    return renderer(op as never, ctx);
  }

  canonicalTable(table: Table): Table {
    return table;
  }

  /** A statement that may run in a transaction when the dialect has transactional DDL. */
  protected stmt(sql: string, transactional = this.supportsTransactionalDdl): Statement {
    return { sql, transactional };
  }

  protected columnList(columns: string[]): string {
    return columns.map((c) => this.quoteIdent(c)).join(', ');
  }
}

export function isColumnNullable(column: Column): boolean {
  return column.nullable && !column.primaryKey;
}

/**
 * A schema as it compares across a round trip on this database: canonical, each table as the
 * dialect reads it back, check expressions blanked (each database rewrites them its own way).
 */
export function comparableSchema(dialect: Dialect, schema: Schema): Schema {
  const canonical = canonicalSchema({ tables: schema.tables.map((t) => dialect.canonicalTable(t)) });
  for (const t of canonical.tables) for (const c of t.checks) c.expression = '';
  return canonical;
}
