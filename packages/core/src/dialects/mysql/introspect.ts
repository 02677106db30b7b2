import type { Connection } from '../../db/connection';
import { MigError } from '../../errors';
import {
  type Check,
  type Column,
  type ForeignKey,
  type Index,
  type ReferentialAction,
  type Schema,
  type Table,
} from '../../model/schema';
import { PORTABLE_TYPE_BASES, normalizeType, parseType } from '../../model/types';
import { type ServerFlavor, readDefault, unquoteLiteral } from './defaults';
import { withoutBackingIndexes } from './foreign-key-indexes';

interface TableRow {
  table_name: string;
  table_rows: number | string | null;
  data_length: number | string | null;
  index_length: number | string | null;
}

interface ColumnRow {
  table_name: string;
  column_name: string;
  data_type: string;
  column_type: string;
  is_nullable: string;
  column_default: string | null;
  extra: string | null;
  character_maximum_length: number | string | null;
  numeric_precision: number | string | null;
  numeric_scale: number | string | null;
}

interface IndexRow {
  table_name: string;
  index_name: string;
  non_unique: number | string;
  column_name: string | null;
}

interface ForeignKeyRow {
  table_name: string;
  constraint_name: string;
  column_name: string;
  referenced_table_name: string;
  referenced_column_name: string;
  delete_rule: string;
  update_rule: string;
}

interface CheckRow {
  table_name: string;
  constraint_name: string;
  check_clause: string;
  level: string;
}

/** Rows of every table of the current database, in a stable order. */
const QUERIES = {
  tables: `SELECT TABLE_NAME AS table_name, TABLE_ROWS AS table_rows, DATA_LENGTH AS data_length, INDEX_LENGTH AS index_length
    FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME`,
  columns: `SELECT TABLE_NAME AS table_name, COLUMN_NAME AS column_name, DATA_TYPE AS data_type, COLUMN_TYPE AS column_type,
      IS_NULLABLE AS is_nullable, COLUMN_DEFAULT AS column_default, EXTRA AS extra,
      CHARACTER_MAXIMUM_LENGTH AS character_maximum_length, NUMERIC_PRECISION AS numeric_precision, NUMERIC_SCALE AS numeric_scale
    FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION`,
  indexes: `SELECT TABLE_NAME AS table_name, INDEX_NAME AS index_name, NON_UNIQUE AS non_unique, COLUMN_NAME AS column_name
    FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
  foreignKeys: `SELECT k.TABLE_NAME AS table_name, k.CONSTRAINT_NAME AS constraint_name, k.COLUMN_NAME AS column_name,
      k.REFERENCED_TABLE_NAME AS referenced_table_name, k.REFERENCED_COLUMN_NAME AS referenced_column_name,
      r.DELETE_RULE AS delete_rule, r.UPDATE_RULE AS update_rule
    FROM information_schema.KEY_COLUMN_USAGE k
    JOIN information_schema.REFERENTIAL_CONSTRAINTS r
      ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.TABLE_NAME = k.TABLE_NAME AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME
    WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL
    ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`,
  /** MariaDB names check constraints per table and says whether a check was written on a column. */
  mariadbChecks: `SELECT TABLE_NAME AS table_name, CONSTRAINT_NAME AS constraint_name, CHECK_CLAUSE AS check_clause, LEVEL AS level
    FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() ORDER BY TABLE_NAME, CONSTRAINT_NAME`,
  /** MySQL names them per schema; the table comes from TABLE_CONSTRAINTS. */
  mysqlChecks: `SELECT tc.TABLE_NAME AS table_name, cc.CONSTRAINT_NAME AS constraint_name, cc.CHECK_CLAUSE AS check_clause, 'Table' AS level
    FROM information_schema.TABLE_CONSTRAINTS tc
    JOIN information_schema.CHECK_CONSTRAINTS cc
      ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
    WHERE tc.TABLE_SCHEMA = DATABASE() AND tc.CONSTRAINT_TYPE = 'CHECK' ORDER BY tc.TABLE_NAME, cc.CONSTRAINT_NAME`,
};

const TEXT_TYPES = new Set(['tinytext', 'text', 'mediumtext', 'longtext']);
const BLOB_TYPES = new Set(['tinyblob', 'blob', 'mediumblob', 'longblob']);
const SIMPLE_TYPES: Record<string, string> = {
  smallint: 'smallint',
  int: 'integer',
  bigint: 'bigint',
  float: 'float',
  double: 'double',
  date: 'date',
  time: 'time',
  datetime: 'timestamp',
  timestamp: 'timestamptz',
  json: 'json',
  uuid: 'uuid',
};

function num(value: number | string | null): number | null {
  return value === null ? null : Number(value);
}

function groupBy<T extends { table_name: string }>(rows: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const list = out.get(row.table_name) ?? [];
    list.push(row);
    out.set(row.table_name, list);
  }
  return out;
}

/** A name as the server spells it inside a check clause. */
function backticked(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}

/**
 * MariaDB's json type is longtext plus a column-level CHECK (json_valid(`col`)) that it adds
 * itself and keeps under the column's first name through renames: the column it guards, if any.
 */
function jsonCheckColumn(check: CheckRow, columns: ColumnRow[]): string | undefined {
  if (check.level !== 'Column') return undefined;
  return columns.find((c) => c.data_type === 'longtext' && check.check_clause === `json_valid(${backticked(c.column_name)})`)
    ?.column_name;
}

function unsupported(row: ColumnRow, what: string): MigError {
  return new MigError(
    `column ${row.table_name}.${row.column_name} has ${what}, which mig's portable types ` +
      `(${PORTABLE_TYPE_BASES.join(', ')}) cannot describe; change the column, or describe the schema with --schema-from instead of --db`,
    { code: 'UNSUPPORTED_TYPE' },
  );
}

