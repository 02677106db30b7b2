/**
 * MySQL / MariaDB column renames and type changes without breaking the deployed application:
 * - a rename is instant, but the deployed code still reads and writes the old name the moment it
 *   is gone;
 * - a type change the server cannot make in place (string → integer, int → bigint, a narrowing
 *   MODIFY) copies the whole table and blocks writes while it does.
 * Instead, expand-contract (mysql-column-swap.ts): the replacement column beside the old one,
 * kept in step by triggers, filled in batches; the old one dropped after the deploy. Needs the
 * schema (to know the column, its indexes and default); without it, and for columns the swap
 * cannot carry (keys, foreign keys, checks, enums), the online-DDL route stays.
 */
import { fitName } from '../model/naming';
import type { AlterColumnType, Operation, RenameColumn } from '../model/operations';
import { type Column, type Schema, type Table, findColumn, findTable } from '../model/schema';
import { normalizeType, parseType } from '../model/types';
import { swappable } from './expand-contract';
import { type MysqlColumnSwap, columnDefinition, modifiedDefinition, mysqlColumnSwapPhases } from './mysql-column-swap';
import { mysqlAlgorithm } from './mysql-online-ddl';
import { mysqlHas } from './server';
import { existedBefore } from './tables';
import type { Strategy, StrategyContext } from './types';

/** RENAME COLUMN and RENAME INDEX, which the contract uses: MySQL 8.0, MariaDB 10.5.2. */
const RENAMES = { mysql: [8, 0], mariadb: [10, 5, 2] };
/** CAST(... AS DOUBLE / FLOAT): MySQL 8.0.17; MariaDB has them in every version with RENAMES. */
const CAST_FLOATING = { mysql: [8, 0, 17], mariadb: [10, 5, 2] };

const TEXT = new Set(['string', 'text', 'uuid']);
const CAST_TARGETS: Record<string, string> = {
  boolean: 'SIGNED',
  smallint: 'SIGNED',
  integer: 'SIGNED',
  bigint: 'SIGNED',
  float: 'FLOAT',
  double: 'DOUBLE',
  date: 'DATE',
  time: 'TIME',
  timestamp: 'DATETIME',
  timestamptz: 'DATETIME',
};

/**
 * SQL converting a value of `from` to `to` the way the column stores it: the assignment then
 * stores exactly the converted value, so the backfill's "still to copy" test (the stored value
 * equals the converted one) turns false once a row is copied and the batches end. Strict mode
 * makes a value that does not fit fail (CAST('abc' AS SIGNED), a string too long), as the
 * MODIFY would. Text from text is assigned as it is (no character set conversion).
 */
function conversion(ctx: StrategyContext, from: string, to: string): ((e: string) => string) | undefined {
  const source = parseType(from).base;
  const target = parseType(to).base;
  if (TEXT.has(target)) return TEXT.has(source) ? (e) => e : (e) => `CAST(${e} AS CHAR)`;
  if (target === 'decimal') {
    const type = ctx.dialect.renderType(to).toUpperCase();
    return (e) => `CAST(${e} AS ${type})`;
  }
  const cast = CAST_TARGETS[target];
  if (!cast || ((target === 'float' || target === 'double') && !mysqlHas(ctx.server, CAST_FLOATING))) return undefined;
  return (e) => `CAST(${e} AS ${cast})`;
}

/** Types with a conversion both ways (not json, binary, enum: their conversions are not exact). */
function convertible(type: string): boolean {
  const base = parseType(type).base;
  return TEXT.has(base) || base === 'decimal' || base in CAST_TARGETS;
}

/** swappable, and not in a foreign key: MySQL cannot rename one, and rebuilding it would check every row. */
function mysqlSwappable(schema: Schema, table: Table, column: Column): boolean {
  return swappable(schema, table, column) && !table.foreignKeys.some((f) => f.columns.includes(column.name));
}

function target(ctx: StrategyContext, table: string, column: string): { table: Table; column: Column } | undefined {
  const t = ctx.before && findTable(ctx.before, table);
  const c = t && findColumn(t, column);
  if (!ctx.before || !t || !c || !existedBefore(ctx, table) || !mysqlSwappable(ctx.before, t, c)) return undefined;
  return { table: t, column: c };
}

function tempName(table: Table, column: string): string {
  let name = fitName(`${column}_mig_new`);
  for (let i = 2; findColumn(table, name); i++) name = fitName(`${column}_mig_new${i}`);
  return name;
}

function renameSwap(ctx: StrategyContext, op: RenameColumn): MysqlColumnSwap | undefined {
  const found = target(ctx, op.table, op.from);
  if (!found || op.from === op.to || findColumn(found.table, op.to)) return undefined;
  const { table, column } = found;
  const identity = (e: string) => e;
  return {
    table,
    old: column,
    temp: op.to,
    final: op.to,
    type: column.type,
    toNew: identity,
    toOld: identity,
    finalDefinition: columnDefinition(ctx.dialect, table, { ...column, name: op.to }),
    change: `rename ${op.table}.${op.from} to ${op.to}`,
  };
}

/** Only the changes the server would make by copying the table: the others stay one online ALTER. */
function typeChangeSwap(ctx: StrategyContext, op: AlterColumnType): MysqlColumnSwap | undefined {
  const found = target(ctx, op.table, op.column);
  if (!found || normalizeType(found.column.type) === normalizeType(op.type)) return undefined;
  if (mysqlAlgorithm(ctx, op, ctx.before) !== undefined || !convertible(found.column.type) || !convertible(op.type)) return undefined;
  const toNew = conversion(ctx, found.column.type, op.type);
  const toOld = conversion(ctx, op.type, found.column.type);
  if (!toNew || !toOld) return undefined;
  const { table, column } = found;
  return {
    table,
    old: column,
    temp: tempName(table, column.name),
    final: column.name,
    type: normalizeType(op.type),
    toNew,
    toOld,
    // The plain MODIFY's column: the default kept as the dialect keeps it for the new type.
    finalDefinition: modifiedDefinition(ctx.dialect, op.table, ctx.dialect.render(op, { schema: ctx.before! })),
    change: `change ${op.table}.${op.column} from ${column.type} to ${normalizeType(op.type)}`,
  };
}

function swapFor(op: Operation, ctx: StrategyContext): MysqlColumnSwap | undefined {
  if (ctx.dialect.name !== 'mysql' || !ctx.before || !mysqlHas(ctx.server, RENAMES)) return undefined;
  if (op.kind === 'renameColumn') return renameSwap(ctx, op);
  if (op.kind === 'alterColumnType') return typeChangeSwap(ctx, op);
  return undefined;
}

export const mysqlExpandContract: Strategy = {
  id: 'mysql-expand-contract',
  matches: (op, ctx) => swapFor(op, ctx) !== undefined,
  phases: (op, ctx) => mysqlColumnSwapPhases(ctx, swapFor(op, ctx)!),
};
