import { foreignKeyName, indexName } from './naming';
import type { AddForeignKey, CreateIndex, Operation } from './operations';
import { type Column, type ForeignKey, type Index, type Schema, type Table, findColumn, findTable } from './schema';

/**
 * The down of one operation. `complete` is false when the down cannot restore what the up changed
 * — `reason` says why (the prior definition is unknown, or the data is gone) — and then `ops`
 * holds only what can honestly be undone. It never guesses a definition it does not know.
 */
export interface Inverse {
  ops: Operation[];
  complete: boolean;
  reason?: string;
}

const UNKNOWN = 'pass --schema-from or --db so mig knows the definition to restore';

function incomplete(reason: string, ops: Operation[] = []): Inverse {
  return { ops, complete: false, reason };
}

function complete(...ops: Operation[]): Inverse {
  return { ops, complete: true };
}

function knownTable(schema: Schema | undefined, name: string): Table | undefined {
  return schema ? findTable(schema, name) : undefined;
}

function knownColumn(schema: Schema | undefined, table: string, column: string): Column | undefined {
  const t = knownTable(schema, table);
  return t ? findColumn(t, column) : undefined;
}

export function createIndexOp(table: string, index: Index): CreateIndex {
  return { kind: 'createIndex', table, columns: [...index.columns], unique: index.unique, name: index.name };
}

export function addForeignKeyOp(table: string, fk: ForeignKey): AddForeignKey {
  return {
    kind: 'addForeignKey',
    table,
    columns: [...fk.columns],
    refTable: fk.refTable,
    refColumns: [...fk.refColumns],
    ...(fk.onDelete ? { onDelete: fk.onDelete } : {}),
    ...(fk.onUpdate ? { onUpdate: fk.onUpdate } : {}),
    name: fk.name,
  };
}

/** The operations that recreate a table exactly as the schema model holds it. */
export function recreateTableOps(table: Table): Operation[] {
  const columns = table.columns.map((c) => ({ ...c, primaryKey: table.primaryKey.includes(c.name) || undefined }));
  return [
    {
      kind: 'createTable',
      table: table.name,
      columns: columns.map((c) => {
        const out: Column = { name: c.name, type: c.type, nullable: c.nullable };
        if (c.default !== undefined) out.default = c.default;
        if (c.primaryKey) out.primaryKey = true;
        if (c.autoIncrement) out.autoIncrement = true;
        return out;
      }),
    },
    ...table.indexes.map((i) => createIndexOp(table.name, i)),
    ...table.foreignKeys.map((f) => addForeignKeyOp(table.name, f)),
    ...table.checks.map((c): Operation => ({ kind: 'addCheck', table: table.name, name: c.name, expression: c.expression })),
  ];
}

/**
 * Invert one operation given the schema before it (when known). The returned operations apply to
 * the schema *after* the operation and bring it back to `schemaBefore`.
 */
