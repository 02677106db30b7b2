/**
 * PostgreSQL UNIQUE constraints without a build under lock: the unique index is built
 * CONCURRENTLY first, then `ADD CONSTRAINT ... UNIQUE USING INDEX` adopts it (catalog only). No
 * operation creates a UNIQUE constraint (createIndex makes an index); this is how the down of
 * dropping a constraint-backed unique index restores the constraint.
 */
import type { Dialect, Statement } from '../dialects/dialect';
import type { DropIndex, Operation } from '../model/operations';
import { addUniqueUsingIndex, createIndexConcurrently } from './postgres-sql';
import { ModelCursor } from './render';
import { existedBefore } from './tables';
import type { Strategy, StrategyContext } from './types';

/** The statements that add a UNIQUE constraint online: concurrent unique index, then the constraint on it. */
export function addUniqueConstraintOnline(d: Dialect, table: string, name: string, columns: string[]): Statement[] {
  return [...createIndexConcurrently(d, name, table, columns, true), addUniqueUsingIndex(d, table, name)];
}

function constraintOwner(ctx: StrategyContext, op: DropIndex) {
  const owner = ctx.before?.tables.find((t) => (!op.table || t.name === op.table) && t.indexes.some((i) => i.name === op.name));
  const index = owner?.indexes.find((i) => i.name === op.name);
  return owner && index?.constraint ? { table: owner.name, columns: index.columns } : undefined;
}

export const uniqueConstraint: Strategy = {
  id: 'unique-constraint',
  matches: (op: Operation, ctx) => {
    if (ctx.dialect.name !== 'postgres' || op.kind !== 'dropIndex') return false;
    const owner = constraintOwner(ctx, op);
    return owner !== undefined && existedBefore(ctx, owner.table);
  },
  phases: (op, ctx) => {
    const drop = op as DropIndex;
    const owner = constraintOwner(ctx, drop)!;
    return [
      {
        name: 'migrate',
        description: `drop the UNIQUE constraint ${drop.name} of ${owner.table}; its down rebuilds the index concurrently`,
        up: new ModelCursor(ctx.dialect, ctx.before).render(drop).up,
        down: addUniqueConstraintOnline(ctx.dialect, owner.table, drop.name, owner.columns),
        retry: true,
      },
    ];
  },
};
