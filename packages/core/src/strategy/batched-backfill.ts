/**
 * A backfill as one UPDATE holds a lock on every row it changes until it commits, and bloats
 * the table in one go. Batched, it commits every `batchSize` rows: PostgreSQL walks the primary
 * key; MySQL repeats UPDATE ... LIMIT on the rows that do not hold the value yet, so values must
 * be constants there (an expression may differ on every run and never finish).
 */
import type { Backfill, Operation } from '../model/operations';
import { isSqlExpression } from '../model/schema';
import { backfillStatement, singleKey } from './backfill';
import { postgresAtLeast } from './server';
import { existedBefore, tableBefore } from './tables';
import type { Strategy, StrategyContext } from './types';

function keyed(ctx: StrategyContext, op: Backfill): boolean {
  return singleKey(tableBefore(ctx, op.table)) !== undefined && postgresAtLeast(ctx.server, 11);
}

function constants(op: Backfill): boolean {
  return Object.values(op.set).every((v) => v !== null && !isSqlExpression(v));
}

/** The rows still to update: those the WHERE selects that do not hold every value yet (MySQL's <=> is NULL-safe). */
function pending(ctx: StrategyContext, op: Backfill): string {
  const where = op.where === undefined ? [] : [`(${op.where})`];
  if (ctx.dialect.name !== 'mysql') return where[0] ?? 'true';
  const differs = Object.entries(op.set).map(([c, v]) => `${ctx.dialect.quoteIdent(c)} <=> ${ctx.dialect.renderValue(v)}`);
  return [...where, `NOT (${differs.join(' AND ')})`].join(' AND ');
}

export const batchedBackfill: Strategy = {
  id: 'batched-backfill',
  matches: (op: Operation, ctx) =>
    op.kind === 'backfill' &&
    existedBefore(ctx, op.table) &&
    ((ctx.dialect.name === 'postgres' && keyed(ctx, op)) || (ctx.dialect.name === 'mysql' && constants(op))),
  phases: (op, ctx) => {
    const backfill = op as Backfill;
    return [
      {
        name: 'backfill',
        description: `update ${backfill.table} (${Object.keys(backfill.set).join(', ')}) in batches of ${ctx.batchSize} rows, each committed`,
        up: [
          backfillStatement(ctx, {
            table: backfill.table,
            set: Object.entries(backfill.set).map(([c, v]) => [c, ctx.dialect.renderValue(v)]),
            pending: pending(ctx, backfill),
            key: singleKey(tableBefore(ctx, backfill.table)),
            label: `${backfill.table}.${Object.keys(backfill.set).join(',')}`,
          }),
        ],
        // The values it overwrote are gone (the plain backfill's down is incomplete too).
        down: [],
        retry: true,
      },
    ];
  },
};
