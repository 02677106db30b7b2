/**
 * Zero-downtime phases: the plan's operations turned into phases that each run on their own
 * (a migration file each where the framework needs one), with their transaction mode, session
 * timeouts and retry policy. One strategy per file; the first in STRATEGIES that matches an
 * operation designs its phases, and an operation none matches runs as plain statements.
 */
import type { Dialect, Statement } from '../dialects/dialect';
import { MigError } from '../errors';
import { applyOperation } from '../model/apply';
import { describeOperation } from '../model/describe';
import { foreignKeyName, indexName } from '../model/naming';
import type { Operation } from '../model/operations';
import type { Schema } from '../model/schema';
import { addNotNullColumn } from './add-not-null-column';
import { batchedBackfill } from './batched-backfill';
import { blueGreen } from './blue-green';
import { concurrentIndex } from './concurrent-index';
import { deferredDrop } from './deferred-drop';
import { expandContractRename } from './expand-contract-rename';
import { expandContractTypeChange } from './expand-contract-type-change';
import { mysqlExpandContract } from './mysql-expand-contract';
import { mysqlOnlineDdl } from './mysql-online-ddl';
import { notValidConstraint } from './not-valid-constraint';
import { renderOperation } from './render';
import { serverVersion } from './server';
import { type SessionLimits, reportedStatementTimeout, withSessionLimits } from './session';
import { setNotNull } from './set-not-null';
import { existedBefore } from './tables';
import type { DesignOptions, DraftPhase, PhaseSpec, Strategy, StrategyContext } from './types';
import { uniqueConstraint } from './unique-constraint';

export type { DesignOptions, PhaseSpec, Strategy } from './types';

/** In order: the first that matches an operation wins, so the specific come before the general. */
export const STRATEGIES: readonly Strategy[] = registry([
  uniqueConstraint,
  concurrentIndex,
  addNotNullColumn,
  notValidConstraint,
  setNotNull,
  blueGreen,
  expandContractTypeChange,
  expandContractRename,
  mysqlExpandContract,
  deferredDrop,
  batchedBackfill,
  mysqlOnlineDdl,
]);

function registry(strategies: Strategy[]): readonly Strategy[] {
  const seen = new Set<string>();
  for (const s of strategies) {
    if (seen.has(s.id)) throw new MigError(`strategy ${s.id} is registered twice`, { code: 'DUPLICATE_STRATEGY' });
    seen.add(s.id);
  }
  return strategies;
}

export const DEFAULTS = { batchSize: 10_000, pauseMs: 100, batchTimeMs: 30, lockTimeoutMs: 5_000 };
/** A phase that hits its lock timeout is run again, after 1 s, 2 s, 4 s, 8 s. */
export const RETRY = { attempts: 5, backoffMs: 1_000 };

/** The operations with their schema threaded through: each rendered against the schema it meets. */
function plainStatements(dialect: Dialect, ops: Operation[], schema: Schema | undefined): { up: Statement[]; down: Statement[] } {
  const up: Statement[] = [];
  const downs: Statement[][] = [];
  let current = schema;
  for (const op of ops) {
    const rendered = renderOperation(dialect, op, current);
    up.push(...rendered.up);
    downs.push(rendered.down);
    current = rendered.after;
  }
  return { up, down: downs.reverse().flat() };
}

/** Without zero-downtime (or on SQLite): the whole change as one phase, as the planner renders it. */
function singlePhase(ops: Operation[], options: DesignOptions): PhaseSpec {
  const { up, down } = plainStatements(options.dialect, ops, options.schema);
  return {
    name: 'migrate',
    description: 'the whole change as plain statements',
    transactional: options.dialect.supportsTransactionalDdl,
    up,
    down,
  };
}

/**
 * A column added to an existing table with `unique` or `references` becomes the column, then the
 * index, then the foreign key — the same names the model gives them — so each gets its own
 * online strategy (and the index and key come after the column's backfill).
 */
function decompose(op: Operation, ctx: StrategyContext): Operation[] {
  if (op.kind !== 'addColumn' || !existedBefore(ctx, op.table)) return [op];
  const { unique, references, ...column } = op.column;
  const uniqueIndex = unique && !column.primaryKey;
  if (!uniqueIndex && !references) return [op];
  const out: Operation[] = [{ ...op, column }];
  if (uniqueIndex) {
    out.push({ kind: 'createIndex', table: op.table, columns: [column.name], unique: true, name: indexName(op.table, [column.name], true) });
  }
  if (references) {
    out.push({
      kind: 'addForeignKey',
      table: op.table,
      columns: [column.name],
      refTable: references.table,
      refColumns: [references.column],
      ...(references.onDelete ? { onDelete: references.onDelete } : {}),
      name: foreignKeyName(op.table, [column.name], references.table),
    });
  }
  return out;
}

const runsAlone = (s: Statement) => !s.transactional || s.batch !== undefined;

function plainDraft(op: Operation, ctx: StrategyContext): DraftPhase {
  const rendered = renderOperation(ctx.dialect, op, ctx.before);
  return {
    name: 'migrate',
    description:
      op.kind === 'createTable' || ctx.created.has(tableOf(op) ?? '')
        ? `${describeOperation(op)} (a table new in this plan: plain statements)`
        : `${describeOperation(op)} (plain statements)`,
    up: rendered.up,
    down: rendered.down,
    // Safe to run again: one transaction, or a single statement.
    retry: (ctx.dialect.supportsTransactionalDdl && !rendered.up.some(runsAlone)) || rendered.up.length === 1,
  };
}