/** The values of `enum('a','it''s')`, as the server prints the column type. */
function enumValues(columnType: string): string[] {
  const body = /^enum\((.*)\)$/is.exec(columnType)?.[1] ?? '';
  return [...body.matchAll(/'((?:[^'\\]|''|\\.)*)'/g)].map((m) => unquoteLiteral(`'${m[1] ?? ''}'`) ?? '');
}

/** The portable type of a column, or a MigError naming the table, column and type. */
function portableType(row: ColumnRow, json: boolean): string {
  const type = row.column_type.toLowerCase();
  if (/\b(unsigned|zerofill)\b/.test(type)) throw unsupported(row, `type ${row.column_type}`);
  const simple = SIMPLE_TYPES[row.data_type];
  if (simple) return simple;
  if (row.data_type === 'tinyint' && type === 'tinyint(1)') return 'boolean';
  if (row.data_type === 'varchar') return `string(${num(row.character_maximum_length)})`;
  if (row.data_type === 'char' && num(row.character_maximum_length) === 36) return 'uuid';
  if (row.data_type === 'decimal') return `decimal(${num(row.numeric_precision)},${num(row.numeric_scale)})`;
  if (TEXT_TYPES.has(row.data_type)) return json ? 'json' : 'text';
  if (BLOB_TYPES.has(row.data_type)) return 'binary';
  if (row.data_type === 'enum') {
    try {
      return normalizeType(`enum(${enumValues(row.column_type).join(',')})`);
    } catch {
      throw unsupported(row, `type ${row.column_type}`);
    }
  }
  throw unsupported(row, `type ${row.column_type}`);
}

function readColumn(row: ColumnRow, json: boolean, flavor: ServerFlavor): Column {
  const extra = row.extra ?? '';
  if (/on update/i.test(extra)) throw unsupported(row, `ON UPDATE ${extra.replace(/^.*on update\s*/i, '')}`);
  if (/\b(virtual|stored|persistent)\b/i.test(extra)) throw unsupported(row, 'a generated value');
  const type = portableType(row, json);
  const column: Column = { name: row.column_name, type, nullable: row.is_nullable === 'YES' };
  if (/auto_increment/i.test(extra)) column.autoIncrement = true;
  else {
    const value = readDefault(row.column_default, extra, parseType(type), flavor);
    if (value !== undefined) column.default = value;
  }
  return column;
}

