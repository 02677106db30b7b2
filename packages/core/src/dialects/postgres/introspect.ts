import type { Connection } from '../../db/connection';
import { MigError } from '../../errors';
import type { Column, ForeignKey, Index, ReferentialAction, Schema, Table } from '../../model/schema';
import { PORTABLE_TYPE_BASES, normalizeType, parseType } from '../../model/types';
import { readDefault } from './defaults';

/**
 * Read the current schema (`current_schema()`, not 'public': callers choose it with search_path)
 * of a PostgreSQL database into the model.
 *
 * Choices where PostgreSQL says more than the model can:
 * - `character varying` without a length reads as `text` (both are unbounded);
 * - fractional-second precision (`timestamp(3)`) is dropped: the model has one timestamp type;
 * - expression and partial indexes are left out, as are exclusion constraints: the model has no
 *   way to state them, and reading them as plain indexes would misstate what they enforce;
 * - a generated column (`GENERATED ALWAYS AS (...) STORED`) reads as a plain column;
 * - a default with no portable form is kept as SQL text (`{sql: 'gen_random_uuid()'}`);
 * - any other type (arrays, domains, inet, ...) is an error naming the table and column.
 */
export async function introspectPostgres(db: Connection): Promise<Schema> {
  // One after another: a connection runs one query at a time.
  const tables = await db.query<TableRow>(TABLES);
  const columns = await db.query<ColumnRow>(COLUMNS);
  const enumLabels = await db.query<EnumRow>(ENUM_LABELS);
  const indexes = await db.query<IndexRow>(INDEXES);
  const foreignKeys = await db.query<ForeignKeyRow>(FOREIGN_KEYS);
  const checks = await db.query<CheckRow>(CHECKS);
  const labels = groupBy(enumLabels, (r) => key(r.table_name, r.column_name));
  const byTable = new Map<string, Table>(
    tables.map((t) => [
      t.table_name,
      {
        name: t.table_name,
        columns: [],
        primaryKey: [],
        indexes: [],
        foreignKeys: [],
        checks: [],
        stats: { rows: rowEstimate(t.rows), bytes: t.bytes, basis: 'pg_class.reltuples' },
      },
    ]),
  );
  for (const row of columns) {
    const values = (labels.get(key(row.table_name, row.column_name)) ?? []).map((r) => r.label);
    byTable.get(row.table_name)?.columns.push(readColumn(row, values));
  }
  for (const [, rows] of groupBy(indexes, (r) => key(r.table_name, r.index_name))) readIndex(byTable, rows);
  for (const [, rows] of groupBy(foreignKeys, (r) => key(r.table_name, r.constraint_name))) {
    byTable.get(rows[0]!.table_name)?.foreignKeys.push(readForeignKey(rows));
  }
  for (const c of checks) byTable.get(c.table_name)?.checks.push({ name: c.constraint_name, expression: c.expression });
  return { tables: [...byTable.values()] };
}

/** reltuples is -1 until the table is first vacuumed or analysed (PostgreSQL 14+): unknown, not empty. */
function rowEstimate(reltuples: number | null): number | null {
  return reltuples !== null && reltuples >= 0 ? Math.round(reltuples) : null;
}

interface TableRow {
  table_name: string;
  rows: number | null;
  bytes: number | null;
}

const IN_CURRENT_SCHEMA = `n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition`;

const TABLES = `
SELECT c.relname AS table_name, c.reltuples::float8 AS rows, pg_total_relation_size(c.oid)::float8 AS bytes
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE ${IN_CURRENT_SCHEMA}
ORDER BY c.relname`;

interface ColumnRow {
  table_name: string;
  column_name: string;
  type: string;
  typtype: string;
  not_null: boolean;
  identity: string;
  generated: string;
  default_expr: string | null;
}

const COLUMNS = `
SELECT c.relname AS table_name, a.attname AS column_name, format_type(a.atttypid, a.atttypmod) AS type,
       t.typtype::text AS typtype, a.attnotnull AS not_null, a.attidentity::text AS identity,
       a.attgenerated::text AS generated, pg_get_expr(d.adbin, d.adrelid) AS default_expr
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE ${IN_CURRENT_SCHEMA} AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY c.relname, a.attnum`;

interface EnumRow {
  table_name: string;
  column_name: string;
  label: string;
}

const ENUM_LABELS = `
SELECT c.relname AS table_name, a.attname AS column_name, e.enumlabel AS label
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_enum e ON e.enumtypid = a.atttypid
WHERE ${IN_CURRENT_SCHEMA} AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY c.relname, a.attnum, e.enumsortorder`;

interface IndexRow {
  table_name: string;
  index_name: string;
  is_primary: boolean;
  is_unique: boolean;
  is_constraint: boolean;
  /** an expression, a predicate or an exclusion constraint: nothing the model can state */
  unportable: boolean;
  column_name: string | null;
}

/** One row per key column of each index, in key order (INCLUDE columns left out). */
const INDEXES = `
SELECT c.relname AS table_name, i.relname AS index_name, x.indisprimary AS is_primary, x.indisunique AS is_unique,
       EXISTS (SELECT 1 FROM pg_constraint k
               WHERE k.conindid = x.indexrelid AND k.conrelid = x.indrelid AND k.contype = 'u') AS is_constraint,
       (x.indexprs IS NOT NULL OR x.indpred IS NOT NULL OR x.indisexclusion) AS unportable,
       a.attname AS column_name
FROM pg_index x
JOIN pg_class c ON c.oid = x.indrelid
JOIN pg_class i ON i.oid = x.indexrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN LATERAL unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, position)
LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
WHERE ${IN_CURRENT_SCHEMA} AND k.position <= x.indnkeyatts
ORDER BY c.relname, i.relname, k.position`;

