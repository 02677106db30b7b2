import { applyOperation, mentionsColumn } from './apply';
import type { Operation } from './operations';
import { type Schema, findTable } from './schema';

/**
 * With a known schema, a dropped column's dependents (indexes, foreign keys, checks that use it) are
 * dropped explicitly first: every dialect then accepts the drop, and each has an exact inverse.
 */
export function expandDependents(ops: Operation[], schema: Schema | undefined): Operation[] {
  if (!schema) return ops;
  const out: Operation[] = [];
  let current = schema;
  for (const op of ops) {
    const expanded: Operation[] = [];
    if (op.kind === 'dropColumn') {
      const t = findTable(current, op.table);
      if (t) {
        for (const check of t.checks.filter((c) => mentionsColumn(c.expression, op.column))) {
          expanded.push({ kind: 'dropCheck', table: t.name, name: check.name });
        }
        for (const fk of t.foreignKeys.filter((f) => f.columns.includes(op.column))) {
          expanded.push({ kind: 'dropForeignKey', table: t.name, name: fk.name });
        }
        for (const index of t.indexes.filter((i) => i.columns.includes(op.column))) {
          expanded.push({ kind: 'dropIndex', name: index.name, table: t.name, columns: [...index.columns] });
        }
      }
    }
    if (op.kind === 'dropIndex' && op.table && op.columns) {
      // "remove index on users.email" names the columns: resolve the index the table really has.
      const t = findTable(current, op.table);
      const cols = op.columns.join(',');
      const byName = t?.indexes.find((i) => i.name === op.name);
      const byColumns = t?.indexes.find((i) => i.columns.join(',') === cols);
      if (!byName && byColumns) {
        expanded.push({ ...op, name: byColumns.name });
        current = expanded.reduce(applyOperation, current);
        out.push(...expanded);
        continue;
      }
    }
    expanded.push(op);
    current = expanded.reduce(applyOperation, current);
    out.push(...expanded);
  }
  return out;
}

