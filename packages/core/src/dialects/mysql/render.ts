import type { Connection } from '../../db/connection';
import { MigError } from '../../errors';
import { applyOperation, mentionsColumn } from '../../model/apply';
import { foreignKeyName, indexName } from '../../model/naming';
import type { Operation, OperationOf } from '../../model/operations';
import {
  type Column,
  type DefaultValue,
  type ForeignKey,
  type Index,
  type ReferentialAction,
  type Schema,
  type Table,
  findColumn,
  findTable,
  isSqlExpression,
} from '../../model/schema';
import { type PortableTypeBase, type TypeSpec, formatType, parseType } from '../../model/types';
import { BaseDialect, type PreflightSql, type RenderContext, type RendererMap, type Statement, isColumnNullable } from '../dialect';
import { canonicalDefault, quoteLiteral } from './defaults';
import { backingIndexChanges } from './foreign-key-indexes';
import { introspectMysql } from './introspect';
import { MYSQL_CHARSETS, MYSQL_KEYWORDS } from './keywords';

const KEYWORDS = new Set(MYSQL_KEYWORDS);
const CHARSET_INTRODUCERS = new Set(MYSQL_CHARSETS.map((c) => `_${c}`));
const PLAIN_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_IDENTIFIER_LENGTH = 64;

const TYPE_NAMES: Partial<Record<PortableTypeBase, string>> = {
  boolean: 'tinyint(1)',
  integer: 'int',
  bigint: 'bigint',
  smallint: 'smallint',
  text: 'text',
  float: 'float',
  double: 'double',
  date: 'date',
  time: 'time',
  timestamp: 'datetime',
  timestamptz: 'timestamp',
  uuid: 'char(36)',
  json: 'json',
  jsonb: 'json',
  binary: 'longblob',
};

/** MySQL 8 accepts a default on these only as an expression, `DEFAULT ('...')`; MariaDB reads both. */
const EXPRESSION_DEFAULT_TYPES = new Set<PortableTypeBase>(['text', 'json', 'jsonb', 'binary']);
const AUTO_INCREMENT_TYPES = new Set<PortableTypeBase>(['integer', 'bigint', 'smallint']);
const NUMERIC_TYPES = new Set<PortableTypeBase>(['integer', 'bigint', 'smallint', 'decimal', 'float', 'double']);
const DATETIME_TYPES = new Set<PortableTypeBase>(['timestamp', 'timestamptz']);
/** MySQL's decimal without precision. */
const DEFAULT_DECIMAL = { precision: 10, scale: 0 };
/** Statements that change rows only, which a runner may group in a transaction. */
const DML = /^\s*(insert|update|delete|replace)\b/i;

function schemaTable(ctx: RenderContext, name: string): Table | undefined {
  return ctx.schema && findTable(ctx.schema, name);
}

function schemaColumn(ctx: RenderContext, table: string, column: string): Column | undefined {
  const t = schemaTable(ctx, table);
  return t && findColumn(t, column);
}

/** `ALTER TABLE ... MODIFY COLUMN` restates the whole column, so these need its current definition. */
function requireColumn(ctx: RenderContext, table: string, column: string, what: string): Column {
  const existing = schemaColumn(ctx, table, column);
  if (!existing) {
    throw new MigError(
      `${what} of ${table}.${column} rewrites the whole column in MySQL/MariaDB (MODIFY COLUMN); ` +
        `pass --schema-from or --db so mig knows the rest of the column's definition`,
      { code: 'NEEDS_SCHEMA' },
    );
  }
  return existing;
}

/** The canonical model type text, as MySQL folds it (jsonb is json, decimal is decimal(10,0)). */
function canonicalType(type: string): string {
  const spec = parseType(type);
  if (spec.base === 'jsonb') return 'json';
  if (spec.base === 'decimal' && spec.precision === undefined) return formatType({ ...spec, ...DEFAULT_DECIMAL });
  return formatType(spec);
}

/**
 * The default kept when a column changes type: the old value read as the new type, or nothing
 * when it has no meaning there (MySQL would refuse the MODIFY).
 */
