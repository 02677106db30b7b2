import type { Connection } from '../../db/connection';
import { MigError } from '../../errors';
import { fitName, foreignKeyName, indexName } from '../../model/naming';
import type { OperationOf } from '../../model/operations';
import {
  type Column,
  type DefaultValue,
  type ForeignKey,
  type Schema,
  type Table,
  findColumn,
  findTable,
  isSqlExpression,
} from '../../model/schema';
import { type PortableTypeBase, type TypeSpec, parseType } from '../../model/types';
import { BaseDialect, type PreflightSql, type RenderContext, type RendererMap, type Statement, isColumnNullable } from '../dialect';
import { literalForType, sqlDefault } from './defaults';
import { introspectPostgres } from './introspect';
import { POSTGRES_KEYWORDS } from './keywords';

const KEYWORDS = new Set(POSTGRES_KEYWORDS);
const PLAIN_IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
/** PostgreSQL's NAMEDATALEN - 1: longer names are silently truncated, so mig refuses them. */
const MAX_IDENTIFIER_BYTES = 63;

const TYPE_NAMES: Partial<Record<PortableTypeBase, string>> = {
  boolean: 'boolean',
  integer: 'integer',
  bigint: 'bigint',
  smallint: 'smallint',
  text: 'text',
  float: 'real',
  double: 'double precision',
  date: 'date',
  time: 'time',
  timestamp: 'timestamp',
  timestamptz: 'timestamptz',
  uuid: 'uuid',
  json: 'json',
  jsonb: 'jsonb',
  binary: 'bytea',
};

const IDENTITY_TYPES = new Set<PortableTypeBase>(['integer', 'bigint', 'smallint']);
const NUMERIC_TYPES = new Set<PortableTypeBase>(['integer', 'bigint', 'smallint', 'decimal', 'float', 'double']);
const TIME_TYPES = new Set<PortableTypeBase>(['date', 'time', 'timestamp', 'timestamptz']);

/**
 * The name of the native enum type behind an enum column: `<table>_<column>`, fitted to
 * PostgreSQL's 63-byte limit (bytes, not characters, so non-ASCII names fit too).
 */
export function enumTypeName(table: string, column: string): string {
  const full = `${table}_${column}`;
  let limit = MAX_IDENTIFIER_BYTES;
  let name = fitName(full, limit);
  while (Buffer.byteLength(name) > MAX_IDENTIFIER_BYTES) name = fitName(full, --limit);
  return name;
}

function isEnum(column: Column | undefined): column is Column {
  return column !== undefined && parseType(column.type).base === 'enum';
}

function existingColumn(ctx: RenderContext, table: string, column: string): Column | undefined {
  const t = ctx.schema && findTable(ctx.schema, table);
  return t && findColumn(t, column);
}

function enumColumns(ctx: RenderContext, table: string): Column[] {
  const t = ctx.schema && findTable(ctx.schema, table);
  return t ? t.columns.filter(isEnum) : [];
}

/** A dollar-quote tag that does not occur in `body`, so no name inside can end the quoting. */
function dollarQuote(body: string): string {
  let tag = '$mig$';
  for (let i = 1; body.includes(tag); i++) tag = `$mig${i}$`;
  return `${tag}${body}${tag}`;
}

/**
 * The default restored after a type change, in a form the new type accepts; undefined when the
 * old default has no meaning in the new type (it is then left dropped).
 */
function defaultForType(value: DefaultValue, from: TypeSpec, to: TypeSpec): DefaultValue | undefined {
  if (isSqlExpression(value)) {
    const sql = sqlDefault(value.sql).sql;
    if (sql === 'CURRENT_TIMESTAMP' && TIME_TYPES.has(to.base)) return value;
    if (sql === 'CURRENT_DATE' && TIME_TYPES.has(to.base) && to.base !== 'time') return value;
    return from.base === to.base ? value : undefined;
  }
  if (to.base === 'boolean') {
    const b = literalForType(String(value), to);
    return typeof b === 'boolean' ? b : undefined;
  }
  if (NUMERIC_TYPES.has(to.base)) {
    const n = typeof value === 'boolean' ? Number(value) : literalForType(String(value), to);
    return typeof n === 'number' ? n : undefined;
  }
  const text = String(value);
  if (to.base === 'enum') return to.values?.includes(text) ? text : undefined;
  if (to.base === 'string' && text.length > (to.length ?? 0)) return undefined;
  return text;
}

