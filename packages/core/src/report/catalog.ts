import type { DialectName } from '../dialects/dialect';

/**
 * Catalog queries a person runs to verify a migration and watch its effect, per database.
 * Identifiers are passed already quoted as string literals by `lit`, never spliced raw.
 */
export interface Catalog {
  /** the client command that runs a SQL file against $DATABASE_URL */
  runFile(file: string): string;
  /** a backup command writing to `file` */
  backup(file: string): string;
  /** a shell command that runs inline SQL (heredoc) */
  shell: string;
  column(table: string, column: string): string;
  table(table: string): string;
  index(table: string, name: string): string;
  constraint(table: string, name: string): string;
  /** `quoted` is the table name quoted for the dialect, for use as an identifier */
  tableSize(table: string, quoted: string): string;
  /** sessions waiting on locks right now */
  lockWaits: string;
  indexUsage?(table: string): string;
}

/** A SQL string literal. */
export function lit(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

const postgres: Catalog = {
  runFile: (f) => `psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f ${f}`,
  backup: (f) => `pg_dump --format=custom --file=${f} "$DATABASE_URL"`,
  shell: 'psql "$DATABASE_URL" <<SQL',
  column: (t, c) =>
    `SELECT column_name, data_type, is_nullable, column_default\nFROM information_schema.columns\nWHERE table_schema = current_schema() AND table_name = ${lit(t)} AND column_name = ${lit(c)};`,
  table: (t) => `SELECT to_regclass(${lit(t)}) AS table_exists;`,
  index: (_t, n) => `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND indexname = ${lit(n)};`,
  constraint: (t, n) =>
    `SELECT conname, convalidated, pg_get_constraintdef(oid) AS definition\nFROM pg_constraint\nWHERE conrelid = to_regclass(${lit(t)}) AND conname = ${lit(n)};`,
  tableSize: (t) =>
    `SELECT pg_size_pretty(pg_total_relation_size(${lit(t)})) AS total_size,\n       pg_size_pretty(pg_relation_size(${lit(t)})) AS table_size,\n       pg_size_pretty(pg_indexes_size(${lit(t)})) AS indexes_size;`,
  lockWaits:
    "SELECT pid, wait_event_type, wait_event, state, now() - query_start AS waiting_for, left(query, 80) AS query\nFROM pg_stat_activity\nWHERE wait_event_type = 'Lock'\nORDER BY query_start;",
  indexUsage: (t) =>
    `SELECT indexrelname, idx_scan, idx_tup_read, idx_tup_fetch\nFROM pg_stat_user_indexes\nWHERE relname = ${lit(t)}\nORDER BY idx_scan DESC;`,
};

const mysql: Catalog = {
  runFile: (f) => `mysql --host="$DB_HOST" --user="$DB_USER" -p "$DB_NAME" < ${f}`,
  backup: (f) => `mysqldump --single-transaction --routines --host="$DB_HOST" --user="$DB_USER" -p "$DB_NAME" > ${f}`,
  shell: 'mysql --host="$DB_HOST" --user="$DB_USER" -p "$DB_NAME" <<SQL',
  column: (t, c) =>
    `SELECT COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT\nFROM information_schema.COLUMNS\nWHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ${lit(t)} AND COLUMN_NAME = ${lit(c)};`,
  table: (t) => `SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ${lit(t)};`,
  index: (t, n) =>
    `SELECT INDEX_NAME, NON_UNIQUE, COLUMN_NAME, SEQ_IN_INDEX\nFROM information_schema.STATISTICS\nWHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ${lit(t)} AND INDEX_NAME = ${lit(n)};`,
  constraint: (t, n) =>
    `SELECT CONSTRAINT_NAME, CONSTRAINT_TYPE\nFROM information_schema.TABLE_CONSTRAINTS\nWHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ${lit(t)} AND CONSTRAINT_NAME = ${lit(n)};`,
  tableSize: (t) =>
    `SELECT TABLE_ROWS, DATA_LENGTH, INDEX_LENGTH, DATA_FREE\nFROM information_schema.TABLES\nWHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ${lit(t)};`,
  lockWaits:
    "SELECT ID, USER, TIME, STATE, LEFT(INFO, 80) AS query\nFROM information_schema.PROCESSLIST\nWHERE STATE LIKE '%lock%'\nORDER BY TIME DESC;",
};

const sqlite: Catalog = {
  runFile: (f) => `sqlite3 "$DATABASE_FILE" < ${f}`,
  backup: (f) => `sqlite3 "$DATABASE_FILE" ".backup ${f}"`,
  shell: 'sqlite3 "$DATABASE_FILE" <<SQL',
  column: (t, c) => `SELECT name, type, "notnull", dflt_value FROM pragma_table_info(${lit(t)}) WHERE name = ${lit(c)};`,
  table: (t) => `SELECT name FROM sqlite_master WHERE type = 'table' AND name = ${lit(t)};`,
  index: (_t, n) => `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name = ${lit(n)};`,
  constraint: (t) => `SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ${lit(t)};`,
  tableSize: (_t, q) => `SELECT count(*) AS rows FROM ${q};`,
  lockWaits: 'PRAGMA busy_timeout;',
};

export const CATALOGS: Record<DialectName, Catalog> = { postgres, mysql, sqlite };
