/**
 * PostgreSQL foreign keys and checks in two steps: `ADD CONSTRAINT ... NOT VALID` (a moment's
 * lock; new writes are checked from then on), then `VALIDATE CONSTRAINT` in a transaction of its
 * own, which scans under SHARE UPDATE EXCLUSIVE while reads and writes go on.
 */
import type { AddCheck, AddForeignKey, Operation } from '../model/operations';
import { dropConstraintIfExists, notValid, validateConstraint } from './postgres-sql';
import { renderOperation } from './render';
import { existedBefore } from './tables';
import type { DraftPhase, Strategy, StrategyContext } from './types';

function phases(ctx: StrategyContext, op: AddForeignKey | AddCheck): DraftPhase[] {
  const d = ctx.dialect;
  const what = op.kind === 'addForeignKey' ? `foreign key ${op.name} (${op.table} → ${op.refTable})` : `check ${op.name} on ${op.table}`;
  const locks = op.kind === 'addForeignKey' && op.refTable !== op.table ? `${op.table} and ${op.refTable}` : op.table;
  return [
    {
      name: 'constrain',
      description: `add ${what} NOT VALID: a brief lock on ${locks}, no scan; new writes are checked from now on`,
      up: [notValid(renderOperation(d, op, ctx.before).up)],
      down: [dropConstraintIfExists(d, op.table, op.name)],
      retry: true,
    },
    {
      name: 'validate',
      description: `validate ${op.name}: scans ${op.table} under SHARE UPDATE EXCLUSIVE, reads and writes go on`,
      up: [validateConstraint(d, op.table, op.name)],
      down: [],
      retry: true,
    },
  ];
}

export const notValidConstraint: Strategy = {
  id: 'not-valid-constraint',
  matches: (op: Operation, ctx) =>
    ctx.dialect.name === 'postgres' && (op.kind === 'addForeignKey' || op.kind === 'addCheck') && existedBefore(ctx, op.table),
  phases: (op, ctx) => phases(ctx, op as AddForeignKey | AddCheck),
};