/**
 * PostgreSQL: native enum types per column, identity columns, transactional DDL. Names are
 * quoted only when PostgreSQL would otherwise fold or reject them.
 */
export class PostgresDialect extends BaseDialect {
  readonly name = 'postgres' as const;
  readonly label = 'PostgreSQL';
  readonly maxIdentifierLength = MAX_IDENTIFIER_BYTES;
  readonly supportsTransactionalDdl = true;

  protected readonly renderers: RendererMap = {
    createTable: (op) => this.createTable(op),
    dropTable: (op, ctx) => [
      this.stmt(`DROP TABLE ${this.quoteIdent(op.table)}`),
      ...enumColumns(ctx, op.table).map((c) => this.dropEnumType(op.table, c.name)),
    ],
    renameTable: (op, ctx) => [
      this.stmt(`${this.alterTable(op.from)} RENAME TO ${this.quoteIdent(op.to)}`),
      ...enumColumns(ctx, op.from).flatMap((c) =>
        this.renameEnumType(enumTypeName(op.from, c.name), enumTypeName(op.to, c.name)),
      ),
    ],
    addColumn: (op) => this.addColumn(op),
    dropColumn: (op, ctx) => [
      this.stmt(`${this.alterTable(op.table)} DROP COLUMN ${this.quoteIdent(op.column)}`),
      ...(isEnum(existingColumn(ctx, op.table, op.column)) ? [this.dropEnumType(op.table, op.column)] : []),
    ],
    renameColumn: (op, ctx) => [
      this.stmt(`${this.alterTable(op.table)} RENAME COLUMN ${this.quoteIdent(op.from)} TO ${this.quoteIdent(op.to)}`),
      ...(isEnum(existingColumn(ctx, op.table, op.from))
        ? this.renameEnumType(enumTypeName(op.table, op.from), enumTypeName(op.table, op.to))
        : []),
    ],
    alterColumnType: (op, ctx) => this.alterColumnType(op, ctx),
    setNotNull: (op) => [this.stmt(`${this.alterColumn(op.table, op.column)} SET NOT NULL`)],
    dropNotNull: (op) => [this.stmt(`${this.alterColumn(op.table, op.column)} DROP NOT NULL`)],
    setDefault: (op) => [this.setDefault(op.table, op.column, op.default)],
    dropDefault: (op) => [this.stmt(`${this.alterColumn(op.table, op.column)} DROP DEFAULT`)],
    createIndex: (op) => [this.createIndex(op.name, op.table, op.columns, op.unique)],
    dropIndex: (op, ctx) => [this.dropIndex(op, ctx)],
    addForeignKey: (op) => [this.stmt(`${this.alterTable(op.table)} ADD ${this.foreignKey(op)}`)],
    dropForeignKey: (op) => [this.dropConstraint(op.table, op.name)],
    addCheck: (op) => [
      this.stmt(`${this.alterTable(op.table)} ADD CONSTRAINT ${this.quoteIdent(op.name)} CHECK (${op.expression})`),
    ],
    dropCheck: (op) => [this.dropConstraint(op.table, op.name)],
    backfill: (op) => [this.backfill(op)],
    sql: (op) => {
      if (op.up.trim() === '') {
        throw new MigError('the sql operation has no up statement; give the SQL to run', { code: 'EMPTY_SQL' });
      }
      return [this.stmt(op.up.trim())];
    },
  };

