/**
 * PostgreSQL indexes built and dropped CONCURRENTLY: no lock that blocks writes (SHARE UPDATE
 * EXCLUSIVE), outside any transaction. A failed or cancelled concurrent build leaves an INVALID
 * index behind; every build first drops an index of its name, so running the phase again cleans up.
 */
import type { Statement } from '../dialects/dialect';
import type { CreateIndex, DropIndex, Operation } from '../model/operations';
import type { Index } from '../model/schema';
import { createIndexConcurrently, dropIndexConcurrently } from './postgres-sql';
import { existedBefore } from './tables';
import type { DraftPhase, Strategy, StrategyContext } from './types';

function ownerOf(ctx: StrategyContext, op: DropIndex): { table: string; index: Index } | undefined {
  const owner = ctx.before?.tables.find((t) => (!op.table || t.name === op.table) && t.indexes.some((i) => i.name === op.name));
  const index = owner?.indexes.find((i) => i.name === op.name);
  return owner && index ? { table: owner.name, index } : undefined;
}

function build(ctx: StrategyContext, table: string, index: Index): Statement[] {
  return createIndexConcurrently(ctx.dialect, index.name, table, index.columns, index.unique);
}

function createPhase(ctx: StrategyContext, op: CreateIndex): DraftPhase {
  return {
    name: 'index',
    description: `build ${op.name} on ${op.table} CONCURRENTLY: writes go on; a failed build is cleaned up by running the phase again`,
    up: build(ctx, op.table, { name: op.name, columns: op.columns, unique: op.unique }),
    down: [dropIndexConcurrently(ctx.dialect, op.name)],
    retry: true,
  };
}

/** The down rebuilds the index concurrently when its definition is known; otherwise it cannot. */
function dropPhase(ctx: StrategyContext, op: DropIndex): DraftPhase {
  const owner = ownerOf(ctx, op);
  return {
    name: 'index',
    description: `drop ${op.name} CONCURRENTLY: waits for queries using it instead of blocking them`,
    up: [dropIndexConcurrently(ctx.dialect, op.name)],
    down: owner ? build(ctx, owner.table, owner.index) : [],
    retry: true,
  };
}

export const concurrentIndex: Strategy = {
  id: 'concurrent-index',
  matches: (op: Operation, ctx) => {
    if (ctx.dialect.name !== 'postgres') return false;
    if (op.kind === 'createIndex') return existedBefore(ctx, op.table);
    if (op.kind !== 'dropIndex') return false;
    // Without the schema, CONCURRENTLY still applies; a constraint's index would make it fail, not block.
    if (!ctx.before) return true;
    const owner = ownerOf(ctx, op);
    // A unique index that backs a constraint goes with its constraint (unique-constraint.ts).
    return owner !== undefined && !owner.index.constraint && existedBefore(ctx, owner.table);
  },
  phases: (op, ctx) => [op.kind === 'createIndex' ? createPhase(ctx, op) : dropPhase(ctx, op as DropIndex)],
};
