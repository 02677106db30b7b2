/**
 * Expand-contract for one MySQL / MariaDB column, shared by the rename and the type change (the
 * PostgreSQL counterpart is expand-contract.ts): a replacement column is added beside the old one
 * (expand), two triggers keep the two in step both ways (sync), the existing rows are copied in
 * batches, NOT NULL and the indexes are rebuilt online on the replacement, and — only after the
 * application that uses the replacement is deployed — the old column is dropped and the
 * replacement takes the final names (contract).
 *
 * MySQL has no transactional DDL: every phase is one ALTER, statements that can run again (DROP
 * TRIGGER IF EXISTS, a backfill that skips the rows already done), or statements under LOCK
 * TABLES that wait for the lock first, so a phase stopped by a lock timeout is retried without a
 * half-done step in the way.
 */
import type { Dialect, Statement } from '../dialects/dialect';
import { MigError } from '../errors';
import type { Operation } from '../model/operations';
import type { Column, Index, Schema, Table } from '../model/schema';
import { backfillStatement, singleKey } from './backfill';
import type { ColumnSwap } from './expand-contract';
import { type Algorithm, clause, mysqlAlgorithm, renderOnline } from './mysql-online-ddl';
import { type MysqlSyncPair, createMysqlSyncTriggers, dropMysqlSyncTriggers, sameValue } from './mysql-sync-trigger';
import { shadowName } from './postgres-sql';
import { onItsOwn } from './render';
import { mysqlHas } from './server';
import { isPerRowDefault } from './tables';
import type { DraftPhase, StrategyContext } from './types';

export interface MysqlColumnSwap extends Omit<ColumnSwap, 'finalDefault'> {
  /** the final column as MODIFY COLUMN writes it, default included: `score bigint NOT NULL DEFAULT 0` */
  finalDefinition: string;
}

/** ADD COLUMN at any position without a rebuild (MariaDB 10.3 and MySQL 8.0.12 add instantly only at the end). */
const INSTANT_ADD_ANYWHERE = { mysql: [8, 0, 29], mariadb: [10, 4] };

const LOCKS: Record<Algorithm, string> = {
  INSTANT: 'ALGORITHM=INSTANT: metadata only, an exclusive metadata lock for a moment',
  INPLACE: 'ALGORITHM=INPLACE, LOCK=NONE: reads and writes go on; an exclusive metadata lock only briefly at its start and end',
};

function alterTable(d: Dialect, table: string, clauses: string[], algorithm: Algorithm): Statement {
  return onItsOwn(`ALTER TABLE ${d.quoteIdent(table)} ${[...clauses, clause(algorithm, ', ')].join(', ')}`);
}

/** An ALTER under LOCK TABLES: the algorithm only (a LOCK clause there is an error on some versions, MDEV-28943). */
function lockedAlter(d: Dialect, table: string, clauses: string[], algorithm: Algorithm): Statement {
  return onItsOwn(`ALTER TABLE ${d.quoteIdent(table)} ${[...clauses, `ALGORITHM=${algorithm}`].join(', ')}`);
}

/** One ALTER doing all of `ops` is INSTANT when each of them can be, otherwise INPLACE, LOCK=NONE. */
function combinedAlgorithm(ctx: StrategyContext, ops: Operation[], before: Schema | undefined): Algorithm {
  return ops.every((op) => mysqlAlgorithm(ctx, op, before) === 'INSTANT') ? 'INSTANT' : 'INPLACE';
}

/** The text after `prefix` in the one statement the dialect rendered. */
function clauseAfter(statements: Statement[], prefix: string): string {
  const [only] = statements;
  if (statements.length !== 1 || !only || !only.sql.startsWith(prefix)) {
    throw new MigError(`expected one statement starting "${prefix}", got: ${statements.map((s) => s.sql).join('; ')}`, {
      code: 'STRATEGY_INTERNAL',
    });
  }
  return only.sql.slice(prefix.length);
}