  quoteIdent(name: string): string {
    if (name === '' || name.includes('\0')) {
      throw new MigError(
        `the name ${JSON.stringify(name)} cannot be a PostgreSQL identifier; use a non-empty name without NUL characters`,
        { code: 'BAD_IDENTIFIER' },
      );
    }
    const bytes = Buffer.byteLength(name);
    if (bytes > MAX_IDENTIFIER_BYTES) {
      throw new MigError(
        `the name "${name}" is ${bytes} bytes long and PostgreSQL would cut it to ${MAX_IDENTIFIER_BYTES}; ` +
          'pick a shorter name',
        { code: 'IDENTIFIER_TOO_LONG' },
      );
    }
    if (PLAIN_IDENTIFIER.test(name) && !KEYWORDS.has(name)) return name;
    return `"${name.replace(/"/g, '""')}"`;
  }

  /** The column type; an enum column needs the name of its native type (`enumTypeName`). */
  renderType(type: string, enumName?: string): string {
    const spec = parseType(type);
    const simple = TYPE_NAMES[spec.base];
    if (simple) return simple;
    switch (spec.base) {
      case 'string':
        return `varchar(${spec.length})`;
      case 'decimal':
        return spec.precision === undefined ? 'numeric' : `numeric(${spec.precision},${spec.scale ?? 0})`;
      default:
        if (enumName === undefined) {
          throw new MigError(
            `PostgreSQL enum columns use a native type named after the table and column; ` +
              `render ${type} through the operation on that column`,
            { code: 'ENUM_NEEDS_NAME' },
          );
        }
        return this.quoteIdent(enumName);
    }
  }

