/**
 * Renames without breaking the deployed application, which still uses the old name:
 * - a column (PostgreSQL): expand-contract — the new column beside the old one, kept in step by a
 *   trigger, filled in batches; the old one dropped after the deploy;
 * - a table: an updatable view bridges the two names until the deploy (PostgreSQL: the old name,
 *   as a view over the renamed table; MySQL/MariaDB: the new name, as a view over the old table).
 */
import type { Operation, RenameColumn, RenameTable } from '../model/operations';
import { fitName } from '../model/naming';
import { findColumn, findTable } from '../model/schema';
import { type ColumnSwap, expandContractPhases, swappable } from './expand-contract';
import { ModelCursor, inTransaction, onItsOwn, withTransactional } from './render';
import { existedBefore } from './tables';
import type { DraftPhase, Strategy, StrategyContext } from './types';

function columnSwap(ctx: StrategyContext, op: RenameColumn): ColumnSwap | undefined {
  const table = ctx.before && findTable(ctx.before, op.table);
  const old = table && findColumn(table, op.from);
  if (!ctx.before || !table || !old || !swappable(ctx.before, table, old)) return undefined;
  const identity = (e: string) => e;
  return {
    table,
    old,
    temp: op.to,
    final: op.to,
    type: old.type,
    toNew: identity,
    toOld: identity,
    finalDefault:
      old.default === undefined
        ? []
        : withTransactional(ctx.dialect.render({ kind: 'setDefault', table: op.table, column: op.to, default: old.default }, {}), true),
    change: `rename ${op.table}.${op.from} to ${op.to}`,
  };
}

/**
 * PostgreSQL: the rename and a view under the old name in one transaction, so the deployed code
 * never finds the name missing. A simple view reads and writes through to the table (INSERTs get
 * the table's defaults); it lists the columns the table has now — columns added later are
 * reachable under the new name only.
 */
function postgresRenameTable(ctx: StrategyContext, op: RenameTable): DraftPhase[] {
  const d = ctx.dialect;
  const rename = new ModelCursor(d, ctx.before).render(op);
  const createView = inTransaction(`CREATE VIEW ${d.quoteIdent(op.from)} AS SELECT * FROM ${d.quoteIdent(op.to)}`);
  const dropView = inTransaction(`DROP VIEW IF EXISTS ${d.quoteIdent(op.from)}`);
  return [
    {
      name: 'expand',
      description: `rename ${op.from} to ${op.to}, with an updatable view named ${op.from} for the deployed application`,
      up: withTransactional([...rename.up, createView], true),
      down: withTransactional([dropView, ...rename.down], true),
      retry: true,
    },
    {
      name: 'contract',
      description: `drop the view ${op.from}. Run this only after the application using ${op.to} is deployed`,
      afterDeploy: true,
      up: [dropView],
      down: [createView],
      retry: true,
    },
  ];
}

/**
 * MySQL / MariaDB have no transactional DDL, and a view cannot be created for a table that does
 * not exist yet: the view comes first, under the new name, and the contract swaps it for the
 * table in one atomic RENAME TABLE.
 */
function mysqlRenameTable(ctx: StrategyContext, op: RenameTable): DraftPhase[] {
  const d = ctx.dialect;
  const q = (n: string) => d.quoteIdent(n);
  const parked = fitName(`${op.to}_mig_view`);
  const createView = onItsOwn(`CREATE VIEW ${q(op.to)} AS SELECT * FROM ${q(op.from)}`);
  return [
    {
      name: 'expand',
      description: `an updatable view ${op.to} over ${op.from}, for the application deployed next`,
      up: [createView],
      down: [onItsOwn(`DROP VIEW IF EXISTS ${q(op.to)}`)],
      retry: true,
    },
    {
      name: 'contract',
      description:
        `swap the view ${op.to} for the table ${op.from}, renamed to ${op.to}, in one atomic RENAME TABLE. ` +
        `Run this only after the application using ${op.to} is deployed`,
      afterDeploy: true,
      up: [onItsOwn(`RENAME TABLE ${q(op.to)} TO ${q(parked)}, ${q(op.from)} TO ${q(op.to)}`), onItsOwn(`DROP VIEW ${q(parked)}`)],
      down: [onItsOwn(`RENAME TABLE ${q(op.to)} TO ${q(op.from)}`), createView],
    },
  ];
}

export const expandContractRename: Strategy = {
  id: 'expand-contract-rename',
  matches: (op: Operation, ctx) => {
    if (op.kind === 'renameTable') return ctx.dialect.name !== 'sqlite' && existedBefore(ctx, op.from);
    return op.kind === 'renameColumn' && ctx.dialect.name === 'postgres' && existedBefore(ctx, op.table) && columnSwap(ctx, op) !== undefined;
  },
  phases: (op, ctx) =>
    op.kind === 'renameTable'
      ? (ctx.dialect.name === 'mysql' ? mysqlRenameTable : postgresRenameTable)(ctx, op)
      : expandContractPhases(ctx, columnSwap(ctx, op as RenameColumn)!),
};