/** A column as the dialect's MODIFY COLUMN restates it: `score bigint NOT NULL DEFAULT 0`. */
export function modifiedDefinition(d: Dialect, table: string, statements: Statement[]): string {
  return clauseAfter(statements, `ALTER TABLE ${d.quoteIdent(table)} MODIFY COLUMN `);
}

function withColumn(table: Table, column: Column): Table {
  const others = table.columns.filter((c) => c.name !== column.name);
  return { ...table, columns: [...others, column] };
}

function schemaWith(before: Schema | undefined, table: Table): Schema {
  return { tables: [...(before?.tables ?? []).filter((t) => t.name !== table.name), table] };
}

/** The definition the dialect gives `column` (added to or replaced in `table`). */
export function columnDefinition(d: Dialect, table: Table, column: Column): string {
  const op: Operation = { kind: 'alterColumnType', table: table.name, column: column.name, type: column.type };
  return modifiedDefinition(d, table.name, d.render(op, { schema: { tables: [withColumn(table, column)] } }));
}

/** Where `column` stands in `table`: after the column before it, or first. */
function placeOf(d: Dialect, table: Table, column: string): string {
  const i = table.columns.findIndex((c) => c.name === column);
  const previous = i > 0 ? table.columns[i - 1] : undefined;
  return previous ? `AFTER ${d.quoteIdent(previous.name)}` : 'FIRST';
}

/** ADD COLUMN in place, so the table keeps its column order; instant where the server can. */
function addColumn(ctx: StrategyContext, table: string, column: Column, place: string): { clause: string; algorithm: Algorithm } {
  const d = ctx.dialect;
  const add = clauseAfter(d.render({ kind: 'addColumn', table, column }, {}), `ALTER TABLE ${d.quoteIdent(table)} `);
  const algorithm = mysqlHas(ctx.server, INSTANT_ADD_ANYWHERE) && !isPerRowDefault(column.default) ? 'INSTANT' : 'INPLACE';
  return { clause: `${add} ${place}`, algorithm };
}

function indexClause(d: Dialect, index: Index): string {
  return `ADD ${index.unique ? 'UNIQUE ' : ''}INDEX ${d.quoteIdent(index.name)} (${index.columns.map((c) => d.quoteIdent(c)).join(', ')})`;
}

/** One column of the pair, as the steps that build it see it. */
interface Side {
  column: Column;
  /** where it is added */
  place: string;
  /** the name an index of the old column has on this side */
  name: (original: string) => string;
  /** the column it is filled from, and how a value converts */
  from: string;
  convert: (e: string) => string;
}

/** The statements that build one side: its column, its copy of the rows, NOT NULL, indexes. */
function sideSteps(ctx: StrategyContext, swap: MysqlColumnSwap, side: Side) {
  const d = ctx.dialect;
  const t = swap.table.name;
  const q = (n: string) => d.quoteIdent(n);
  const name = side.column.name;
  const indexes: Index[] = swap.table.indexes
    .filter((i) => i.columns.includes(swap.old.name))
    .map((i) => ({ name: side.name(i.name), columns: i.columns.map((c) => (c === swap.old.name ? name : c)), unique: i.unique }));
  const converted = side.convert(q(side.from));
  const { type, default: value } = side.column;
  const nullable: Column = { name, type, nullable: true, ...(value === undefined ? {} : { default: value }) };
  const dropAlgorithm = combinedAlgorithm(ctx, [{ kind: 'dropColumn', table: t, column: name }], ctx.before);
  const notNull = swap.old.nullable
    ? undefined
    : renderOnline(ctx, { kind: 'setNotNull', table: t, column: name }, schemaWith(ctx.before, withColumn(swap.table, nullable)));
  return {
    add: addColumn(ctx, t, nullable, side.place),
    drop: alterTable(d, t, [`DROP COLUMN ${q(name)}`], dropAlgorithm),
    backfill: backfillStatement(ctx, {
      table: t,
      set: [[name, converted]],
      pending: `NOT (${sameValue(type, q(name), converted)})`,
      key: singleKey(swap.table),
      label: `${t}.${name}`,
    }),
    setNotNull: notNull?.up ?? [],
    unsetNotNull: notNull?.down ?? [],
    indexes: indexes.length ? [alterTable(d, t, indexes.map((i) => indexClause(d, i)), 'INPLACE')] : [],
    dropIndexes: indexes.length ? [alterTable(d, t, indexes.map((i) => `DROP INDEX ${q(i.name)}`), 'INPLACE')] : [],
    originals: swap.table.indexes.filter((i) => i.columns.includes(swap.old.name)).map((i) => i.name),
  };
}