  renderValue(value: DefaultValue | null): string {
    if (value === null) return 'NULL';
    if (typeof value === 'boolean') return value ? 'true' : 'false';
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) {
        throw new MigError(`${value} is not a number PostgreSQL can store; use a finite number`, { code: 'BAD_VALUE' });
      }
      return String(value);
    }
    if (isSqlExpression(value)) return value.sql;
    return this.quoteLiteral(value);
  }

  /**
   * A string literal. Quotes are doubled; text with backslashes uses the E'' form with the
   * backslashes doubled, which reads the same whatever standard_conforming_strings is set to.
   */
  quoteLiteral(text: string): string {
    if (text.includes('\0')) {
      throw new MigError('PostgreSQL text cannot contain NUL characters; remove them from the value', {
        code: 'BAD_VALUE',
      });
    }
    const quoted = text.replace(/'/g, "''");
    return text.includes('\\') ? `E'${quoted.replace(/\\/g, '\\\\')}'` : `'${quoted}'`;
  }

  override canonicalTable(table: Table): Table {
    return {
      ...table,
      columns: table.columns.map((c) => this.canonicalColumn(c, table.primaryKey.includes(c.name))),
    };
  }

  readonly preflight: PreflightSql = {
    addNotNullFillsImplicitDefault: false,
    enforcesTypes: true,
    charLength: (expr) => `char_length(${expr})`,
    notMatching: (expr, pattern) => `${expr} !~ ${this.quoteLiteral(pattern)}`,
    statementTimeout: (ms) => `SET statement_timeout = ${Math.max(1, Math.round(ms))}`,
  };

  introspect(db: Connection): Promise<Schema> {
    return introspectPostgres(db);
  }

  /** Primary-key and identity columns are NOT NULL; literal defaults read back typed by the column. */
  private canonicalColumn(column: Column, inPrimaryKey: boolean): Column {
    const out: Column = { ...column };
    if (inPrimaryKey) out.primaryKey = true;
    if (inPrimaryKey || column.autoIncrement) out.nullable = false;
    if (column.autoIncrement) delete out.default;
    else if (column.default !== undefined) {
      out.default = isSqlExpression(column.default)
        ? sqlDefault(column.default.sql)
        : literalForType(String(column.default), parseType(column.type));
    }
    return out;
  }

  private alterTable(table: string): string {
    return `ALTER TABLE ${this.quoteIdent(table)}`;
  }

  private alterColumn(table: string, column: string): string {
    return `${this.alterTable(table)} ALTER COLUMN ${this.quoteIdent(column)}`;
  }

  private setDefault(table: string, column: string, value: DefaultValue): Statement {
    return this.stmt(`${this.alterColumn(table, column)} SET DEFAULT ${this.renderValue(value)}`);
  }

  private columnType(table: string, column: Column): string {
    return this.renderType(column.type, enumTypeName(table, column.name));
  }

  private columnDefinition(table: string, column: Column): string {
    const parts = [this.quoteIdent(column.name), this.columnType(table, column)];
    if (column.autoIncrement) {
      if (!IDENTITY_TYPES.has(parseType(column.type).base) || column.default !== undefined) {
        throw new MigError(
          `${table}.${column.name} is generated by the database, ` +
            'so it must be integer, bigint or smallint without a default',
          { code: 'BAD_IDENTITY' },
        );
      }
      parts.push('GENERATED BY DEFAULT AS IDENTITY');
    }
    if (!isColumnNullable(column)) parts.push('NOT NULL');
    if (column.default !== undefined) parts.push(`DEFAULT ${this.renderValue(column.default)}`);
    return parts.join(' ');
  }

  private createEnumTypes(table: string, columns: Column[]): Statement[] {
    return columns.filter(isEnum).map((c) => this.createEnumType(enumTypeName(table, c.name), parseType(c.type)));
  }

  private createEnumType(name: string, spec: TypeSpec): Statement {
    const values = (spec.values ?? []).map((v) => this.quoteLiteral(v)).join(', ');
    return this.stmt(`CREATE TYPE ${this.quoteIdent(name)} AS ENUM (${values})`);
  }

  private dropEnumType(table: string, column: string): Statement {
    return this.stmt(`DROP TYPE IF EXISTS ${this.quoteIdent(enumTypeName(table, column))}`);
  }

  /**
   * Keep an enum type named after its table and column when either is renamed. Guarded, because a
   * database mig did not create may name its enum types differently.
   */
  private renameEnumType(from: string, to: string): Statement[] {
    if (from === to) return [];
    const body = [
      '',
      'BEGIN',
      '  IF EXISTS (SELECT 1 FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace',
      `             WHERE t.typname = ${this.quoteLiteral(from)} AND n.nspname = current_schema()) THEN`,
      `    ALTER TYPE ${this.quoteIdent(from)} RENAME TO ${this.quoteIdent(to)};`,
      '  END IF;',
      'END',
      '',
    ].join('\n');
    return [this.stmt(`DO ${dollarQuote(body)}`)];
  }

  private foreignKey(fk: Omit<ForeignKey, 'onUpdate'>): string {
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

  private createIndex(name: string, table: string, columns: string[], unique: boolean): Statement {
    const kind = unique ? 'UNIQUE INDEX' : 'INDEX';
    return this.stmt(`CREATE ${kind} ${this.quoteIdent(name)} ON ${this.quoteIdent(table)} (${this.columnList(columns)})`);
  }

  /** The separate unique index a column's `unique` flag stands for (the primary key is unique already). */
  private columnUniqueIndex(table: string, column: Column): Statement[] {
    if (!column.unique || column.primaryKey) return [];
    return [this.createIndex(indexName(table, [column.name], true), table, [column.name], true)];
  }

  private dropConstraint(table: string, name: string): Statement {
    return this.stmt(`${this.alterTable(table)} DROP CONSTRAINT ${this.quoteIdent(name)}`);
  }

  private createTable(op: OperationOf<'createTable'>): Statement[] {
    const primaryKey = op.columns.filter((c) => c.primaryKey).map((c) => c.name);
    const lines = [
      ...op.columns.map((c) => this.columnDefinition(op.table, c)),
      ...(primaryKey.length ? [`PRIMARY KEY (${this.columnList(primaryKey)})`] : []),
      ...op.columns.flatMap((c) => this.columnForeignKey(op.table, c) ?? []),
    ];
    return [
      ...this.createEnumTypes(op.table, op.columns),
      this.stmt(`CREATE TABLE ${this.quoteIdent(op.table)} (\n  ${lines.join(',\n  ')}\n)`),
      ...op.columns.flatMap((c) => this.columnUniqueIndex(op.table, c)),
    ];
  }

  private addColumn(op: OperationOf<'addColumn'>): Statement[] {
    const { table, column } = op;
    const primaryKey = column.primaryKey ? ' PRIMARY KEY' : '';
    const fk = this.columnForeignKey(table, column);
    return [
      ...this.createEnumTypes(table, [column]),
      this.stmt(`${this.alterTable(table)} ADD COLUMN ${this.columnDefinition(table, column)}${primaryKey}`),
      ...this.columnUniqueIndex(table, column),
      ...(fk ? [this.stmt(`${this.alterTable(table)} ADD ${fk}`)] : []),
    ];
  }

  /**
   * ALTER COLUMN ... TYPE with an explicit USING cast. With the old definition known, the default
   * is dropped first and restored in the new type (PostgreSQL cannot always cast it itself), and
   * the column's enum type is replaced or dropped as the new type requires.
   */
  private alterColumnType(op: OperationOf<'alterColumnType'>, ctx: RenderContext): Statement[] {
    const target = parseType(op.type);
    const existing = existingColumn(ctx, op.table, op.column);
    const wasEnum = isEnum(existing);
    const typeName = enumTypeName(op.table, op.column);
    const parked = enumTypeName(op.table, `${op.column}_old`);
    const column = this.quoteIdent(op.column);
    const sqlType = this.renderType(op.type, typeName);
    const out: Statement[] = [];

    if (existing?.default !== undefined) out.push(this.stmt(`${this.alterColumn(op.table, op.column)} DROP DEFAULT`));
    if (target.base === 'enum') {
      if (wasEnum) out.push(...this.renameEnumType(typeName, parked));
      out.push(this.createEnumType(typeName, target));
    }
    // To a string type no USING is needed: the assignment cast raises an error on a value too long
    // (an explicit cast to varchar(n) would truncate), and a varchar widening stays binary-coercible,
    // so PostgreSQL keeps the table instead of rewriting it. Enums cast only through text.
    const toString = !wasEnum && (target.base === 'string' || target.base === 'text');
    const viaText = wasEnum || target.base === 'enum';
    const using = viaText ? `${column}::text${target.base === 'enum' ? `::${sqlType}` : ''}` : `${column}::${sqlType}`;
    out.push(this.stmt(`${this.alterColumn(op.table, op.column)} TYPE ${sqlType}${toString ? '' : ` USING ${using}`}`));
    if (wasEnum) out.push(this.stmt(`DROP TYPE IF EXISTS ${this.quoteIdent(target.base === 'enum' ? parked : typeName)}`));

    if (existing?.default !== undefined) {
      const restored = defaultForType(existing.default, parseType(existing.type), target);
      if (restored !== undefined) out.push(this.setDefault(op.table, op.column, restored));
    }
    return out;
  }

  /** A unique index that backs a UNIQUE constraint can only go with its constraint. */
  private dropIndex(op: OperationOf<'dropIndex'>, ctx: RenderContext): Statement {
    const owner = ctx.schema?.tables.find(
      (t) => (op.table === undefined || t.name === op.table) && t.indexes.some((i) => i.name === op.name),
    );
    const index = owner?.indexes.find((i) => i.name === op.name);
    if (owner && index?.constraint) return this.dropConstraint(owner.name, op.name);
    return this.stmt(`DROP INDEX ${this.quoteIdent(op.name)}`);
  }

  private backfill(op: OperationOf<'backfill'>): Statement {
    const assignments = Object.entries(op.set).map(([c, v]) => `${this.quoteIdent(c)} = ${this.renderValue(v)}`);
    if (assignments.length === 0) {
      throw new MigError(`the backfill of ${op.table} sets no columns; name at least one column and its value`, {
        code: 'EMPTY_BACKFILL',
      });
    }
    const where = op.where === undefined ? '' : ` WHERE ${op.where}`;
    return this.stmt(`UPDATE ${this.quoteIdent(op.table)} SET ${assignments.join(', ')}${where}`);
  }
}

export const postgresDialect = new PostgresDialect();
