import type { Dialect, Statement } from '../dialects/dialect';
import { applyOperation } from '../model/apply';
import { expandDependents } from '../model/dependents';
import { describeOperation } from '../model/describe';
import { invert } from '../model/invert';
import { type Operation, isDestructive } from '../model/operations';
import type { Schema } from '../model/schema';
import { parseDescription } from '../grammar';
import type { Estimate, LockFact } from '../safety/types';
import { type Finding, PLAN_FINDINGS } from './findings';

export interface Phase {
  name: string;
  /** the phase's transactional statements run in one transaction */
  transactional: boolean;
  up: string[];
  down: string[];
}

export interface StatementAnalysis {
  sql: string;
  transactional: boolean;
  rewrite?: boolean;
  scan?: boolean;
  locks?: LockFact[];
  estimate?: Estimate;
}

export interface Analysis {
  risk: 'low' | 'medium' | 'high';
  reversible: boolean;
  dataLoss: boolean;
  findings: Finding[];
  statements: StatementAnalysis[];
}

/** The `mig plan --json` contract (ARCHITECTURE.md); key order is part of it. */
export interface Plan {
  description: string;
  dialect: string;
  operations: Operation[];
  phases: Phase[];
  up: string[];
  down: string[];
  analysis: Analysis;
}

export { expandDependents };

export interface PlanOptions {
  dialect: Dialect;
  /** the schema before the change, when known (`--schema-from`, `--db`) */
  schema?: Schema;
}

/** Everything the planner derives for one operation: its SQL both ways and whether the down is whole. */
interface PlannedOperation {
  op: Operation;
  up: Statement[];
  down: Statement[];
  downComplete: boolean;
  downReason?: string;
}

function planOperation(op: Operation, dialect: Dialect, before: Schema | undefined): PlannedOperation {
  const up = dialect.render(op, before ? { schema: before } : {});
  const inverse = invert(op, before);
  let after = before ? applyOperation(before, op) : undefined;
  const down: Statement[] = [];
  for (const inv of inverse.ops) {
    down.push(...dialect.render(inv, after ? { schema: after } : {}));
    after = after ? applyOperation(after, inv) : undefined;
  }
  return {
    op,
    up,
    down,
    downComplete: inverse.complete,
    ...(inverse.reason ? { downReason: inverse.reason } : {}),
  };
}

/** A backfill of columns the same plan adds is undone by dropping them: its down is complete. */
function backfillOfAddedColumns(op: Operation, earlier: Operation[]): boolean {
  if (op.kind !== 'backfill') return false;
  const added = new Set(
    earlier.flatMap((e) =>
      e.kind === 'addColumn'
        ? [`${e.table}.${e.column.name}`]
        : e.kind === 'createTable'
          ? e.columns.map((c) => `${e.table}.${c.name}`)
          : [],
    ),
  );
  return Object.keys(op.set).every((c) => added.has(`${op.table}.${c}`));
}

function riskOf(ops: Operation[], reversible: boolean, dataLoss: boolean): Analysis['risk'] {
  if (dataLoss) return 'high';
  const breaking = ops.some((o) =>
    ['renameTable', 'renameColumn', 'alterColumnType', 'setNotNull', 'backfill', 'sql'].includes(o.kind),
  );
  return breaking || !reversible ? 'medium' : 'low';
}

function compile(parsed: Operation[], options: PlanOptions): { operations: Operation[]; planned: PlannedOperation[] } {
  const operations = expandDependents(parsed, options.schema);
  const planned: PlannedOperation[] = [];
  let schema = options.schema;
  for (const op of operations) {
    planned.push(planOperation(op, options.dialect, schema));
    schema = schema ? applyOperation(schema, op) : undefined;
  }
  return { operations, planned };
}

/** Plan operations (already parsed) for a dialect: SQL up and down, phases, and the minimal analysis. */
export function planOperations(description: string, parsed: Operation[], options: PlanOptions): Plan {
  const { dialect } = options;
  const { operations, planned } = compile(parsed, options);
  const findings: Finding[] = [];
  planned.forEach((p, i) => {
    if (!p.downComplete && backfillOfAddedColumns(p.op, operations.slice(0, i))) p.downComplete = true;
    if (!p.downComplete) {
      findings.push({
        ...PLAN_FINDINGS.downIncomplete,
        message: `the down of "${describeOperation(p.op)}" is incomplete: ${p.downReason ?? 'it cannot be inverted'}`,
        fix: 'pass --schema-from or --db, or write the down by hand and review it',
      });
    }
    if (isDestructive(p.op)) {
      findings.push({
        ...PLAN_FINDINGS.dataLoss,
        message: `"${describeOperation(p.op)}" deletes data; the down recreates the structure, not the rows`,
        fix: 'back up the data first, and deploy code that no longer reads it before running this',
      });
    }
  });
  const up = planned.flatMap((p) => p.up);
  const down = [...planned].reverse().flatMap((p) => p.down);
  const reversible = planned.every((p) => p.downComplete);
  const dataLoss = operations.some(isDestructive);
  return {
    description,
    dialect: dialect.name,
    operations,
    phases: [
      {
        name: 'migrate',
        transactional: dialect.supportsTransactionalDdl,
        up: up.map((s) => s.sql),
        down: down.map((s) => s.sql),
      },
    ],
    up: up.map((s) => s.sql),
    down: down.map((s) => s.sql),
    analysis: {
      risk: riskOf(operations, reversible, dataLoss),
      reversible,
      dataLoss,
      findings,
      statements: up.map((s) => ({ sql: s.sql, transactional: s.transactional })),
    },
  };
}

/** Parse a change description and plan it. Throws MigError for input it refuses. */
export function plan(description: string, options: PlanOptions): Plan {
  const ops = parseDescription(description, { maxIdentifierLength: options.dialect.maxIdentifierLength });
  return planOperations(description, ops, options);
}

/** The statements of a plan in one direction, with their transactional flags (for executing them). */
export function planStatements(parsed: Operation[], options: PlanOptions): { up: Statement[]; down: Statement[] } {
  const { planned } = compile(parsed, options);
  return { up: planned.flatMap((p) => p.up), down: [...planned].reverse().flatMap((p) => p.down) };
}
