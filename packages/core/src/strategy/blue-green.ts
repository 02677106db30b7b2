/**
 * Changes too large for a phased plan on a large PostgreSQL table: a type change of a primary-key
 * column, or of a column other tables' foreign keys reference — every referencing key and index
 * would be rebuilt under lock with it. The phase keeps the in-place statements (for a maintenance
 * window) and its guide gives the blue-green procedure: build the new table beside the old one,
 * replicate into it, switch, keep the old one for rollback.
 */
import type { AlterColumnType, Operation } from '../model/operations';
import { findColumn, findTable } from '../model/schema';
import { normalizeType } from '../model/types';
import { rewritesTable } from './expand-contract-type-change';
import { blueGreenGuide } from './guides';
import { renderOperation } from './render';
import { existedBefore, tableBefore, tableSize } from './tables';
import type { Strategy, StrategyContext } from './types';

function keyColumn(ctx: StrategyContext, op: AlterColumnType): boolean {
  const table = ctx.before && findTable(ctx.before, op.table);
  if (!ctx.before || !table || !findColumn(table, op.column)) return false;
  const referenced = ctx.before.tables.some((t) =>
    t.foreignKeys.some((f) => f.refTable === op.table && f.refColumns.includes(op.column)),
  );
  return table.primaryKey.includes(op.column) || referenced;
}

export const blueGreen: Strategy = {
  id: 'blue-green',
  matches: (op: Operation, ctx) => {
    if (ctx.dialect.name !== 'postgres' || op.kind !== 'alterColumnType' || !existedBefore(ctx, op.table)) return false;
    const column = tableBefore(ctx, op.table)?.columns.find((c) => c.name === op.column);
    return (
      column !== undefined &&
      keyColumn(ctx, op) &&
      rewritesTable(column.type, op.type) &&
      tableSize(ctx, op.table) !== 'small'
    );
  },
  phases: (op, ctx) => {
    const change = op as AlterColumnType;
    const rendered = renderOperation(ctx.dialect, change, ctx.before);
    const what = `change key column ${change.table}.${change.column} to ${normalizeType(change.type)}`;
    return [
      {
        name: 'blue-green',
        description: `${what}: too large to change in place online; follow the guide (these statements rewrite the table under lock)`,
        up: rendered.up,
        down: rendered.down,
        retry: true,
        guide: blueGreenGuide(
          ctx.dialect,
          tableBefore(ctx, change.table),
          change.table,
          what,
          rendered.up.map((s) => s.sql),
          ctx.batchSize,
        ),
      },
    ];
  },
};
