import type { Connection } from '../../db/connection';
import { MigError } from '../../errors';
import { applyOperation, requireColumn, requireTable, tableFromColumns } from '../../model/apply';
import { foreignKeyName, indexName } from '../../model/naming';
import type { Operation, OperationOf } from '../../model/operations';
import type { Column, DefaultValue, Schema, Table } from '../../model/schema';
import { BaseDialect, type PreflightSql, type RenderContext, type RendererMap, type Statement, isColumnNullable } from '../dialect';
import { columnDefinition, createIndexSql, createTableSql, referencesClause, standaloneIndexes } from './ddl';
import { canonicalDefault, isConstantDefault, renderLiteral } from './defaults';
import { introspectSqlite } from './introspect';
import { quoteIdent } from './quote';
import { rebuildTable, requireSchema } from './rebuild';
import { mentionsIdentifier } from './table-sql';
import { declaredType } from './types';

/**
 * Whether ALTER TABLE ADD COLUMN can add the column: SQLite refuses primary keys, non-constant
 * defaults, NOT NULL without a default, and a foreign key on a column with a default.
 * A unique column is fine (its index is a separate CREATE UNIQUE INDEX), and so is a foreign key
 * (written as a named column constraint, so its name survives like a table constraint's).
 */
function canAddInPlace(column: Column): boolean {
  if (column.primaryKey || column.autoIncrement) return false;
  if (column.default !== undefined && !isConstantDefault(column.default)) return false;
  if (!column.nullable && column.default === undefined) return false;
  return !column.references || column.default === undefined;
}

/** What keeps ALTER TABLE DROP COLUMN from dropping the column (indexes aside, which are dropped first). */
function dropColumnNeedsRebuild(table: Table, column: string): boolean {
  return (
    table.primaryKey.includes(column) ||
    table.indexes.some((i) => i.constraint && i.columns.includes(column)) ||
    table.foreignKeys.some((f) => f.columns.includes(column)) ||
    table.checks.some((c) => mentionsIdentifier(c.expression, column))
  );
}

/** A column other tables reference cannot go: SQLite would need to rebuild those tables too. */
function refuseReferencedColumn(schema: Schema, table: string, column: string): void {
  for (const other of schema.tables.filter((t) => t.name !== table)) {
    const fk = other.foreignKeys.find((f) => f.refTable === table && f.refColumns.includes(column));
    if (fk) {
      throw new MigError(
        `column ${table}.${column} is referenced by foreign key ${fk.name} of table ${other.name}; drop that foreign key first`,
        { code: 'REFERENCED' },
      );
    }
  }
}

/**
 * SQLite: no enum type, a declared type kept verbatim, ALTER TABLE limited to adding, renaming and
 * dropping columns and renaming tables; everything else is a table rebuild (rebuild.ts), which
 * needs the table's current definition (`ctx.schema`).
 */
export class SqliteDialect extends BaseDialect {
  readonly name = 'sqlite' as const;
  readonly label = 'SQLite';
  /** SQLite has no limit; this keeps names portable and readable. */
  readonly maxIdentifierLength = 128;
  readonly supportsTransactionalDdl = true;

  protected readonly renderers: RendererMap = {
    createTable: (op) => this.createTable(tableFromColumns(op.table, op.columns)),
    dropTable: (op) => [this.stmt(`DROP TABLE ${quoteIdent(op.table)}`)],
    renameTable: (op) => [this.stmt(`ALTER TABLE ${quoteIdent(op.from)} RENAME TO ${quoteIdent(op.to)}`)],
    addColumn: (op, ctx) => this.addColumn(op, ctx),
    dropColumn: (op, ctx) => this.dropColumn(op, ctx),
    renameColumn: (op) => [
      this.stmt(`ALTER TABLE ${quoteIdent(op.table)} RENAME COLUMN ${quoteIdent(op.from)} TO ${quoteIdent(op.to)}`),
    ],
    alterColumnType: (op, ctx) => this.rebuild(op, op.table, ctx),
    setNotNull: (op, ctx) => this.rebuild(op, op.table, ctx),
    dropNotNull: (op, ctx) => this.rebuild(op, op.table, ctx),
    setDefault: (op, ctx) => this.rebuild(op, op.table, ctx),
    dropDefault: (op, ctx) => this.rebuild(op, op.table, ctx),
    createIndex: (op) => [this.stmt(createIndexSql(op, op.table))],
    dropIndex: (op, ctx) => this.dropIndex(op, ctx),
    addForeignKey: (op, ctx) => this.rebuild(op, op.table, ctx),
    dropForeignKey: (op, ctx) => this.rebuild(op, op.table, ctx),
    addCheck: (op, ctx) => this.rebuild(op, op.table, ctx),
    dropCheck: (op, ctx) => this.rebuild(op, op.table, ctx),
    backfill: (op) => [this.backfill(op)],
    sql: (op) => {
      if (op.up.trim() === '') throw new MigError('the sql operation has no up statement; give the SQL to run', { code: 'EMPTY_SQL' });
      return [this.stmt(op.up.trim())];
    },
  };