function readIndexes(rows: IndexRow[]): { primaryKey: string[]; indexes: Index[] } {
  const primaryKey: string[] = [];
  const indexes = new Map<string, Index>();
  for (const row of rows) {
    if (row.column_name === null) {
      throw new MigError(
        `index ${row.index_name} on ${row.table_name} is on an expression, which mig cannot describe; ` +
          `describe the schema with --schema-from instead of --db`,
        { code: 'UNSUPPORTED_INDEX' },
      );
    }
    if (row.index_name === 'PRIMARY') {
      primaryKey.push(row.column_name);
      continue;
    }
    const index = indexes.get(row.index_name) ?? { name: row.index_name, columns: [], unique: Number(row.non_unique) === 0 };
    index.columns.push(row.column_name);
    indexes.set(row.index_name, index);
  }
  return { primaryKey, indexes: [...indexes.values()] };
}

/** RESTRICT is InnoDB's NO ACTION, and what MariaDB reports when no action was given: both read as none. */
function readAction(rule: string): ReferentialAction | undefined {
  const action = rule.toLowerCase() as ReferentialAction;
  return action === 'no action' || action === 'restrict' ? undefined : action;
}

function readForeignKeys(rows: ForeignKeyRow[]): ForeignKey[] {
  const keys = new Map<string, ForeignKey>();
  for (const row of rows) {
    let fk = keys.get(row.constraint_name);
    if (!fk) {
      fk = { name: row.constraint_name, columns: [], refTable: row.referenced_table_name, refColumns: [] };
      const onDelete = readAction(row.delete_rule);
      const onUpdate = readAction(row.update_rule);
      if (onDelete) fk.onDelete = onDelete;
      if (onUpdate) fk.onUpdate = onUpdate;
      keys.set(row.constraint_name, fk);
    }
    fk.columns.push(row.column_name);
    fk.refColumns.push(row.referenced_column_name);
  }
  return [...keys.values()];
}

async function serverFlavor(db: Connection): Promise<ServerFlavor> {
  const [row] = await db.query<{ version: string }>('SELECT VERSION() AS version');
  return /mariadb/i.test(row?.version ?? '') ? 'mariadb' : 'mysql';
}

/**
 * Read the current database (DATABASE()) into the schema model: base tables with their columns in
 * order (portable types), primary key, indexes (without the backing indexes InnoDB keeps for
 * foreign keys), foreign keys, checks (without MariaDB's automatic JSON checks) and the row and
 * size estimates of information_schema.TABLES.
 */
export async function introspectMysql(db: Connection): Promise<Schema> {
  const flavor = await serverFlavor(db);
  const [tables, columns, indexes, foreignKeys, checks] = await Promise.all([
    db.query<TableRow>(QUERIES.tables),
    db.query<ColumnRow>(QUERIES.columns),
    db.query<IndexRow>(QUERIES.indexes),
    db.query<ForeignKeyRow>(QUERIES.foreignKeys),
    db.query<CheckRow>(flavor === 'mariadb' ? QUERIES.mariadbChecks : QUERIES.mysqlChecks),
  ]);
  const columnsOf = groupBy(columns);
  const indexesOf = groupBy(indexes);
  const foreignKeysOf = groupBy(foreignKeys);
  const checksOf = groupBy(checks);

  return {
    tables: tables.map((t): Table => {
      const tableColumns = columnsOf.get(t.table_name) ?? [];
      const jsonColumns = new Set<string>();
      const tableChecks: Check[] = [];
      for (const check of checksOf.get(t.table_name) ?? []) {
        const jsonColumn = jsonCheckColumn(check, tableColumns);
        if (jsonColumn !== undefined) jsonColumns.add(jsonColumn);
        else tableChecks.push({ name: check.constraint_name, expression: check.check_clause });
      }
      const { primaryKey, indexes: tableIndexes } = readIndexes(indexesOf.get(t.table_name) ?? []);
      const rows = num(t.table_rows);
      const data = num(t.data_length);
      const index = num(t.index_length);
      return withoutBackingIndexes({
        name: t.table_name,
        columns: tableColumns.map((c) => {
          const column = readColumn(c, jsonColumns.has(c.column_name), flavor);
          if (primaryKey.includes(column.name)) column.primaryKey = true;
          return column;
        }),
        primaryKey,
        indexes: tableIndexes,
        foreignKeys: readForeignKeys(foreignKeysOf.get(t.table_name) ?? []),
        checks: tableChecks,
        stats: {
          rows,
          bytes: data === null && index === null ? null : (data ?? 0) + (index ?? 0),
          basis: 'information_schema.TABLES',
        },
      });
    }),
  };
}