function syncPair(swap: MysqlColumnSwap): MysqlSyncPair {
  return {
    table: swap.table.name,
    source: swap.old.name,
    sourceType: swap.old.type,
    target: swap.temp,
    targetType: swap.type,
    toTarget: swap.toNew,
    toSource: swap.toOld,
  };
}

function forward(ctx: StrategyContext, swap: MysqlColumnSwap) {
  return sideSteps(ctx, swap, {
    column: { name: swap.temp, type: swap.type, nullable: swap.old.nullable },
    place: `AFTER ${ctx.dialect.quoteIdent(swap.old.name)}`,
    name: shadowName,
    from: swap.old.name,
    convert: swap.toNew,
  });
}

/**
 * Statements between LOCK TABLES ... WRITE and UNLOCK TABLES, which every other session sees as
 * one step (it waits meanwhile). MySQL has no transactional DDL: without the lock, a write between
 * dropping the triggers and the ALTER would miss the other column (lost), and an INSERT would fail
 * on the replacement's NOT NULL. UNLOCK TABLES runs after a failure too.
 */
function locked(d: Dialect, table: string, statements: Statement[]): Statement[] {
  const unlock: Statement = { sql: 'UNLOCK TABLES', transactional: false, cleanup: true };
  return [onItsOwn(`LOCK TABLES ${d.quoteIdent(table)} WRITE`), ...statements, unlock];
}

/**
 * The contract, under LOCK TABLES: drop the triggers; swap the indexes (drop the old column's,
 * give the replacement's their names: metadata only); drop the old column and give the
 * replacement its final definition (name, default). Its down rebuilds the old column the way the
 * expand built the replacement, the triggers again under the lock.
 */
function contractPhase(ctx: StrategyContext, swap: MysqlColumnSwap): DraftPhase {
  const d = ctx.dialect;
  const t = swap.table.name;
  const q = (n: string) => d.quoteIdent(n);
  const pair = syncPair(swap);
  const next = forward(ctx, swap);
  const rebuilt = sideSteps(ctx, swap, {
    column: swap.old,
    place: placeOf(d, swap.table, swap.old.name),
    name: (n) => n,
    from: swap.temp,
    convert: swap.toOld,
  });
  const indexes = next.originals;
  const tempDefinition = columnDefinition(d, swap.table, { name: swap.temp, type: swap.type, nullable: swap.old.nullable });
  const changes = swap.temp !== swap.final || swap.finalDefinition !== tempDefinition;
  // The operations the ALTERs amount to, for the algorithm they can name.
  const renamed: Operation[] = swap.temp !== swap.final ? [{ kind: 'renameColumn', table: t, from: swap.temp, to: swap.final }] : [];
  const defaulted: Operation[] =
    swap.old.default === undefined ? [] : [{ kind: 'setDefault', table: t, column: swap.final, default: swap.old.default }];
  const dropped: Operation = { kind: 'dropColumn', table: t, column: swap.old.name };
  const indexSwap = [...indexes.map((n) => `DROP INDEX ${q(n)}`), ...indexes.map((n) => `RENAME INDEX ${q(shadowName(n))} TO ${q(n)}`)];
  const swapIndexes = indexes.length ? [lockedAlter(d, t, indexSwap, 'INPLACE')] : [];
  const columnAlgorithm = combinedAlgorithm(ctx, [dropped, ...renamed, ...defaulted], ctx.before);
  const swapColumns = lockedAlter(
    d,
    t,
    [`DROP COLUMN ${q(swap.old.name)}`, ...(changes ? [`CHANGE COLUMN ${q(swap.temp)} ${swap.finalDefinition}`] : [])],
    columnAlgorithm,
  );
  // MySQL 8.0 renames an index instantly; MariaDB from 10.5.2, as it renames a column.
  const renamesIndexes: Operation[] = indexes.length ? [{ kind: 'renameColumn', table: t, from: swap.final, to: swap.temp }] : [];
  const back = [
    ...(changes ? [`CHANGE COLUMN ${q(swap.final)} ${tempDefinition}`] : []),
    ...indexes.map((n) => `RENAME INDEX ${q(n)} TO ${q(shadowName(n))}`),
  ];
  const backAlgorithm = combinedAlgorithm(ctx, [...renamed, ...defaulted, ...renamesIndexes], ctx.before);
  const wait =
    columnAlgorithm === 'INSTANT'
      ? 'its ALTERs change metadata only'
      : 'its DROP COLUMN rebuilds the table on this server version (instant from MySQL 8.0.29, MariaDB 10.4)';
  return {
    name: 'contract',
    description:
      `${swap.change}: drop the sync triggers and the old column ${swap.old.name}, ${swap.temp} takes the final names, ` +
      `all under LOCK TABLES ${t} WRITE: reads and writes on ${t} wait until UNLOCK TABLES, and ${wait}. ` +
      'Run this only after the application using the new shape is deployed',
    afterDeploy: true,
    // A lock timeout comes at LOCK TABLES, before anything changed.
    retry: true,
    up: locked(d, t, [...dropMysqlSyncTriggers(d, pair), ...swapIndexes, swapColumns]),
    down: [
      ...locked(d, t, [
        ...(back.length ? [lockedAlter(d, t, back, backAlgorithm)] : []),
        lockedAlter(d, t, [rebuilt.add.clause], rebuilt.add.algorithm),
        ...createMysqlSyncTriggers(d, pair),
      ]),
      rebuilt.backfill,
      ...rebuilt.setNotNull,
      ...rebuilt.indexes,
    ],
  };
}

