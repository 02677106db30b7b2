import type { Connection } from '../../db/connection';
import { MigError } from '../../errors';
import { checkName, foreignKeyName, indexName } from '../../model/naming';
import type { Check, Column, ForeignKey, Index, ReferentialAction, Schema, Table } from '../../model/schema';
import { parseType } from '../../model/types';
import { parseDefault } from './defaults';
import { quoteIdent } from './quote';
import {
  type CheckSql,
  type ColumnSql,
  type ForeignKeySql,
  type TableSql,
  allConstraints,
  inListOfStrings,
  parseCreateTable,
} from './table-sql';
import { KNOWN_DECLARED_TYPES, portableType } from './types';

interface ColumnRow {
  name: string;
  type: string;
  notnull: number;
  dflt_value: string | null;
  pk: number;
  hidden: number;
}

interface IndexRow {
  name: string;
  unique: number;
  origin: 'c' | 'u' | 'pk';
  partial: number;
}

interface ForeignKeyRow {
  id: number;
  table: string;
  from: string;
  to: string | null;
  on_update: string;
  on_delete: string;
}

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const sameNames = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => sameName(x, b[i] as string));

/**
 * The enum values of a column written as mig writes enums: TEXT with an unnamed column CHECK
 * `col IN ('a', 'b')` (ddl.ts). Returns the check it came from so it is not listed again as a check.
 */
function enumOf(column: ColumnSql | undefined, declared: string): { type: string; check: CheckSql } | undefined {
  if (!column || portableType(declared) !== 'text') return undefined;
  for (const c of column.constraints) {
    if (c.kind !== 'check' || c.name !== undefined) continue;
    const list = inListOfStrings(c.tokens);
    if (!list || !sameName(list.column, column.name)) continue;
    const type = `enum(${list.values.join(',')})`;
    try {
      if (JSON.stringify(parseType(type).values) === JSON.stringify(list.values)) return { type, check: c };
    } catch {
      // Values an enum type cannot spell (commas, quotes) leave the column TEXT with its check.
    }
  }
  return undefined;
}

function columnType(table: string, row: ColumnRow, parsed: ColumnSql | undefined, enumChecks: Set<CheckSql>): string {
  const asEnum = enumOf(parsed, row.type);
  if (asEnum) {
    enumChecks.add(asEnum.check);
    return asEnum.type;
  }
  const type = portableType(row.type);
  if (type === undefined) {
    throw new MigError(
      `table ${table} column ${row.name} has declared type "${row.type}", which mig does not map to a portable type; declare it as one of ${KNOWN_DECLARED_TYPES.join(', ')}`,
      { code: 'UNKNOWN_SQLITE_TYPE' },
    );
  }
  return type;
}

function isAutoIncrement(parsed: TableSql, column: string): boolean {
  return allConstraints(parsed).some(
    (c) => c.kind === 'primaryKey' && c.autoIncrement && c.columns.some((name) => sameName(name, column)),
  );
}

async function readColumns(db: Connection, parsed: TableSql, table: string, enumChecks: Set<CheckSql>): Promise<Column[]> {
  const rows = await db.query<ColumnRow>(
    'SELECT name, type, "notnull" AS "notnull", dflt_value, pk, hidden FROM pragma_table_xinfo(?) ORDER BY cid',
    [table],
  );
  return rows.map((row) => {
    if (row.hidden !== 0) {
      throw new MigError(
        `table ${table} column ${row.name} is a generated column, which mig's schema model does not describe; change this table by hand`,
        { code: 'UNSUPPORTED_SQLITE_COLUMN' },
      );
    }
    const type = columnType(table, row, parsed.columns.find((c) => sameName(c.name, row.name)), enumChecks);
    const column: Column = { name: row.name, type, nullable: row.notnull === 0 && row.pk === 0 };
    const value = parseDefault(row.dflt_value, type);
    if (value !== undefined) column.default = value;
    if (row.pk > 0) column.primaryKey = true;
    if (row.pk > 0 && isAutoIncrement(parsed, row.name)) column.autoIncrement = true;
    return column;
  });
}

async function readPrimaryKey(db: Connection, table: string): Promise<string[]> {
  const rows = await db.query<{ name: string }>('SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk', [table]);
  return rows.map((r) => r.name);
}

/**
 * Indexes but the primary key's. A UNIQUE constraint's index (origin 'u') is named by SQLite
 * (sqlite_autoindex_*), so it takes the constraint's name from the table SQL, or mig's generated
 * name when the constraint has none. Partial and expression indexes have no model form and are
 * left out; a table rebuild refuses to run while one exists (rebuild.ts).
 */