function defaultForType(value: DefaultValue, from: TypeSpec, to: TypeSpec): DefaultValue | undefined {
  if (isSqlExpression(value)) {
    const sql = canonicalDefault(value, to) as { sql: string };
    if (sql.sql === 'CURRENT_TIMESTAMP') return DATETIME_TYPES.has(to.base) ? value : undefined;
    return from.base === to.base ? value : undefined;
  }
  const converted = canonicalDefault(value, to);
  if (to.base === 'boolean') return typeof converted === 'boolean' ? converted : undefined;
  if (NUMERIC_TYPES.has(to.base)) return typeof converted === 'number' ? converted : undefined;
  const text = String(converted);
  if (to.base === 'enum') return to.values?.includes(text) ? text : undefined;
  if (to.base === 'string' && text.length > (to.length ?? 0)) return undefined;
  return text;
}

/**
 * MySQL and MariaDB: InnoDB tables, no transactional DDL. Every statement is syntax that both
 * MariaDB 10.11 and MySQL 8 accept. Names are quoted with backticks only when needed.
 */
export class MysqlDialect extends BaseDialect {
  readonly name = 'mysql' as const;
  readonly label = 'MySQL/MariaDB';
  readonly maxIdentifierLength = MAX_IDENTIFIER_LENGTH;
  readonly supportsTransactionalDdl = false;

  protected readonly renderers: RendererMap = {
    createTable: (op) => this.createTable(op),
    dropTable: (op) => [this.stmt(`DROP TABLE ${this.quoteIdent(op.table)}`)],
    renameTable: (op) => [this.stmt(`RENAME TABLE ${this.quoteIdent(op.from)} TO ${this.quoteIdent(op.to)}`)],
    addColumn: (op, ctx) => this.addColumn(op, ctx),
    dropColumn: (op, ctx) => this.dropColumn(op, ctx),
    renameColumn: (op) => [
      this.stmt(`${this.alterTable(op.table)} RENAME COLUMN ${this.quoteIdent(op.from)} TO ${this.quoteIdent(op.to)}`),
    ],
    alterColumnType: (op, ctx) => {
      const existing = requireColumn(ctx, op.table, op.column, 'changing the type');
      const from = parseType(existing.type);
      const to = parseType(op.type);
      const kept = existing.default === undefined ? undefined : defaultForType(existing.default, from, to);
      const column: Column = { ...existing, type: op.type };
      if (kept === undefined) delete column.default;
      else column.default = kept;
      return [this.modifyColumn(op.table, column)];
    },
    setNotNull: (op, ctx) => [
      this.modifyColumn(op.table, { ...requireColumn(ctx, op.table, op.column, 'making NOT NULL'), nullable: false }),
    ],
    dropNotNull: (op, ctx) => [
      this.modifyColumn(op.table, { ...requireColumn(ctx, op.table, op.column, 'dropping NOT NULL'), nullable: true }),
    ],
    setDefault: (op, ctx) => {
      const existing = schemaColumn(ctx, op.table, op.column);
      const value = existing ? this.columnDefault(existing.type, op.default) : this.defaultClauseValue(op.default);
      return [this.stmt(`${this.alterColumn(op.table, op.column)} SET DEFAULT ${value}`)];
    },
    dropDefault: (op) => [this.stmt(`${this.alterColumn(op.table, op.column)} DROP DEFAULT`)],
    createIndex: (op, ctx) => [this.createIndex(op, ctx)],
    dropIndex: (op, ctx) => [this.dropIndex(op, ctx)],
    addForeignKey: (op) => [
      this.stmt(
        `${this.alterTable(op.table)} ADD ${this.foreignKey({ name: op.name, columns: op.columns, refTable: op.refTable, refColumns: op.refColumns, ...(op.onDelete ? { onDelete: op.onDelete } : {}) })}`,
      ),
    ],
    dropForeignKey: (op, ctx) => [this.dropForeignKey(op, ctx)],
    addCheck: (op) => [
      this.stmt(`${this.alterTable(op.table)} ADD CONSTRAINT ${this.quoteIdent(op.name)} CHECK (${op.expression})`),
    ],
    dropCheck: (op) => [this.stmt(`${this.alterTable(op.table)} DROP CONSTRAINT ${this.quoteIdent(op.name)}`)],
    backfill: (op, ctx) => [this.backfill(op, ctx)],
    sql: (op) => {
      const up = op.up.trim();
      if (up === '') throw new MigError('the sql operation has no up statement; give the SQL to run', { code: 'EMPTY_SQL' });
      return [this.stmt(up, DML.test(up))];
    },
  };

