/**
 * The SQLite definitions of model tables, columns, indexes and constraints, shared by CREATE TABLE,
 * ADD COLUMN and table rebuilds. Constraints are written with `CONSTRAINT name` so their names
 * survive in sqlite_schema, where introspection reads them back.
 */
import { MigError } from '../../errors';
import type { Column, ForeignKey, Index, ReferentialAction, Table } from '../../model/schema';
import { parseType } from '../../model/types';
import { isColumnNullable } from '../dialect';
import { renderDefault } from './defaults';
import { quoteIdent, quoteString } from './quote';
import { declaredType } from './types';

const AUTO_INCREMENT_TYPES = new Set(['integer', 'bigint', 'smallint']);

export function columnList(columns: string[]): string {
  return columns.map(quoteIdent).join(', ');
}

/**
 * SQLite auto-increments only an `INTEGER PRIMARY KEY` that is the table's whole key; any integer
 * width is written INTEGER (canonicalTable reads it back as integer).
 */
function checkAutoIncrement(table: Table, column: Column): void {
  const alone = table.primaryKey.length === 1 && table.primaryKey[0] === column.name;
  if (!alone || !AUTO_INCREMENT_TYPES.has(parseType(column.type).base)) {
    throw new MigError(
      `SQLite auto-increments only an integer column that is the whole primary key (INTEGER PRIMARY KEY AUTOINCREMENT); make ${table.name}.${column.name} the only primary-key column with an integer type, or drop autoIncrement`,
      { code: 'UNSUPPORTED_AUTO_INCREMENT' },
    );
  }
}

/**
 * An enum column is TEXT with an unnamed column CHECK `col IN ('a', 'b')`: SQLite has no enum
 * type and the check enforces the values. Introspection recognises exactly this check on a TEXT
 * column and reads the column back as enum(a,b), so the check is not listed among the table's checks.
 */
function enumCheck(column: Column): string | undefined {
  const spec = parseType(column.type);
  if (spec.base !== 'enum') return undefined;
  return `CHECK (${quoteIdent(column.name)} IN (${(spec.values ?? []).map(quoteString).join(', ')}))`;
}

/** `name TYPE [NOT NULL] [PRIMARY KEY AUTOINCREMENT] [DEFAULT v] [CHECK (...)]` */
export function columnDefinition(table: Table, column: Column): string {
  const parts = [quoteIdent(column.name), column.autoIncrement ? 'INTEGER' : declaredType(column.type)];
  // SQLite lets NULL into a primary key that is not INTEGER PRIMARY KEY unless NOT NULL is written.
  if (!isColumnNullable(column)) parts.push('NOT NULL');
  if (column.autoIncrement) {
    checkAutoIncrement(table, column);
    parts.push('PRIMARY KEY AUTOINCREMENT');
  }
  if (column.default !== undefined) parts.push(`DEFAULT ${renderDefault(column.default)}`);
  const check = enumCheck(column);
  if (check) parts.push(check);
  return parts.join(' ');
}

function action(verb: 'DELETE' | 'UPDATE', value: ReferentialAction | undefined): string {
  return value && value !== 'no action' ? ` ON ${verb} ${value.toUpperCase()}` : '';
}

/** `REFERENCES parent (cols) [ON DELETE ...] [ON UPDATE ...]` */
export function referencesClause(fk: Pick<ForeignKey, 'refTable' | 'refColumns' | 'onDelete' | 'onUpdate'>): string {
  return `REFERENCES ${quoteIdent(fk.refTable)} (${columnList(fk.refColumns)})${action('DELETE', fk.onDelete)}${action('UPDATE', fk.onUpdate)}`;
}

function tableConstraints(table: Table): string[] {
  const autoIncrement = table.columns.some((c) => c.autoIncrement);
  return [
    ...(table.primaryKey.length && !autoIncrement ? [`PRIMARY KEY (${columnList(table.primaryKey)})`] : []),
    // Unique indexes introspected from UNIQUE constraints stay constraints; mig's own are CREATE UNIQUE INDEX.
    ...table.indexes
      .filter((i) => i.constraint)
      .map((i) => `CONSTRAINT ${quoteIdent(i.name)} UNIQUE (${columnList(i.columns)})`),
    ...table.foreignKeys.map(
      (f) => `CONSTRAINT ${quoteIdent(f.name)} FOREIGN KEY (${columnList(f.columns)}) ${referencesClause(f)}`,
    ),
    ...table.checks.map((c) => `CONSTRAINT ${quoteIdent(c.name)} CHECK (${c.expression})`),
  ];
}

/** CREATE TABLE for a model table, under `name` (a rebuild creates the new table beside the old). */
export function createTableSql(table: Table, name = table.name): string {
  if (table.columns.length === 0) {
    throw new MigError(`a SQLite table needs at least one column; table ${table.name} would have none — drop the table instead`, {
      code: 'NO_COLUMNS',
    });
  }
  const definitions = [...table.columns.map((c) => columnDefinition(table, c)), ...tableConstraints(table)];
  return `CREATE TABLE ${quoteIdent(name)} (${definitions.join(', ')})`;
}

export function createIndexSql(index: Pick<Index, 'name' | 'columns' | 'unique'>, table: string): string {
  return `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${quoteIdent(index.name)} ON ${quoteIdent(table)} (${columnList(index.columns)})`;
}

/** The indexes CREATE INDEX makes for a table: all but those that belong to UNIQUE constraints. */
export function standaloneIndexes(table: Table): Index[] {
  return table.indexes.filter((i) => !i.constraint);
}
