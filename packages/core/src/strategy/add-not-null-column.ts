/**
 * A NOT NULL column whose default is evaluated per row (gen_random_uuid(), uuid(), ...): added in
 * one statement, the database computes it for every existing row while it holds the table — a
 * rewrite under ACCESS EXCLUSIVE in PostgreSQL, a table copy in MySQL. Instead: add it nullable,
 * give it the default (new rows), fill the existing rows in batches, then make it NOT NULL
 * without a blocking scan.
 */
import type { AddColumn, Operation } from '../model/operations';
import type { Schema } from '../model/schema';
import { backfillStatement, singleKey } from './backfill';
import { onlineToolGuide } from './guides';
import { OnlineCursor } from './mysql-online-ddl';
import { ModelCursor, withTransactional } from './render';
import { notNullPhases } from './set-not-null';
import { existedBefore, isPerRowDefault, tableBefore, tableSize } from './tables';
import type { DraftPhase, Strategy, StrategyContext } from './types';

function added(op: AddColumn) {
  const { name, type } = op.column;
  return { kind: 'addColumn', table: op.table, column: { name, type, nullable: true } } as const;
}

/** The schema the sub-steps are rendered against: the known one, or just this table (all MySQL's MODIFY needs). */
function knownOrMinimal(ctx: StrategyContext, table: string): Schema {
  return ctx.before ?? { tables: [{ name: table, columns: [], primaryKey: [], indexes: [], foreignKeys: [], checks: [] }] };
}

function backfillPhase(ctx: StrategyContext, op: AddColumn): DraftPhase {
  const { dialect } = ctx;
  const column = op.column.name;
  return {
    name: 'backfill',
    description: `fill ${op.table}.${column} of the existing rows, ${ctx.batchSize} rows a transaction`,
    up: [
      backfillStatement(ctx, {
        table: op.table,
        set: [[column, dialect.renderValue(op.column.default ?? null)]],
        pending: `${dialect.quoteIdent(column)} IS NULL`,
        key: singleKey(tableBefore(ctx, op.table)),
        label: `${op.table}.${column}`,
      }),
    ],
    // The expand phase's down drops the column, and the values with it.
    down: [],
    retry: true,
  };
}

/**
 * PostgreSQL: the CHECK (c IS NOT NULL) is added NOT VALID after the backfill (added before it,
 * every UPDATE of a row not yet filled would fail it), validated without blocking writes, and
 * then lets SET NOT NULL skip its scan (PostgreSQL 12+).
 */
function postgresPhases(ctx: StrategyContext, op: AddColumn): DraftPhase[] {
  const { table } = op;
  const column = op.column.name;
  const cursor = new ModelCursor(ctx.dialect, knownOrMinimal(ctx, table));
  const add = cursor.render(added(op));
  const setDefault = cursor.render({ kind: 'setDefault', table, column, default: op.column.default! });
  return [
    {
      name: 'expand',
      description: `add ${table}.${column} as a nullable column with its default for new rows (catalog only, no rewrite)`,
      up: withTransactional([...add.up, ...setDefault.up], true),
      down: withTransactional(add.down, true),
      retry: true,
    },
    backfillPhase(ctx, op),
    ...notNullPhases(ctx, table, column),
  ];
}

/** MySQL / MariaDB: INSTANT add and default, batched backfill, then NOT NULL rebuilt in place (LOCK=NONE). */
function mysqlPhases(ctx: StrategyContext, op: AddColumn): DraftPhase[] {
  const { table } = op;
  const column = op.column.name;
  const cursor = new OnlineCursor({ ...ctx, before: knownOrMinimal(ctx, table) });
  const add = cursor.render(added(op));
  const setDefault = cursor.render({ kind: 'setDefault', table, column, default: op.column.default! });
  const notNull = cursor.render({ kind: 'setNotNull', table, column });
  const expand: DraftPhase = {
    name: 'expand',
    description: `add ${table}.${column} as a nullable column (INSTANT), with its default for new rows (INSTANT)`,
    up: [...add.up, ...setDefault.up],
    down: add.down,
  };
  if (tableSize(ctx, table) === 'large') {
    // The tools copy the table with the column in place: one ALTER instead of these phases.
    const [alter] = ctx.dialect.render(op, { schema: knownOrMinimal(ctx, table) });
    const body = alter?.sql.replace(`ALTER TABLE ${ctx.dialect.quoteIdent(table)} `, '');
    if (body) expand.guide = onlineToolGuide(tableBefore(ctx, table), table, [body], ctx.batchSize);
  }
  return [
    expand,
    backfillPhase(ctx, op),
    {
      name: 'set-not-null',
      description: `make ${table}.${column} NOT NULL: an in-place rebuild that lets writes go on (LOCK=NONE)`,
      up: notNull.up,
      down: notNull.down,
      retry: true,
    },
  ];
}

export const addNotNullColumn: Strategy = {
  id: 'add-not-null-column',
  matches: (op: Operation, ctx) =>
    op.kind === 'addColumn' &&
    ctx.dialect.name !== 'sqlite' &&
    existedBefore(ctx, op.table) &&
    !op.column.nullable &&
    !op.column.primaryKey &&
    !op.column.autoIncrement &&
    isPerRowDefault(op.column.default),
  phases: (op, ctx) => {
    const add = op as AddColumn;
    return ctx.dialect.name === 'mysql' ? mysqlPhases(ctx, add) : postgresPhases(ctx, add);
  },
};