function tableOf(op: Operation): string | undefined {
  if (op.kind === 'renameTable') return op.from;
  return 'table' in op ? op.table : undefined;
}

/** Tables the plan creates are empty while it runs: plain DDL on them blocks nobody. */
function trackCreated(created: Set<string>, op: Operation): void {
  if (op.kind === 'createTable') created.add(op.table);
  if (op.kind === 'dropTable') created.delete(op.table);
  if (op.kind === 'renameTable' && created.delete(op.from)) created.add(op.to);
}

/**
 * Adjacent phases of the same kind run as one: plain statements (one transaction, as the planner
 * would run them), and phases whose statements each run on their own anyway. Phases with
 * transactions of their own stay apart, so no transaction holds two tables' locks.
 */
function mergeable(a: DraftPhase, b: DraftPhase): boolean {
  if (a.name !== b.name || Boolean(a.afterDeploy) !== Boolean(b.afterDeploy)) return false;
  return a.name === 'migrate' || (a.up.every(runsAlone) && b.up.every(runsAlone));
}

function merge(drafts: DraftPhase[]): DraftPhase[] {
  const out: DraftPhase[] = [];
  for (const d of drafts) {
    const last = out[out.length - 1];
    if (!last || !mergeable(last, d)) {
      out.push({ ...d });
      continue;
    }
    last.description = last.description === d.description ? last.description : `${last.description}; ${d.description}`;
    last.up = [...last.up, ...d.up];
    last.down = [...d.down, ...last.down];
    // Merged plain statements stay safe to run again only in one transaction; the other merged
    // kinds (concurrent builds, validations, backfills) are each safe to run again.
    last.retry = Boolean(last.retry && d.retry) && (last.name !== 'migrate' || !last.up.some(runsAlone));
    const guides = [last.guide, d.guide].filter((g): g is string => g !== undefined);
    if (guides.length) last.guide = guides.join('\n\n');
  }
  return out;
}

/** expand, backfill, expand-2, ...: names that can name migration files. */
function uniqueNames(drafts: DraftPhase[]): DraftPhase[] {
  const count = new Map<string, number>();
  return drafts.map((d) => {
    const n = (count.get(d.name) ?? 0) + 1;
    count.set(d.name, n);
    return n === 1 ? d : { ...d, name: `${d.name}-${n}` };
  });
}

function finalize(draft: DraftPhase, dialect: Dialect, limits: SessionLimits): PhaseSpec {
  const transactional = dialect.supportsTransactionalDdl && draft.up.length > 0 && !draft.up.some(runsAlone);
  const statementTimeoutMs = reportedStatementTimeout(dialect.name, draft.up, limits);
  return {
    name: draft.name,
    description: draft.description,
    transactional,
    lockTimeoutMs: limits.lockTimeoutMs,
    ...(statementTimeoutMs === undefined ? {} : { statementTimeoutMs }),
    ...(draft.retry ? { retry: { ...RETRY } } : {}),
    ...(draft.afterDeploy ? { afterDeploy: true } : {}),
    ...(draft.guide ? { guide: draft.guide } : {}),
    up: withSessionLimits(dialect.name, draft.up, limits),
    down: withSessionLimits(dialect.name, draft.down, limits),
  };
}

/**
 * The phases of a plan. With `zeroDowntime` off, or on SQLite, one phase 'migrate' holding the
 * planner's statements. Otherwise each operation goes to the first strategy that matches it; the
 * schema (when known) is carried from one operation to the next.
 */
export function designPhases(ops: Operation[], options: DesignOptions): PhaseSpec[] {
  const { dialect } = options;
  if (!options.zeroDowntime || dialect.name === 'sqlite') return [singlePhase(ops, options)];
  const limits: SessionLimits = {
    lockTimeoutMs: options.lockTimeoutMs ?? DEFAULTS.lockTimeoutMs,
    ...(options.statementTimeoutMs === undefined ? {} : { statementTimeoutMs: options.statementTimeoutMs }),
  };
  const server = serverVersion(dialect.name, options.version);
  const created = new Set<string>();
  const drafts: DraftPhase[] = [];
  let schema = options.schema;
  for (const op of ops) {
    const base = {
      dialect,
      server,
      created,
      batchSize: options.batchSize ?? DEFAULTS.batchSize,
      pauseMs: options.pauseMs ?? DEFAULTS.pauseMs,
      batchTimeMs: options.batchTimeMs ?? DEFAULTS.batchTimeMs,
    };
    for (const sub of decompose(op, schema ? { ...base, before: schema } : base)) {
      const ctx: StrategyContext = schema ? { ...base, before: schema } : base;
      const strategy = STRATEGIES.find((s) => s.matches(sub, ctx));
      drafts.push(...(strategy ? strategy.phases(sub, ctx) : [plainDraft(sub, ctx)]));
      schema = schema ? applyOperation(schema, sub) : undefined;
      trackCreated(created, sub);
    }
  }
  return uniqueNames(merge(drafts)).map((d) => finalize(d, dialect, limits));
}
