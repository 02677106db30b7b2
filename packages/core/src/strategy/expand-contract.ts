/**
 * Expand-contract for one PostgreSQL column, shared by the rename and the type change: a
 * replacement column is added beside the old one (expand), a trigger keeps the two in step both
 * ways, the existing rows are copied in batches, NOT NULL, foreign keys and indexes are rebuilt
 * online on the replacement, and — only after the application that uses the replacement is
 * deployed — the old column is dropped and the replacement takes the final names (contract).
 */
import type { Dialect, Statement } from '../dialects/dialect';
import { mentionsColumn } from '../model/apply';
import { addForeignKeyOp } from '../model/invert';
import type { Column, ForeignKey, Index, Schema, Table } from '../model/schema';
import { parseType } from '../model/types';
import { backfillStatement, singleKey } from './backfill';
import {
  addNotNullCheck,
  createIndexConcurrently,
  dropConstraintIfExists,
  dropIndexConcurrently,
  dropNotNull,
  notNullCheckName,
  notValid,
  renameConstraint,
  renameIndex,
  setNotNull,
  shadowName,
  validateConstraint,
} from './postgres-sql';
import { inTransaction, renderOperation, withTransactional } from './render';
import { type SyncPair, createSyncTrigger, dropSyncTrigger } from './sync-trigger';
import type { DraftPhase, StrategyContext } from './types';

export interface ColumnSwap {
  table: Table;
  old: Column;
  /** the replacement's name while both columns exist */
  temp: string;
  /** the replacement's name after the contract */
  final: string;
  /** the replacement's portable type */
  type: string;
  /** SQL converting an old value to the replacement's type, and back */
  toNew: (e: string) => string;
  toOld: (e: string) => string;
  /** statements that give the final column its default, after the contract */
  finalDefault: Statement[];
  /** what the change is, for the descriptions: "rename users.email to email_address" */
  change: string;
}

/**
 * Whether a column can be swapped: not part of the primary key, not referenced by a foreign key,
 * not in a check or a UNIQUE constraint, not generated, not an enum (its type is named after the
 * column). Those changes need the blue-green procedure or the plain route.
 */
export function swappable(schema: Schema, table: Table, column: Column): boolean {
  const referenced = schema.tables.some((t) => t.foreignKeys.some((f) => f.refTable === table.name && f.refColumns.includes(column.name)));
  return (
    !table.primaryKey.includes(column.name) &&
    !column.autoIncrement &&
    !referenced &&
    parseType(column.type).base !== 'enum' &&
    !table.checks.some((c) => mentionsColumn(c.expression, column.name)) &&
    !table.indexes.some((i) => i.constraint && i.columns.includes(column.name))
  );
}

/** One column of the pair, as the steps that build it see it. */
interface Side {
  column: string;
  type: string;
  /** the name an index or foreign key of the old column has on this side */
  name: (original: string) => string;
  /** the column it is filled from, and how a value converts */
  from: string;
  convert: (e: string) => string;
}

/** The statements that build one side: its column, its copy of the rows, NOT NULL, foreign keys, indexes. */
function sideSteps(ctx: StrategyContext, swap: ColumnSwap, side: Side) {
  const d = ctx.dialect;
  const t = swap.table.name;
  const q = (n: string) => d.quoteIdent(n);
  const mapColumns = (columns: string[]) => columns.map((c) => (c === swap.old.name ? side.column : c));
  const notNull = !swap.old.nullable;
  const check = notNullCheckName(t, side.column);
  const originalFks = swap.table.foreignKeys.filter((f) => f.columns.includes(swap.old.name));
  const originalIndexes = swap.table.indexes.filter((i) => i.columns.includes(swap.old.name));
  const fks: ForeignKey[] = originalFks.map((f) => ({ ...f, name: side.name(f.name), columns: mapColumns(f.columns) }));
  const indexes: Index[] = originalIndexes.map((i) => ({ name: side.name(i.name), columns: mapColumns(i.columns), unique: i.unique }));
  const converted = side.convert(q(side.from));
  const column: Column = { name: side.column, type: side.type, nullable: true };
  return {
    add: withTransactional(renderOperation(d, { kind: 'addColumn', table: t, column }, undefined).up, true),
    backfill: backfillStatement(ctx, {
      table: t,
      set: [[side.column, converted]],
      pending: `${q(side.column)} IS DISTINCT FROM ${converted}`,
      key: singleKey(swap.table),
      label: `${t}.${side.column}`,
    }),
    constrain: [
      ...(notNull ? [addNotNullCheck(d, t, side.column, check)] : []),
      ...fks.map((f) => notValid(d.render(addForeignKeyOp(t, f), {}))),
    ],
    unconstrain: [...fks.map((f) => dropConstraintIfExists(d, t, f.name)).reverse(), ...(notNull ? [dropConstraintIfExists(d, t, check)] : [])],
    validate: [...(notNull ? [validateConstraint(d, t, check)] : []), ...fks.map((f) => validateConstraint(d, t, f.name))],
    setNotNull: notNull ? [setNotNull(d, t, side.column), dropConstraintIfExists(d, t, check)] : [],
    unsetNotNull: notNull ? [addNotNullCheck(d, t, side.column, check), dropNotNull(d, t, side.column)] : [],
    indexes: indexes.flatMap((i) => createIndexConcurrently(d, i.name, t, i.columns, i.unique)),
    dropIndexes: indexes.map((i) => dropIndexConcurrently(d, i.name)).reverse(),
    /** renames of the old column's indexes and foreign keys (by original name) from `from(name)` to `to(name)` */
    renames: (from: (n: string) => string, to: (n: string) => string) => [
      ...originalIndexes.map((i) => renameIndex(d, from(i.name), to(i.name))),
      ...originalFks.map((f) => renameConstraint(d, t, from(f.name), to(f.name))),
    ],
  };
}