async function readIndexes(db: Connection, parsed: TableSql, table: string): Promise<Index[]> {
  const rows = await db.query<IndexRow>('SELECT name, "unique" AS "unique", origin, partial FROM pragma_index_list(?)', [table]);
  const indexes: Index[] = [];
  for (const row of rows) {
    if (row.origin === 'pk' || row.partial) continue;
    const keys = await db.query<{ cid: number; name: string | null }>(
      'SELECT cid, name FROM pragma_index_info(?) ORDER BY seqno',
      [row.name],
    );
    if (keys.some((k) => k.cid < 0 || k.name === null)) continue;
    const columns = keys.map((k) => k.name as string);
    if (row.origin === 'u') {
      const constraint = allConstraints(parsed).find((c) => c.kind === 'unique' && sameNames(c.columns, columns));
      indexes.push({ name: constraint?.name ?? indexName(table, columns, true), columns, unique: true, constraint: true });
    } else indexes.push({ name: row.name, columns, unique: row.unique === 1 });
  }
  return indexes.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function referentialAction(text: string): ReferentialAction | undefined {
  const action = text.toLowerCase() as ReferentialAction;
  return action === 'no action' ? undefined : action;
}

/**
 * Foreign keys from PRAGMA foreign_key_list, which has no constraint names: each is matched to
 * its clause in the table SQL (same columns and parent) for the name, else given mig's generated name.
 */
async function readForeignKeys(db: Connection, parsed: TableSql, table: string): Promise<ForeignKey[]> {
  const rows = await db.query<ForeignKeyRow>(
    'SELECT id, "table", "from", "to", on_update, on_delete FROM pragma_foreign_key_list(?) ORDER BY id DESC, seq',
    [table],
  );
  const clauses = allConstraints(parsed).filter((c): c is ForeignKeySql => c.kind === 'foreignKey');
  const used = new Set<ForeignKeySql>();
  const foreignKeys: ForeignKey[] = [];
  for (const id of [...new Set(rows.map((r) => r.id))]) {
    const parts = rows.filter((r) => r.id === id);
    const first = parts[0] as ForeignKeyRow;
    const columns = parts.map((r) => r.from);
    const refColumns = parts.some((r) => r.to === null) ? await readPrimaryKey(db, first.table) : parts.map((r) => r.to as string);
    const clause = clauses.find((c) => !used.has(c) && sameNames(c.columns, columns) && sameName(c.refTable, first.table));
    if (clause) used.add(clause);
    const fk: ForeignKey = {
      name: clause?.name ?? foreignKeyName(table, columns, first.table),
      columns,
      refTable: first.table,
      refColumns,
    };
    const onDelete = referentialAction(first.on_delete);
    const onUpdate = referentialAction(first.on_update);
    if (onDelete) fk.onDelete = onDelete;
    if (onUpdate) fk.onUpdate = onUpdate;
    foreignKeys.push(fk);
  }
  return foreignKeys;
}

/** CHECK constraints from the table SQL, column and table ones; unnamed ones are numbered in order. */
function readChecks(parsed: TableSql, table: string, enumChecks: Set<CheckSql>): Check[] {
  const checks = allConstraints(parsed).filter((c): c is CheckSql => c.kind === 'check' && !enumChecks.has(c));
  let unnamed = 0;
  return checks.map((c) => ({ name: c.name ?? checkName(table, String(++unnamed)), expression: c.expression }));
}

async function readStats(db: Connection, table: string): Promise<Table['stats']> {
  const [count] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${quoteIdent(table)}`);
  let bytes: number | null = null;
  try {
    const [size] = await db.query<{ bytes: number | null }>('SELECT sum(pgsize) AS bytes FROM dbstat WHERE name = ?', [table]);
    bytes = size?.bytes ?? null;
  } catch {
    // dbstat exists only when SQLite is built with SQLITE_ENABLE_DBSTAT_VTAB.
  }
  return { rows: count?.n ?? null, bytes, basis: 'count(*)' };
}

async function readTable(db: Connection, name: string, sql: string): Promise<Table> {
  const parsed = parseCreateTable(sql);
  const enumChecks = new Set<CheckSql>();
  const columns = await readColumns(db, parsed, name, enumChecks);
  return {
    name,
    columns,
    primaryKey: await readPrimaryKey(db, name),
    indexes: await readIndexes(db, parsed, name),
    foreignKeys: await readForeignKeys(db, parsed, name),
    checks: readChecks(parsed, name, enumChecks),
    stats: await readStats(db, name),
  };
}

/**
 * Read the ordinary tables of the main database (not SQLite's own sqlite_* tables, views,
 * virtual tables or their shadow tables) into the schema model.
 */
export async function introspectSqlite(db: Connection): Promise<Schema> {
  const rows = await db.query<{ name: string; sql: string }>(
    `SELECT l.name AS name, m.sql AS sql FROM pragma_table_list AS l JOIN sqlite_master AS m ON m.name = l.name AND m.type = 'table'
     WHERE l.schema = 'main' AND l.type = 'table' AND lower(substr(l.name, 1, 7)) <> 'sqlite_' ORDER BY l.name`,
  );
  const tables: Table[] = [];
  for (const row of rows) tables.push(await readTable(db, row.name, row.sql));
  return { tables };
}