  quoteIdent(name: string): string {
    return quoteIdent(name);
  }

  renderType(type: string): string {
    return declaredType(type);
  }

  renderValue(value: DefaultValue | null): string {
    return renderLiteral(value);
  }

  /** SQLite stores any value in any column (type affinity), so lengths and ranges are not checked. */
  readonly preflight: PreflightSql = {
    addNotNullFillsImplicitDefault: false,
    enforcesTypes: false,
    charLength: (expr) => `length(${expr})`,
  };

  introspect(db: Connection): Promise<Schema> {
    return introspectSqlite(db);
  }

  /**
   * How a model table reads back: primary-key columns NOT NULL, an auto-increment key INTEGER
   * (the only type SQLite auto-increments), defaults as SQLite reports them.
   */
  override canonicalTable(table: Table): Table {
    return {
      ...table,
      columns: table.columns.map((c) => {
        const type = c.autoIncrement ? 'integer' : c.type;
        const { default: value, ...rest } = c;
        const dflt = value === undefined ? undefined : canonicalDefault(value, type);
        return { ...rest, type, nullable: isColumnNullable(c), ...(dflt === undefined ? {} : { default: dflt }) };
      }),
    };
  }

  private createTable(table: Table): Statement[] {
    return [this.stmt(createTableSql(table)), ...standaloneIndexes(table).map((i) => this.stmt(createIndexSql(i, table.name)))];
  }

  private rebuild(op: Operation, table: string, ctx: RenderContext): Statement[] {
    const schema = requireSchema(ctx, table, op.kind);
    return rebuildTable(schema, applyOperation(schema, op), table);
  }

  private addColumn(op: OperationOf<'addColumn'>, ctx: RenderContext): Statement[] {
    const { table, column } = op;
    if (!canAddInPlace(column)) return this.rebuild(op, table, ctx);
    let definition = columnDefinition(tableFromColumns(table, [column]), column);
    if (column.references) {
      const fkName = foreignKeyName(table, [column.name], column.references.table);
      definition += ` CONSTRAINT ${quoteIdent(fkName)} ${referencesClause({
        refTable: column.references.table,
        refColumns: [column.references.column],
        onDelete: column.references.onDelete,
      })}`;
    }
    const statements = [this.stmt(`ALTER TABLE ${quoteIdent(table)} ADD COLUMN ${definition}`)];
    if (column.unique) {
      statements.push(this.stmt(createIndexSql({ name: indexName(table, [column.name], true), columns: [column.name], unique: true }, table)));
    }
    return statements;
  }

  private dropColumn(op: OperationOf<'dropColumn'>, ctx: RenderContext): Statement[] {
    const drop = this.stmt(`ALTER TABLE ${quoteIdent(op.table)} DROP COLUMN ${quoteIdent(op.column)}`);
    // Without the definition, ALTER TABLE is the only choice; SQLite refuses it loudly when the column is in use.
    if (!ctx.schema) return [drop];
    const table = requireTable(ctx.schema, op.table);
    requireColumn(table, op.column);
    refuseReferencedColumn(ctx.schema, op.table, op.column);
    if (dropColumnNeedsRebuild(table, op.column)) return this.rebuild(op, op.table, ctx);
    const indexes = standaloneIndexes(table).filter((i) => i.columns.includes(op.column));
    return [...indexes.map((i) => this.stmt(`DROP INDEX ${quoteIdent(i.name)}`)), drop];
  }

  /** A UNIQUE constraint's index cannot be dropped on its own: the table is rebuilt without it. */
  private dropIndex(op: OperationOf<'dropIndex'>, ctx: RenderContext): Statement[] {
    const owner = ctx.schema?.tables.find(
      (t) => (op.table === undefined || t.name === op.table) && t.indexes.some((i) => i.name === op.name && i.constraint),
    );
    if (owner) return this.rebuild(op, owner.name, ctx);
    return [this.stmt(`DROP INDEX ${quoteIdent(op.name)}`)];
  }

  private backfill(op: OperationOf<'backfill'>): Statement {
    const assignments = Object.entries(op.set).map(([column, value]) => `${quoteIdent(column)} = ${renderLiteral(value)}`);
    if (assignments.length === 0) {
      throw new MigError(`the backfill of ${op.table} sets no columns; name at least one column and its value`, {
        code: 'EMPTY_BACKFILL',
      });
    }
    return this.stmt(`UPDATE ${quoteIdent(op.table)} SET ${assignments.join(', ')}${op.where ? ` WHERE ${op.where}` : ''}`);
  }
}

export const sqliteDialect = new SqliteDialect();