function alterColumn(d: Dialect, table: string, column: string, rest: string): Statement {
  return inTransaction(`ALTER TABLE ${d.quoteIdent(table)} ALTER COLUMN ${d.quoteIdent(column)} ${rest}`);
}

function renameColumn(d: Dialect, table: string, from: string, to: string): Statement[] {
  return from === to ? [] : [inTransaction(`ALTER TABLE ${d.quoteIdent(table)} RENAME COLUMN ${d.quoteIdent(from)} TO ${d.quoteIdent(to)}`)];
}

/**
 * The contract: drop the trigger and the old column (its indexes and foreign keys go with it),
 * then give the replacement the final names and default. Its down rebuilds the old column the
 * way the expand built the replacement.
 */
function contractPhase(ctx: StrategyContext, swap: ColumnSwap, pair: SyncPair): DraftPhase {
  const d = ctx.dialect;
  const t = swap.table.name;
  const old = swap.old.name;
  const identity = (n: string) => n;
  const replacement = sideSteps(ctx, swap, { column: swap.temp, type: swap.type, name: shadowName, from: old, convert: swap.toNew });
  const rebuilt = sideSteps(ctx, swap, { column: old, type: swap.old.type, name: identity, from: swap.temp, convert: swap.toOld });
  const oldDefault =
    swap.old.default === undefined
      ? []
      : renderOperation(d, { kind: 'setDefault', table: t, column: old, default: swap.old.default }, undefined).up;
  return {
    name: 'contract',
    description:
      `${swap.change}: drop the sync trigger and the old column ${old}, the new column takes the final names. ` +
      'Run this only after the application using the new shape is deployed',
    afterDeploy: true,
    retry: true,
    up: withTransactional(
      [
        ...dropSyncTrigger(d, pair),
        inTransaction(`ALTER TABLE ${d.quoteIdent(t)} DROP COLUMN ${d.quoteIdent(old)}`),
        ...renameColumn(d, t, swap.temp, swap.final),
        ...replacement.renames(shadowName, identity),
        ...swap.finalDefault,
      ],
      true,
    ),
    down: [
      ...withTransactional(
        [
          ...(swap.finalDefault.length ? [alterColumn(d, t, swap.final, 'DROP DEFAULT')] : []),
          ...renameColumn(d, t, swap.final, swap.temp),
          ...replacement.renames(identity, shadowName),
          ...rebuilt.add,
          ...oldDefault,
          ...createSyncTrigger(d, pair),
        ],
        true,
      ),
      rebuilt.backfill,
      ...rebuilt.constrain,
      ...rebuilt.validate,
      ...rebuilt.setNotNull,
      ...rebuilt.indexes,
    ],
  };
}

export function expandContractPhases(ctx: StrategyContext, swap: ColumnSwap): DraftPhase[] {
  const d = ctx.dialect;
  const t = swap.table.name;
  const pair: SyncPair = { table: t, source: swap.old.name, target: swap.temp, toTarget: swap.toNew, toSource: swap.toOld };
  const next = sideSteps(ctx, swap, { column: swap.temp, type: swap.type, name: shadowName, from: swap.old.name, convert: swap.toNew });
  const phases: DraftPhase[] = [
    {
      name: 'expand',
      description: `${swap.change}: add ${t}.${swap.temp} beside ${swap.old.name}, with a trigger keeping both in step both ways`,
      up: [...next.add, ...createSyncTrigger(d, pair)],
      down: [...dropSyncTrigger(d, pair), inTransaction(`ALTER TABLE ${d.quoteIdent(t)} DROP COLUMN IF EXISTS ${d.quoteIdent(swap.temp)}`)],
      retry: true,
    },
    {
      name: 'backfill',
      description: `copy ${t}.${swap.old.name} into ${swap.temp} for the existing rows, ${ctx.batchSize} rows a transaction`,
      up: [next.backfill],
      down: [],
      retry: true,
    },
  ];
  if (next.constrain.length) {
    phases.push(
      {
        name: 'constrain',
        description: `NOT NULL check and foreign keys of ${swap.temp}, NOT VALID: brief locks, no scan`,
        up: next.constrain,
        down: next.unconstrain,
        retry: true,
      },
      {
        name: 'validate',
        description: `validate them: scans under SHARE UPDATE EXCLUSIVE, reads and writes go on`,
        up: next.validate,
        down: [],
        retry: true,
      },
    );
  }
  if (next.setNotNull.length) {
    phases.push({
      name: 'set-not-null',
      description: `SET NOT NULL on ${t}.${swap.temp} uses the validated check instead of a scan`,
      up: next.setNotNull,
      down: next.unsetNotNull,
      retry: true,
    });
  }
  if (next.indexes.length) {
    phases.push({
      name: 'index',
      description: `build the indexes of ${swap.temp} CONCURRENTLY under temporary names`,
      up: next.indexes,
      down: next.dropIndexes,
      retry: true,
    });
  }
  phases.push(contractPhase(ctx, swap, pair));
  return phases;
}
