import { MigError } from '../errors';
import { foreignKeyName, indexName } from './naming';
import type { Operation } from './operations';
import { type Column, type Schema, type Table, cloneSchema, findColumn, findTable } from './schema';
import { normalizeType } from './types';

function list(names: string[]): string {
  return names.length ? names.join(', ') : '(none)';
}

export function requireTable(schema: Schema, name: string): Table {
  const t = findTable(schema, name);
  if (!t) {
    throw new MigError(`table ${name} does not exist; tables are: ${list(schema.tables.map((x) => x.name))}`, {
      code: 'NO_SUCH_TABLE',
    });
  }
  return t;
}

export function requireColumn(table: Table, name: string): Column {
  const c = findColumn(table, name);
  if (!c) {
    throw new MigError(
      `table ${table.name} has no column ${name}; columns are: ${list(table.columns.map((x) => x.name))}`,
      { code: 'NO_SUCH_COLUMN' },
    );
  }
  return c;
}

function requireNoColumn(table: Table, name: string): void {
  if (findColumn(table, name)) {
    throw new MigError(`table ${table.name} already has a column ${name}; pick another name or change the existing column`, {
      code: 'COLUMN_EXISTS',
    });
  }
}

function requireNoTable(schema: Schema, name: string): void {
  if (findTable(schema, name)) {
    throw new MigError(`table ${name} already exists; pick another name or drop it first`, { code: 'TABLE_EXISTS' });
  }
}

