/**
 * SQLite's ALTER TABLE cannot change a column's type, nullability or default, nor add or drop
 * constraints. Those changes rebuild the table by the documented procedure
 * (https://www.sqlite.org/lang_altertable.html#otheralter): create the new definition beside the
 * old table, copy the rows, drop the old table, rename the new one into place, recreate indexes,
 * and verify foreign keys.
 */
import { MigError } from '../../errors';
import { requireTable } from '../../model/apply';
import type { OperationKind } from '../../model/operations';
import { type Schema, type Table, findColumn } from '../../model/schema';
import type { RenderContext, Statement } from '../dialect';
import { columnList, createIndexSql, createTableSql, standaloneIndexes } from './ddl';
import { quoteIdent, quoteString } from './quote';

function inside(sql: string): Statement {
  return { sql, transactional: true };
}

/** PRAGMA foreign_keys is a no-op inside a transaction, so it runs before and after it. */
function outside(sql: string): Statement {
  return { sql, transactional: false };
}

/** The definition of the table before the change; a rebuild cannot be written without it. */
export function requireSchema(ctx: RenderContext, table: string, kind: OperationKind): Schema {
  if (!ctx.schema) {
    throw new MigError(`SQLite rebuilds table ${table} for ${kind}: pass --schema-from or --db so mig knows its definition`, {
      code: 'SCHEMA_REQUIRED',
    });
  }
  return ctx.schema;
}

/**
 * A query that fails with `message` for its first row. SQLite raises errors only from triggers
 * (RAISE), so the failure is a JSON path error whose text is the message; the path never starts
 * with `$`, so it is always invalid, and it is built from the row, so nothing fails without a row.
 */
function failForEachRow(messageFormat: string, args: string[], from: string): string {
  return `SELECT json_extract('{}', printf(${[quoteString(messageFormat), ...args].join(', ')})) FROM ${from}`;
}

/**
 * Refuse to rebuild a table that has triggers, indexes the schema does not list (partial and
 * expression indexes, or ones made outside mig), or table options: DROP TABLE would silently
 * take them away.
 */
function guardSql(table: Table): string {
  const name = quoteString(table.name);
  const known = standaloneIndexes(table).map((i) => quoteString(i.name));
  const unknownObjects =
    `(SELECT type, name FROM sqlite_master WHERE tbl_name = ${name} AND type IN ('index', 'trigger') AND sql IS NOT NULL` +
    `${known.length ? ` AND name NOT IN (${known.join(', ')})` : ''}` +
    ` UNION ALL SELECT 'option', 'WITHOUT ROWID or STRICT' FROM pragma_table_list(${name}) WHERE wr OR strict)`;
  return failForEachRow(
    'rebuilding table %s would lose its %s %s, which the schema mig was given does not describe; drop it first, or make this change by hand',
    [name, 'type', 'name'],
    unknownObjects,
  );
}

/** Fail when the rebuilt table, or a table referencing it, holds a row whose foreign key has no parent row. */
function foreignKeyCheckSql(after: Schema, table: string): string {
  const children = after.tables.filter((t) => t.name !== table && t.foreignKeys.some((f) => f.refTable === table));
  const checks = [table, ...children.map((t) => t.name)].map(
    (t) => `SELECT * FROM pragma_foreign_key_check(${quoteString(t)})`,
  );
  return failForEachRow(
    'rebuilding table %s broke a foreign key: row %s of table %s has no matching row in table %s; fix that data, then run the migration again',
    [quoteString(table), 'rowid', '"table"', 'parent'],
    `(${checks.join(' UNION ALL ')})`,
  );
}

/**
 * An AUTOINCREMENT table's sqlite_sequence entry holds the highest id ever used; it is carried
 * to the new table so ids of deleted rows are not handed out again.
 */
function keepSequence(old: Table, next: Table, temp: string): Statement[] {
  if (!old.columns.some((c) => c.autoIncrement) || !next.columns.some((c) => c.autoIncrement)) return [];
  return [
    inside(`DELETE FROM sqlite_sequence WHERE name = ${quoteString(temp)}`),
    inside(`UPDATE sqlite_sequence SET name = ${quoteString(temp)} WHERE name = ${quoteString(old.name)}`),
  ];
}

/** The statements that rebuild `table` from its definition in `before` to its definition in `after`. */
export function rebuildTable(before: Schema, after: Schema, table: string): Statement[] {
  const old = requireTable(before, table);
  const next = requireTable(after, table);
  const temp = `new_${table}`;
  const kept = columnList(next.columns.filter((c) => findColumn(old, c.name)).map((c) => c.name));
  return [
    outside('PRAGMA foreign_keys = OFF'),
    inside(guardSql(old)),
    inside(createTableSql(next, temp)),
    inside(`INSERT INTO ${quoteIdent(temp)} (${kept}) SELECT ${kept} FROM ${quoteIdent(table)}`),
    ...keepSequence(old, next, temp),
    inside(`DROP TABLE ${quoteIdent(table)}`),
    // Legacy renaming leaves views that name the table alone; the modern rename would reject them
    // while the table is missing.
    inside('PRAGMA legacy_alter_table = ON'),
    inside(`ALTER TABLE ${quoteIdent(temp)} RENAME TO ${quoteIdent(table)}`),
    { ...inside('PRAGMA legacy_alter_table = OFF'), cleanup: true },
    ...standaloneIndexes(next).map((i) => inside(createIndexSql(i, table))),
    inside(foreignKeyCheckSql(after, table)),
    { ...outside('PRAGMA foreign_keys = ON'), cleanup: true },
  ];
}