  quoteIdent(name: string): string {
    if (name === '' || name.includes('\0')) {
      throw new MigError(`the name ${JSON.stringify(name)} cannot be a MySQL/MariaDB identifier; use a non-empty name without NUL characters`, {
        code: 'BAD_IDENTIFIER',
      });
    }
    if ([...name].length > MAX_IDENTIFIER_LENGTH) {
      throw new MigError(
        `the name "${name}" is longer than the ${MAX_IDENTIFIER_LENGTH} characters MySQL/MariaDB allow; pick a shorter name`,
        { code: 'IDENTIFIER_TOO_LONG' },
      );
    }
    const bare =
      PLAIN_IDENTIFIER.test(name) && !KEYWORDS.has(name.toUpperCase()) && !CHARSET_INTRODUCERS.has(name.toLowerCase());
    return bare ? name : `\`${name.replace(/`/g, '``')}\``;
  }

  renderType(type: string): string {
    const spec = parseType(type);
    const simple = TYPE_NAMES[spec.base];
    if (simple) return simple;
    switch (spec.base) {
      case 'string':
        return `varchar(${spec.length})`;
      case 'decimal':
        return spec.precision === undefined ? 'decimal' : `decimal(${spec.precision},${spec.scale ?? 0})`;
      default:
        return `enum(${(spec.values ?? []).map(quoteLiteral).join(',')})`;
    }
  }

  renderValue(value: DefaultValue | null): string {
    if (value === null) return 'NULL';
    if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) {
        throw new MigError(`${value} is not a value MySQL/MariaDB can store as a number; use a finite number`, { code: 'BAD_VALUE' });
      }
      return String(value);
    }
    if (isSqlExpression(value)) return value.sql;
    return quoteLiteral(value);
  }

  /**
   * A model table as MySQL/MariaDB reads it back: types folded (jsonb is json), primary-key and
   * generated columns NOT NULL, defaults typed by the column, and RESTRICT, InnoDB's synonym of
   * NO ACTION that MariaDB reports when no action was given, read as "no action given".
   */
  override canonicalTable(table: Table): Table {
    return {
      ...table,
      columns: table.columns.map((c) => this.canonicalColumn(c, table.primaryKey.includes(c.name))),
      foreignKeys: table.foreignKeys.map((f) => {
        const out: ForeignKey = { name: f.name, columns: [...f.columns], refTable: f.refTable, refColumns: [...f.refColumns] };
        const onDelete = canonicalAction(f.onDelete);
        const onUpdate = canonicalAction(f.onUpdate);
        if (onDelete) out.onDelete = onDelete;
        if (onUpdate) out.onUpdate = onUpdate;
        return out;
      }),
    };
  }

  readonly preflight: PreflightSql = {
    addNotNullFillsImplicitDefault: true,
    enforcesTypes: true,
    charLength: (expr) => `CHAR_LENGTH(${expr})`,
    notMatching: (expr, pattern) => `${expr} NOT REGEXP ${this.renderValue(pattern)}`,
    // MariaDB bounds any statement in seconds; MySQL bounds SELECTs in milliseconds
    statementTimeout: (ms, target) =>
      target.flavor === 'mariadb'
        ? `SET SESSION max_statement_time = ${Math.max(0.001, ms / 1000)}`
        : `SET SESSION max_execution_time = ${Math.max(1, Math.round(ms))}`,
  };

  introspect(db: Connection): Promise<Schema> {
    return introspectMysql(db);
  }

  private canonicalColumn(column: Column, inPrimaryKey: boolean): Column {
    const out: Column = { ...column, type: canonicalType(column.type) };
    if (inPrimaryKey) out.primaryKey = true;
    if (inPrimaryKey || column.autoIncrement) out.nullable = false;
    if (column.autoIncrement || column.default === undefined) delete out.default;
    else out.default = canonicalDefault(column.default, parseType(column.type));
    return out;
  }

  private alterTable(table: string): string {
    return `ALTER TABLE ${this.quoteIdent(table)}`;
  }

  private alterColumn(table: string, column: string): string {
    return `${this.alterTable(table)} ALTER COLUMN ${this.quoteIdent(column)}`;
  }

  /** A default as written after DEFAULT when the column's type is unknown: expressions in parentheses. */
  private defaultClauseValue(value: DefaultValue): string {
    return isSqlExpression(value) ? `(${value.sql})` : this.renderValue(value);
  }

  /**
   * A default as written after DEFAULT for a column of `type`: typed like the column, the current
   * time bare for datetime/timestamp columns, and in parentheses for other expressions and for any
   * value of text, json and blob columns (the form MySQL 8 requires and MariaDB accepts).
   */
  private columnDefault(type: string, value: DefaultValue): string {
    const spec = parseType(type);
    const typed = canonicalDefault(value, spec);
    if (isSqlExpression(typed)) {
      return typed.sql === 'CURRENT_TIMESTAMP' && DATETIME_TYPES.has(spec.base) ? typed.sql : `(${typed.sql})`;
    }
    const literal = this.renderValue(typed);
    return EXPRESSION_DEFAULT_TYPES.has(spec.base) ? `(${literal})` : literal;
  }

  /**
   * NULL / NOT NULL always spelled out, and no DEFAULT unless given: a TIMESTAMP column then never
   * picks up an implicit DEFAULT CURRENT_TIMESTAMP ON UPDATE or a zero-date default.
   */
  private columnDefinition(table: string, column: Column): string {
    const spec = parseType(column.type);
    const parts = [this.quoteIdent(column.name), this.renderType(column.type)];
    parts.push(isColumnNullable(column) ? 'NULL' : 'NOT NULL');
    if (column.autoIncrement) {
      if (!AUTO_INCREMENT_TYPES.has(spec.base) || column.default !== undefined) {
        throw new MigError(
          `${table}.${column.name} is generated by the database, so it must be integer, bigint or smallint without a default`,
          { code: 'BAD_IDENTITY' },
        );
      }
      parts.push('AUTO_INCREMENT');
    } else if (column.default !== undefined) {
      parts.push(`DEFAULT ${this.columnDefault(column.type, column.default)}`);
    }
    return parts.join(' ');
  }

  private modifyColumn(table: string, column: Column): Statement {
    return this.stmt(`${this.alterTable(table)} MODIFY COLUMN ${this.columnDefinition(table, column)}`);
  }

  private foreignKey(fk: Omit<ForeignKey, 'onUpdate'>): string {
    if (fk.onDelete === 'set default') {
      throw new MigError(
        `InnoDB rejects ON DELETE SET DEFAULT (foreign key ${fk.name}); use cascade, set null, restrict or no action`,
        { code: 'UNSUPPORTED_ACTION' },
      );
    }
    const action = fk.onDelete && fk.onDelete !== 'no action' ? ` ON DELETE ${fk.onDelete.toUpperCase()}` : '';
    return (
      `CONSTRAINT ${this.quoteIdent(fk.name)} FOREIGN KEY (${this.columnList(fk.columns)}) ` +
      `REFERENCES ${this.quoteIdent(fk.refTable)} (${this.columnList(fk.refColumns)})${action}`
    );
  }

  private columnForeignKey(table: string, column: Column): string | undefined {
    const ref = column.references;
    if (!ref) return undefined;
    return this.foreignKey({
      name: foreignKeyName(table, [column.name], ref.table),
      columns: [column.name],
      refTable: ref.table,
      refColumns: [ref.column],
      ...(ref.onDelete ? { onDelete: ref.onDelete } : {}),
    });
  }

  private indexClause(index: Index): string {
    return `${index.unique ? 'UNIQUE ' : ''}INDEX ${this.quoteIdent(index.name)} (${this.columnList(index.columns)})`;
  }

  private plainCreateIndex(table: string, index: Index): Statement {
    return this.stmt(
      `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${this.quoteIdent(index.name)} ON ${this.quoteIdent(table)} (${this.columnList(index.columns)})`,
    );
  }

  /** The separate unique index a column's `unique` flag stands for (the primary key is unique already). */
  private columnUniqueIndex(table: string, column: Column): Statement[] {
    if (!column.unique || column.primaryKey) return [];
    return [this.plainCreateIndex(table, { name: indexName(table, [column.name], true), columns: [column.name], unique: true })];
  }

  /**
   * One ALTER TABLE carrying `clauses` plus the backing-index changes the operation implies, so
   * the table never lacks an index a foreign key needs and never keeps one it no longer needs.
   */
  private alterWithBackingIndexes(table: string, clauses: string[], before: Table, after: Table): Statement {
    const { drop, add } = backingIndexChanges(before, after);
    const all = [
      ...clauses,
      ...drop.map((i) => `DROP INDEX ${this.quoteIdent(i.name)}`),
      ...add.map((i) => `ADD ${this.indexClause(i)}`),
    ];
    return this.stmt(`${this.alterTable(table)} ${all.join(', ')}`);
  }

  private afterOperation(ctx: RenderContext, op: Operation, table: string): Table | undefined {
    if (!ctx.schema) return undefined;
    return findTable(applyOperation(ctx.schema, op), table);
  }

  private createTable(op: OperationOf<'createTable'>): Statement[] {
    const primaryKey = op.columns.filter((c) => c.primaryKey).map((c) => c.name);
    const lines = [
      ...op.columns.map((c) => this.columnDefinition(op.table, c)),
      ...(primaryKey.length ? [`PRIMARY KEY (${this.columnList(primaryKey)})`] : []),
      ...op.columns.flatMap((c) => this.columnForeignKey(op.table, c) ?? []),
    ];
    return [
      this.stmt(`CREATE TABLE ${this.quoteIdent(op.table)} (\n  ${lines.join(',\n  ')}\n)`),
      ...op.columns.flatMap((c) => this.columnUniqueIndex(op.table, c)),
    ];
  }

  /**
   * The column, then its unique index, then its foreign key (which the unique index then serves).
   * A primary-key column joins the table's primary key, which MySQL rebuilds as a whole.
   */
  private addColumn(op: OperationOf<'addColumn'>, ctx: RenderContext): Statement[] {
    const { table, column } = op;
    const clauses = [`ADD COLUMN ${this.columnDefinition(table, column)}`];
    if (column.primaryKey) {
      const existing = schemaTable(ctx, table)?.primaryKey ?? [];
      if (existing.length) clauses.push('DROP PRIMARY KEY');
      clauses.push(`ADD PRIMARY KEY (${this.columnList([...existing, column.name])})`);
    }
    const fk = this.columnForeignKey(table, column);
    return [
      this.stmt(`${this.alterTable(table)} ${clauses.join(', ')}`),
      ...this.columnUniqueIndex(table, column),
      ...(fk ? [this.stmt(`${this.alterTable(table)} ADD ${fk}`)] : []),
    ];
  }

  /**
   * With the schema known, first what the model drops along with the column: foreign keys that
   * use or reference it, checks that mention it and indexes that contain it (MySQL would refuse
   * the first two and only shrink the last). Each step is rendered against the schema the
   * previous steps leave.
   */
  private dropColumn(op: OperationOf<'dropColumn'>, ctx: RenderContext): Statement[] {
    const dropColumn = this.stmt(`${this.alterTable(op.table)} DROP COLUMN ${this.quoteIdent(op.column)}`);
    if (!schemaTable(ctx, op.table)) return [dropColumn];
    let schema = ctx.schema as Schema;
    const out: Statement[] = [];
    const step = (sub: Operation) => {
      out.push(...this.render(sub, { schema }));
      schema = applyOperation(schema, sub);
    };
    for (const t of schema.tables) {
      for (const f of t.foreignKeys) {
        const references = f.refTable === op.table && f.refColumns.includes(op.column);
        if (references || (t.name === op.table && f.columns.includes(op.column))) {
          step({ kind: 'dropForeignKey', table: t.name, name: f.name });
        }
      }
    }
    for (const c of findTable(schema, op.table)?.checks ?? []) {
      if (mentionsColumn(c.expression, op.column)) step({ kind: 'dropCheck', table: op.table, name: c.name });
    }
    for (const i of findTable(schema, op.table)?.indexes ?? []) {
      if (i.columns.includes(op.column)) step({ kind: 'dropIndex', table: op.table, name: i.name });
    }
    return [...out, dropColumn];
  }

  /** A new index that can serve a foreign key replaces that key's backing index in the same statement. */
  private createIndex(op: OperationOf<'createIndex'>, ctx: RenderContext): Statement {
    const index: Index = { name: op.name, columns: op.columns, unique: op.unique };
    const before = schemaTable(ctx, op.table);
    const after = this.afterOperation(ctx, op, op.table);
    if (!before || !after || backingIndexChanges(before, after).drop.length === 0) return this.plainCreateIndex(op.table, index);
    return this.alterWithBackingIndexes(op.table, [`ADD ${this.indexClause(index)}`], before, after);
  }

  /**
   * DROP INDEX needs the table. When the index is the one a foreign key relies on, a backing
   * index for that key is added in the same statement (MySQL refuses the drop otherwise).
   */
  private dropIndex(op: OperationOf<'dropIndex'>, ctx: RenderContext): Statement {
    const owner = op.table ?? ctx.schema?.tables.find((t) => t.indexes.some((i) => i.name === op.name))?.name;
    if (owner === undefined) {
      throw new MigError(
        `dropping index ${op.name} in MySQL/MariaDB needs its table; name the table, or pass --schema-from or --db so mig can find it`,
        { code: 'NEEDS_TABLE' },
      );
    }
    const before = schemaTable(ctx, owner);
    const after = before?.indexes.some((i) => i.name === op.name)
      ? this.afterOperation(ctx, { ...op, table: owner }, owner)
      : undefined;
    if (!before || !after || backingIndexChanges(before, after).add.length === 0) {
      return this.stmt(`DROP INDEX ${this.quoteIdent(op.name)} ON ${this.quoteIdent(owner)}`);
    }
    return this.alterWithBackingIndexes(owner, [`DROP INDEX ${this.quoteIdent(op.name)}`], before, after);
  }

  /**
   * DROP FOREIGN KEY leaves the key's backing index behind, so it is dropped in the same
   * statement; whether there is one depends on the table's other indexes, hence the schema.
   */
  private dropForeignKey(op: OperationOf<'dropForeignKey'>, ctx: RenderContext): Statement {
    const before = schemaTable(ctx, op.table);
    const after = this.afterOperation(ctx, op, op.table);
    if (!before || !after) {
      throw new MigError(
        `dropping foreign key ${op.name} in MySQL/MariaDB may have to drop the index InnoDB made for it; ` +
          `pass --schema-from or --db so mig knows the indexes of ${op.table}`,
        { code: 'NEEDS_SCHEMA' },
      );
    }
    return this.alterWithBackingIndexes(op.table, [`DROP FOREIGN KEY ${this.quoteIdent(op.name)}`], before, after);
  }

  private backfill(op: OperationOf<'backfill'>, ctx: RenderContext): Statement {
    const assignments = Object.entries(op.set).map(([name, value]) => {
      const column = schemaColumn(ctx, op.table, name);
      const typed = value !== null && column ? canonicalDefault(value, parseType(column.type)) : value;
      return `${this.quoteIdent(name)} = ${this.renderValue(typed)}`;
    });
    if (assignments.length === 0) {
      throw new MigError(`the backfill of ${op.table} sets no columns; name at least one column and its value`, {
        code: 'EMPTY_BACKFILL',
      });
    }
    const where = op.where === undefined ? '' : ` WHERE ${op.where}`;
    return this.stmt(`UPDATE ${this.quoteIdent(op.table)} SET ${assignments.join(', ')}${where}`, true);
  }
}

/** RESTRICT and NO ACTION are the same check in InnoDB; both read back as "no action given". */
function canonicalAction(action: ReferentialAction | undefined): ReferentialAction | undefined {
  return action === 'restrict' || action === 'no action' ? undefined : action;
}

export const mysqlDialect = new MysqlDialect();