export function mysqlColumnSwapPhases(ctx: StrategyContext, swap: MysqlColumnSwap): DraftPhase[] {
  const d = ctx.dialect;
  const t = swap.table.name;
  const pair = syncPair(swap);
  const next = forward(ctx, swap);
  const phases: DraftPhase[] = [
    {
      name: 'expand',
      description:
        `${swap.change}: add ${t}.${swap.temp} beside ${swap.old.name}, nullable and without a default; ` +
        LOCKS[next.add.algorithm],
      up: [alterTable(d, t, [next.add.clause], next.add.algorithm)],
      down: [next.drop],
      retry: true,
    },
    {
      name: 'sync',
      description:
        `triggers BEFORE INSERT and BEFORE UPDATE keep ${swap.old.name} and ${swap.temp} in step both ways; ` +
        `CREATE TRIGGER takes an exclusive metadata lock on ${t} for a moment and needs the TRIGGER privilege`,
      up: createMysqlSyncTriggers(d, pair),
      down: dropMysqlSyncTriggers(d, pair),
      retry: true,
    },
    {
      name: 'backfill',
      description:
        `copy ${t}.${swap.old.name} into ${swap.temp} for the existing rows, ${ctx.batchSize} rows a statement, ` +
        'each committed: row locks on one batch at a time',
      up: [next.backfill],
      down: [],
      retry: true,
    },
  ];
  if (next.setNotNull.length) {
    phases.push({
      name: 'set-not-null',
      description:
        `NOT NULL on ${t}.${swap.temp}: MODIFY COLUMN with ${LOCKS.INPLACE}; InnoDB rebuilds the table in place, ` +
        'which takes time and I/O in proportion to its size',
      up: next.setNotNull,
      down: next.unsetNotNull,
      retry: true,
    });
  }
  if (next.indexes.length) {
    phases.push({
      name: 'index',
      description: `build the indexes of ${swap.temp} under temporary names in one ALTER with ${LOCKS.INPLACE}`,
      up: next.indexes,
      down: next.dropIndexes,
      retry: true,
    });
  }
  phases.push(contractPhase(ctx, swap));
  return phases;
}