interface ForeignKeyRow {
  table_name: string;
  constraint_name: string;
  ref_table: string;
  on_delete: string;
  on_update: string;
  column_name: string;
  ref_column: string;
}

const FOREIGN_KEYS = `
SELECT c.relname AS table_name, k.conname AS constraint_name, r.relname AS ref_table,
       k.confdeltype::text AS on_delete, k.confupdtype::text AS on_update,
       a.attname AS column_name, ra.attname AS ref_column
FROM pg_constraint k
JOIN pg_class c ON c.oid = k.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_class r ON r.oid = k.confrelid
CROSS JOIN LATERAL unnest(k.conkey, k.confkey) WITH ORDINALITY AS u(attnum, ref_attnum, position)
JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum
JOIN pg_attribute ra ON ra.attrelid = k.confrelid AND ra.attnum = u.ref_attnum
WHERE ${IN_CURRENT_SCHEMA} AND k.contype = 'f'
ORDER BY c.relname, k.conname, u.position`;

interface CheckRow {
  table_name: string;
  constraint_name: string;
  expression: string;
}

/** contype 'c' only: PostgreSQL 18 also lists NOT NULL constraints in pg_constraint (as 'n'). */
const CHECKS = `
SELECT c.relname AS table_name, k.conname AS constraint_name, pg_get_expr(k.conbin, k.conrelid) AS expression
FROM pg_constraint k
JOIN pg_class c ON c.oid = k.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE ${IN_CURRENT_SCHEMA} AND k.contype = 'c'
ORDER BY c.relname, k.conname`;

const SIMPLE_TYPES: Record<string, string> = {
  boolean: 'boolean',
  integer: 'integer',
  bigint: 'bigint',
  smallint: 'smallint',
  text: 'text',
  'character varying': 'text',
  numeric: 'decimal',
  real: 'float',
  'double precision': 'double',
  date: 'date',
  uuid: 'uuid',
  json: 'json',
  jsonb: 'jsonb',
  bytea: 'binary',
};

/** `format_type` output → portable type text, or undefined when there is none. */
function portableTypeText(formatted: string, enumValues: string[]): string | undefined {
  if (enumValues.length) return `enum(${enumValues.join(',')})`;
  const simple = SIMPLE_TYPES[formatted];
  if (simple) return simple;
  const varchar = /^character varying\((\d+)\)$/.exec(formatted);
  if (varchar) return `string(${varchar[1]})`;
  const numeric = /^numeric\((\d+),(\d+)\)$/.exec(formatted);
  if (numeric) return `decimal(${numeric[1]},${numeric[2]})`;
  const time = /^(time|timestamp)(?:\(\d+\))? with(out)? time zone$/.exec(formatted);
  if (time?.[1] === 'timestamp') return time[2] ? 'timestamp' : 'timestamptz';
  if (time?.[1] === 'time' && time[2]) return 'time';
  return undefined;
}

function portableType(row: ColumnRow, enumValues: string[]): string {
  const text = row.typtype === 'e' || row.typtype === 'b' ? portableTypeText(row.type, enumValues) : undefined;
  try {
    if (text !== undefined) return normalizeType(text);
  } catch {
    // an enum label outside the portable alphabet: reported below like any other unmappable type
  }
  throw new MigError(
    `cannot read ${row.table_name}.${row.column_name}: PostgreSQL type ${row.type} has no portable mig type ` +
      `(${PORTABLE_TYPE_BASES.join(', ')}); ` +
      "change the column's type, or give the schema with --schema-from instead of --db",
    { code: 'UNPORTABLE_TYPE' },
  );
}

function readColumn(row: ColumnRow, enumValues: string[]): Column {
  const type = portableType(row, enumValues);
  const column: Column = { name: row.column_name, type, nullable: !row.not_null };
  if (row.identity) column.autoIncrement = true;
  else if (row.default_expr !== null && !row.generated) {
    const read = readDefault(row.default_expr, parseType(type));
    if (read.autoIncrement) column.autoIncrement = true;
    if (read.default !== undefined) column.default = read.default;
  }
  return column;
}

function readIndex(byTable: Map<string, Table>, rows: IndexRow[]): void {
  const first = rows[0]!;
  const table = byTable.get(first.table_name);
  const columns = rows.map((r) => r.column_name);
  if (!table || first.unportable || columns.some((c) => c === null)) return;
  const names = columns as string[];
  if (first.is_primary) {
    table.primaryKey = names;
    for (const c of table.columns) if (names.includes(c.name)) c.primaryKey = true;
    return;
  }
  const index: Index = { name: first.index_name, columns: names, unique: first.is_unique };
  if (first.is_constraint) index.constraint = true;
  table.indexes.push(index);
}

const ACTIONS: Record<string, ReferentialAction | undefined> = {
  c: 'cascade',
  n: 'set null',
  r: 'restrict',
  d: 'set default',
};

function readForeignKey(rows: ForeignKeyRow[]): ForeignKey {
  const first = rows[0]!;
  const fk: ForeignKey = {
    name: first.constraint_name,
    columns: rows.map((r) => r.column_name),
    refTable: first.ref_table,
    refColumns: rows.map((r) => r.ref_column),
  };
  const onDelete = ACTIONS[first.on_delete];
  const onUpdate = ACTIONS[first.on_update];
  if (onDelete) fk.onDelete = onDelete;
  if (onUpdate) fk.onUpdate = onUpdate;
  return fk;
}

/** A separator that cannot occur in a PostgreSQL identifier. */
function key(...parts: string[]): string {
  return parts.join('\0');
}

function groupBy<T>(rows: T[], keyOf: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = keyOf(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}