export function invert(op: Operation, schemaBefore?: Schema): Inverse {
  switch (op.kind) {
    case 'createTable':
      return complete({ kind: 'dropTable', table: op.table });
    case 'dropTable': {
      const t = knownTable(schemaBefore, op.table);
      if (!t) return incomplete(`the definition of dropped table ${op.table} is unknown; ${UNKNOWN}`);
      return complete(...recreateTableOps(t));
    }
    case 'renameTable':
      return complete({ kind: 'renameTable', from: op.to, to: op.from });
    case 'addColumn':
      return complete(...addColumnDown(op.table, op.column));
    case 'dropColumn': {
      const t = knownTable(schemaBefore, op.table);
      const c = t ? findColumn(t, op.column) : undefined;
      if (!t || !c) return incomplete(`the definition of dropped column ${op.table}.${op.column} is unknown; ${UNKNOWN}`);
      if (!c.nullable && c.default === undefined && !c.autoIncrement) {
        // Re-adding it NOT NULL would fail on any table holding rows: the values are gone.
        return incomplete(
          `column ${op.table}.${op.column} is NOT NULL without a default and its values are gone; the down re-adds it as nullable`,
          [{ kind: 'addColumn', table: op.table, column: { ...c, nullable: true } }],
        );
      }
      const ops: Operation[] = [{ kind: 'addColumn', table: op.table, column: { ...c } }];
      if (t.primaryKey.includes(op.column)) {
        return incomplete(`column ${op.table}.${op.column} is part of the primary key; re-adding it cannot restore the key`, ops);
      }
      return complete(...ops);
    }
    case 'renameColumn':
      return complete({ kind: 'renameColumn', table: op.table, from: op.to, to: op.from });
    case 'alterColumnType': {
      const c = knownColumn(schemaBefore, op.table, op.column);
      if (!c) return incomplete(`the previous type of ${op.table}.${op.column} is unknown; ${UNKNOWN}`);
      return complete({ kind: 'alterColumnType', table: op.table, column: op.column, type: c.type });
    }
    case 'setNotNull':
      return complete({ kind: 'dropNotNull', table: op.table, column: op.column });
    case 'dropNotNull':
      return complete({ kind: 'setNotNull', table: op.table, column: op.column });
    case 'setDefault':
    case 'dropDefault': {
      const c = knownColumn(schemaBefore, op.table, op.column);
      if (!c) return incomplete(`the previous default of ${op.table}.${op.column} is unknown; ${UNKNOWN}`);
      return complete(
        c.default === undefined
          ? { kind: 'dropDefault', table: op.table, column: op.column }
          : { kind: 'setDefault', table: op.table, column: op.column, default: c.default },
      );
    }
    case 'createIndex':
      return complete({ kind: 'dropIndex', name: op.name, table: op.table, columns: [...op.columns] });
    case 'dropIndex': {
      const owner = schemaBefore?.tables.find(
        (t) => (!op.table || t.name === op.table) && t.indexes.some((i) => i.name === op.name),
      );
      const index = owner?.indexes.find((i) => i.name === op.name);
      if (!owner || !index) return incomplete(`the definition of dropped index ${op.name} is unknown; ${UNKNOWN}`);
      return complete(createIndexOp(owner.name, index));
    }
    case 'addForeignKey':
      return complete({ kind: 'dropForeignKey', table: op.table, name: op.name });
    case 'dropForeignKey': {
      const fk = knownTable(schemaBefore, op.table)?.foreignKeys.find((f) => f.name === op.name);
      if (!fk) return incomplete(`the definition of dropped foreign key ${op.name} is unknown; ${UNKNOWN}`);
      return complete(addForeignKeyOp(op.table, fk));
    }
    case 'addCheck':
      return complete({ kind: 'dropCheck', table: op.table, name: op.name });
    case 'dropCheck': {
      const check = knownTable(schemaBefore, op.table)?.checks.find((c) => c.name === op.name);
      if (!check) return incomplete(`the expression of dropped check ${op.name} is unknown; ${UNKNOWN}`);
      return complete({ kind: 'addCheck', table: op.table, name: op.name, expression: check.expression });
    }
    case 'backfill':
      return incomplete(`the backfill overwrites values of ${op.table} (${Object.keys(op.set).join(', ')}); the down cannot restore them`);
    case 'sql':
      return op.down === undefined
        ? incomplete('the raw SQL has no down given')
        : complete({ kind: 'sql', up: op.down });
  }
}

/** Dropping an added column: its foreign key and unique index first, so every dialect accepts the drop. */
function addColumnDown(table: string, column: Column): Operation[] {
  const ops: Operation[] = [];
  if (column.references) {
    ops.push({ kind: 'dropForeignKey', table, name: foreignKeyName(table, [column.name], column.references.table) });
  }
  if (column.unique && !column.primaryKey) {
    const name = indexName(table, [column.name], true);
    ops.push({ kind: 'dropIndex', name, table, columns: [column.name] });
  }
  ops.push({ kind: 'dropColumn', table, column: column.name });
  return ops;
}
