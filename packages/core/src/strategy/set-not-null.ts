/**
 * PostgreSQL SET NOT NULL without its scan under ACCESS EXCLUSIVE: a CHECK (c IS NOT NULL) added
 * NOT VALID and validated online proves the column has no NULLs, and SET NOT NULL (PostgreSQL 12+)
 * then trusts it instead of scanning. The check is dropped afterwards.
 */
import type { Statement } from '../dialects/dialect';
import type { Operation, SetNotNull } from '../model/operations';
import {
  addNotNullCheck,
  dropConstraintIfExists,
  dropNotNull,
  notNullCheckName,
  setNotNull as setNotNullStatement,
  validateConstraint,
} from './postgres-sql';
import { postgresAtLeast } from './server';
import { existedBefore } from './tables';
import type { DraftPhase, Strategy, StrategyContext } from './types';

/** The three phases that make `column` NOT NULL online: constrain, validate, set-not-null. */
export function notNullPhases(ctx: StrategyContext, table: string, column: string): DraftPhase[] {
  const d = ctx.dialect;
  const check = notNullCheckName(table, column);
  const set: Statement[] = [setNotNullStatement(d, table, column), dropConstraintIfExists(d, table, check)];
  return [
    {
      name: 'constrain',
      description: `CHECK (${column} IS NOT NULL) NOT VALID on ${table}: a brief lock, no scan; new writes are checked from now on`,
      up: [addNotNullCheck(d, table, column, check)],
      down: [dropConstraintIfExists(d, table, check)],
      retry: true,
    },
    {
      name: 'validate',
      description: `validate ${check}: scans ${table} under SHARE UPDATE EXCLUSIVE, reads and writes go on`,
      up: [validateConstraint(d, table, check)],
      down: [],
      retry: true,
    },
    {
      name: 'set-not-null',
      description: `SET NOT NULL on ${table}.${column} uses the validated check instead of a scan; the check is then dropped`,
      up: set,
      down: [addNotNullCheck(d, table, column, check), dropNotNull(d, table, column)],
      retry: true,
    },
  ];
}

export const setNotNull: Strategy = {
  id: 'set-not-null',
  matches: (op: Operation, ctx) =>
    ctx.dialect.name === 'postgres' && op.kind === 'setNotNull' && existedBefore(ctx, op.table) && postgresAtLeast(ctx.server, 12),
  phases: (op, ctx) => notNullPhases(ctx, (op as SetNotNull).table, (op as SetNotNull).column),
};
