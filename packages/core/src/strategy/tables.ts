import { type DefaultValue, type Table, findTable, isSqlExpression } from '../model/schema';
import type { StrategyContext } from './types';

/** A table this large gets the external-tool route (gh-ost, pt-online-schema-change, blue-green). */
export const LARGE_TABLE = { rows: 1_000_000, bytes: 1024 ** 3 };

export function tableBefore(ctx: StrategyContext, name: string): Table | undefined {
  return ctx.before && findTable(ctx.before, name);
}

/** The table existed before this plan, so it may hold rows and serve traffic while the plan runs. */
export function existedBefore(ctx: StrategyContext, table: string): boolean {
  return !ctx.created.has(table);
}

/**
 * large: over a million rows or a gigabyte; small: a known row count below that; unknown: no row
 * count (no statistics, or a table never analysed) — pass --db for them.
 */
export function tableSize(ctx: StrategyContext, table: string): 'large' | 'small' | 'unknown' {
  const stats = tableBefore(ctx, table)?.stats;
  if ((stats?.rows ?? 0) > LARGE_TABLE.rows || (stats?.bytes ?? 0) > LARGE_TABLE.bytes) return 'large';
  return stats?.rows === null || stats?.rows === undefined ? 'unknown' : 'small';
}

/** Defaults every existing row can share without evaluating anything per row. */
const CONSTANT_EXPRESSIONS = new Set([
  'current_timestamp',
  'current_date',
  'current_time',
  'localtimestamp',
  'localtime',
  'now()',
  'transaction_timestamp()',
]);

/**
 * A default that must be evaluated for each existing row (gen_random_uuid(), uuid(), random(),
 * clock_timestamp(), nextval(...)): adding a column with it rewrites the table. Expressions not on
 * the list of per-statement constants count as per-row — the safe assumption.
 */
export function isPerRowDefault(value: DefaultValue | undefined): boolean {
  return isSqlExpression(value) && !CONSTANT_EXPRESSIONS.has(value.sql.trim().toLowerCase());
}
