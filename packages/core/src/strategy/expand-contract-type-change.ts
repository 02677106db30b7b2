/**
 * A PostgreSQL column type change that rewrites the table (int → bigint, text → integer, ...)
 * holds ACCESS EXCLUSIVE for the whole rewrite and index rebuild. Instead, expand-contract: a
 * replacement column of the new type beside the old one, kept in step by a trigger, filled in
 * batches, its indexes built concurrently; the contract (after the deploy of code that reads the
 * new type) swaps the two in one short transaction. Changes PostgreSQL makes without a rewrite
 * (varchar widening, varchar → text, numeric precision up) stay a plain ALTER.
 */
import type { Statement } from '../dialects/dialect';
import { fitName } from '../model/naming';
import type { AlterColumnType, Operation } from '../model/operations';
import { type Column, type Table, findColumn, findTable } from '../model/schema';
import { normalizeType, parseType } from '../model/types';
import { type ColumnSwap, expandContractPhases, swappable } from './expand-contract';
import { existedBefore } from './tables';
import type { Strategy, StrategyContext } from './types';

/** Whether PostgreSQL must rewrite the table for this change (false: a binary-coercible, catalog-only change). */
export function rewritesTable(fromType: string, toType: string): boolean {
  if (normalizeType(fromType) === normalizeType(toType)) return false;
  const from = parseType(fromType);
  const to = parseType(toType);
  if (from.base === 'string' && to.base === 'text') return false;
  if (from.base === 'string' && to.base === 'string') return (to.length ?? 0) < (from.length ?? 0);
  if (from.base === 'decimal' && to.base === 'decimal') {
    if (to.precision === undefined) return false;
    return from.precision === undefined || to.precision < from.precision || (to.scale ?? 0) !== (from.scale ?? 0);
  }
  return true;
}

/**
 * A value converted the way the dialect's ALTER ... USING converts it: to text for a varchar
 * target (the assignment then raises on a value too long, where a cast would cut it).
 */
function cast(ctx: StrategyContext, type: string): (e: string) => string {
  const sqlType = ctx.dialect.renderType(type);
  return parseType(type).base === 'string' ? (e) => `${e}::text` : (e) => `${e}::${sqlType}`;
}

function tempName(table: Table, column: string): string {
  let name = fitName(`${column}_mig_new`);
  for (let i = 2; findColumn(table, name); i++) name = fitName(`${column}_mig_new${i}`);
  return name;
}

/** The default the plain route gives the column after the change, in the new type (the dialect decides). */
function defaultAfterChange(ctx: StrategyContext, op: AlterColumnType): Statement[] {
  const prefix = `ALTER TABLE ${ctx.dialect.quoteIdent(op.table)} ALTER COLUMN ${ctx.dialect.quoteIdent(op.column)} SET DEFAULT `;
  return ctx.dialect
    .render(op, { schema: ctx.before! })
    .filter((s) => s.sql.startsWith(prefix))
    .map((s) => ({ ...s, transactional: true }));
}

function target(ctx: StrategyContext, op: AlterColumnType): { table: Table; column: Column } | undefined {
  const table = ctx.before && findTable(ctx.before, op.table);
  const column = table && findColumn(table, op.column);
  return table && column ? { table, column } : undefined;
}

function swapFor(ctx: StrategyContext, op: AlterColumnType): ColumnSwap {
  const { table, column } = target(ctx, op)!;
  return {
    table,
    old: column,
    temp: tempName(table, column.name),
    final: column.name,
    type: op.type,
    toNew: cast(ctx, op.type),
    toOld: cast(ctx, column.type),
    finalDefault: defaultAfterChange(ctx, op),
    change: `change ${op.table}.${op.column} from ${column.type} to ${normalizeType(op.type)}`,
  };
}

export const expandContractTypeChange: Strategy = {
  id: 'expand-contract-type-change',
  matches: (op: Operation, ctx) => {
    if (ctx.dialect.name !== 'postgres' || op.kind !== 'alterColumnType' || !existedBefore(ctx, op.table)) return false;
    const found = target(ctx, op);
    return (
      found !== undefined &&
      parseType(op.type).base !== 'enum' &&
      rewritesTable(found.column.type, op.type) &&
      swappable(ctx.before!, found.table, found.column)
    );
  },
  phases: (op, ctx) => expandContractPhases(ctx, swapFor(ctx, op as AlterColumnType)),
};