/** Whether an expression refers to a column (as a whole word, bare or double-quoted). */
export function mentionsColumn(expression: string, column: string): boolean {
  const escaped = column.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9_$])"?${escaped}"?($|[^A-Za-z0-9_$])`, 'i').test(expression);
}

function allIndexNames(schema: Schema): string[] {
  return schema.tables.flatMap((t) => t.indexes.map((i) => i.name));
}

function findIndexOwner(schema: Schema, name: string): Table | undefined {
  return schema.tables.find((t) => t.indexes.some((i) => i.name === name));
}

/** The table-level parts a column definition implies: its unique index and its foreign key. */
function attachColumnConstraints(table: Table, column: Column): void {
  if (column.unique && !column.primaryKey) {
    table.indexes.push({ name: indexName(table.name, [column.name], true), columns: [column.name], unique: true });
  }
  if (column.references) {
    table.foreignKeys.push({
      name: foreignKeyName(table.name, [column.name], column.references.table),
      columns: [column.name],
      refTable: column.references.table,
      refColumns: [column.references.column],
      ...(column.references.onDelete ? { onDelete: column.references.onDelete } : {}),
    });
  }
}

/** A column as stored in the schema model: operation-only fields moved to the table. */
export function storedColumn(column: Column): Column {
  const out: Column = { name: column.name, type: normalizeType(column.type), nullable: column.nullable };
  if (column.default !== undefined) out.default = column.default;
  if (column.primaryKey) out.primaryKey = true;
  if (column.autoIncrement) out.autoIncrement = true;
  return out;
}

/** The table a `createTable` operation creates, in schema-model form. */
export function tableFromColumns(name: string, columns: Column[]): Table {
  const table: Table = {
    name,
    columns: columns.map(storedColumn),
    primaryKey: columns.filter((c) => c.primaryKey).map((c) => c.name),
    indexes: [],
    foreignKeys: [],
    checks: [],
  };
  for (const c of columns) attachColumnConstraints(table, c);
  return table;
}

/**
 * Apply one operation to a schema and return the new schema. Throws a MigError when the operation
 * does not fit the schema (a missing table or column, a duplicate) — the message lists what exists.
 */
export function applyOperation(schema: Schema, op: Operation): Schema {
  const next = cloneSchema(schema);
  switch (op.kind) {
    case 'createTable': {
      requireNoTable(next, op.table);
      next.tables.push(tableFromColumns(op.table, op.columns));
      return next;
    }
    case 'dropTable': {
      requireTable(next, op.table);
      const referencing = next.tables.filter(
        (t) => t.name !== op.table && t.foreignKeys.some((f) => f.refTable === op.table),
      );
      if (referencing.length) {
        throw new MigError(
          `table ${op.table} is referenced by foreign keys from ${list(referencing.map((t) => t.name))}; drop those foreign keys first`,
          { code: 'REFERENCED' },
        );
      }
      next.tables = next.tables.filter((t) => t.name !== op.table);
      return next;
    }
    case 'renameTable': {
      const t = requireTable(next, op.from);
      requireNoTable(next, op.to);
      t.name = op.to;
      for (const other of next.tables) {
        for (const f of other.foreignKeys) if (f.refTable === op.from) f.refTable = op.to;
      }
      return next;
    }
    case 'addColumn': {
      const t = requireTable(next, op.table);
      requireNoColumn(t, op.column.name);
      if (op.column.references) requireColumn(requireTable(next, op.column.references.table), op.column.references.column);
      t.columns.push(storedColumn(op.column));
      if (op.column.primaryKey) t.primaryKey.push(op.column.name);
      attachColumnConstraints(t, op.column);
      return next;
    }
    case 'dropColumn': {
      const t = requireTable(next, op.table);
      requireColumn(t, op.column);
      t.columns = t.columns.filter((c) => c.name !== op.column);
      t.primaryKey = t.primaryKey.filter((c) => c !== op.column);
      t.indexes = t.indexes.filter((i) => !i.columns.includes(op.column));
      t.foreignKeys = t.foreignKeys.filter((f) => !f.columns.includes(op.column));
      t.checks = t.checks.filter((c) => !mentionsColumn(c.expression, op.column));
      for (const other of next.tables) {
        other.foreignKeys = other.foreignKeys.filter(
          (f) => !(f.refTable === op.table && f.refColumns.includes(op.column)),
        );
      }
      return next;
    }
    case 'renameColumn': {
      const t = requireTable(next, op.table);
      const c = requireColumn(t, op.from);
      requireNoColumn(t, op.to);
      c.name = op.to;
      const rename = (n: string) => (n === op.from ? op.to : n);
      t.primaryKey = t.primaryKey.map(rename);
      for (const i of t.indexes) i.columns = i.columns.map(rename);
      for (const f of t.foreignKeys) f.columns = f.columns.map(rename);
      for (const other of next.tables) {
        for (const f of other.foreignKeys) if (f.refTable === op.table) f.refColumns = f.refColumns.map(rename);
      }
      return next;
    }
    case 'alterColumnType': {
      const c = requireColumn(requireTable(next, op.table), op.column);
      c.type = normalizeType(op.type);
      return next;
    }
    case 'setNotNull':
    case 'dropNotNull': {
      const c = requireColumn(requireTable(next, op.table), op.column);
      c.nullable = op.kind === 'dropNotNull';
      return next;
    }
    case 'setDefault': {
      const c = requireColumn(requireTable(next, op.table), op.column);
      c.default = op.default;
      return next;
    }
    case 'dropDefault': {
      const c = requireColumn(requireTable(next, op.table), op.column);
      delete c.default;
      return next;
    }
    case 'createIndex': {
      const t = requireTable(next, op.table);
      for (const col of op.columns) requireColumn(t, col);
      if (allIndexNames(next).includes(op.name)) {
        throw new MigError(`an index named ${op.name} already exists; name the new index with "named <name>"`, {
          code: 'INDEX_EXISTS',
        });
      }
      t.indexes.push({ name: op.name, columns: [...op.columns], unique: op.unique });
      return next;
    }
    case 'dropIndex': {
      const owner = op.table ? requireTable(next, op.table) : findIndexOwner(next, op.name);
      if (!owner || !owner.indexes.some((i) => i.name === op.name)) {
        const names = op.table ? owner?.indexes.map((i) => i.name) ?? [] : allIndexNames(next);
        throw new MigError(`index ${op.name} does not exist; indexes are: ${list(names)}`, { code: 'NO_SUCH_INDEX' });
      }
      owner.indexes = owner.indexes.filter((i) => i.name !== op.name);
      return next;
    }
    case 'addForeignKey': {
      const t = requireTable(next, op.table);
      for (const col of op.columns) requireColumn(t, col);
      const ref = requireTable(next, op.refTable);
      for (const col of op.refColumns) requireColumn(ref, col);
      if (t.foreignKeys.some((f) => f.name === op.name)) {
        throw new MigError(`table ${op.table} already has a foreign key named ${op.name}`, { code: 'FK_EXISTS' });
      }
      t.foreignKeys.push({
        name: op.name,
        columns: [...op.columns],
        refTable: op.refTable,
        refColumns: [...op.refColumns],
        ...(op.onDelete ? { onDelete: op.onDelete } : {}),
        ...(op.onUpdate ? { onUpdate: op.onUpdate } : {}),
      });
      return next;
    }
    case 'dropForeignKey': {
      const t = requireTable(next, op.table);
      if (!t.foreignKeys.some((f) => f.name === op.name)) {
        throw new MigError(
          `table ${op.table} has no foreign key ${op.name}; foreign keys are: ${list(t.foreignKeys.map((f) => f.name))}`,
          { code: 'NO_SUCH_FK' },
        );
      }
      t.foreignKeys = t.foreignKeys.filter((f) => f.name !== op.name);
      return next;
    }
    case 'addCheck': {
      const t = requireTable(next, op.table);
      if (t.checks.some((c) => c.name === op.name)) {
        throw new MigError(`table ${op.table} already has a check named ${op.name}`, { code: 'CHECK_EXISTS' });
      }
      t.checks.push({ name: op.name, expression: op.expression });
      return next;
    }
    case 'dropCheck': {
      const t = requireTable(next, op.table);
      if (!t.checks.some((c) => c.name === op.name)) {
        throw new MigError(
          `table ${op.table} has no check ${op.name}; checks are: ${list(t.checks.map((c) => c.name))}`,
          { code: 'NO_SUCH_CHECK' },
        );
      }
      t.checks = t.checks.filter((c) => c.name !== op.name);
      return next;
    }
    case 'backfill': {
      const t = requireTable(next, op.table);
      for (const col of Object.keys(op.set)) requireColumn(t, col);
      return next;
    }
    case 'sql':
      return next;
  }
}

export function applyOperations(schema: Schema, ops: Operation[]): Schema {
  return ops.reduce(applyOperation, schema);
}
