import {
  type Column,
  type DefaultValue,
  type Operation,
  type OperationKind,
  type OperationOf,
  foreignKeyName,
  indexName,
  isSqlExpression,
  parseType,
} from '@mig/core';
import type { SequelizeDialect } from './dialects';
import { indent, jsKey, jsString, jsStrings, shortSql, sqlLiteral } from './js';

/**
 * One step of a migration body: a comment saying what it does, the progress line it prints, and
 * the code that does it.
 */
export interface Step {
  comment: string;
  log: string;
  code: string;
  /** a session setting (it must reach the connection the later steps use) */
  session?: boolean;
}

/** How the steps reach the database: inside the phase's transaction or on their own. */
export interface StepContext {
  dialect: SequelizeDialect;
  transactional: boolean;
}

/** `{ transaction }` as the options argument, or nothing outside a transaction. */
function txArg(ctx: StepContext): string {
  return ctx.transactional ? ', { transaction }' : '';
}

/** Options of an addIndex/addConstraint call, with the transaction among them. */
function options(ctx: StepContext, entries: string[]): string {
  return `{ ${[...entries, ...(ctx.transactional ? ['transaction'] : [])].join(', ')} }`;
}

export function queryStep(sql: string, ctx: StepContext, log = `Running: ${shortSql(sql, 70)}`): Step {
  return {
    comment: shortSql(sql),
    log,
    code: `await queryInterface.sequelize.query(${sqlLiteral(sql)}${txArg(ctx)});`,
  };
}

/** A batch of a backfill, run again until it changes no rows (each run commits on its own). */
export function repeatStep(sql: string, ctx: StepContext): Step {
  const opts = ctx.transactional ? '{ transaction, type: Sequelize.QueryTypes.UPDATE }' : '{ type: Sequelize.QueryTypes.UPDATE }';
  return {
    comment: `${shortSql(sql)} — in batches, until a batch changes no rows`,
    log: `Running in batches: ${shortSql(sql, 60)}`,
    code: [
      'for (let batch = 1; ; batch += 1) {',
      `  const [, changed] = await queryInterface.sequelize.query(${sqlLiteral(sql)}, ${opts});`,
      "  console.log(`    batch ${batch}: ${changed} rows changed`);",
      '  if (!changed) break;',
      '}',
    ].join('\n'),
  };
}

/** A default or backfill value as JavaScript: literals as they are, SQL expressions through Sequelize.literal. */
function jsValue(v: DefaultValue | null): string {
  if (v === null) return 'null';
  if (isSqlExpression(v)) return `Sequelize.literal(${jsString(v.sql)})`;
  if (typeof v === 'string') return jsString(v);
  return String(v);
}

/** The attribute object of a column (type, allowNull, defaultValue, key flags), or undefined when its type has no Sequelize equivalent. */
function attributes(column: Column, ctx: StepContext): string[] | undefined {
  const type = ctx.dialect.type(parseType(column.type));
  if (!type) return undefined;
  const out = [`type: ${type}`, `allowNull: ${column.nullable && !column.primaryKey}`];
  if (column.default !== undefined) out.push(`defaultValue: ${jsValue(column.default)}`);
  if (column.primaryKey) out.push('primaryKey: true');
  if (column.autoIncrement) out.push('autoIncrement: true');
  return out;
}

/** The unique index and foreign key a column definition implies, with the names mig gives them. */
function columnConstraints(table: string, column: Column, ctx: StepContext): Step[] {
  const steps: Step[] = [];
  if (column.unique && !column.primaryKey) {
    steps.push(addIndex(table, [column.name], true, indexName(table, [column.name], true), ctx));
  }
  if (column.references) {
    const r = column.references;
    steps.push(
      addForeignKey(
        { table, columns: [column.name], refTable: r.table, refColumns: [r.column], name: foreignKeyName(table, [column.name], r.table), ...(r.onDelete ? { onDelete: r.onDelete } : {}) },
        ctx,
      ),
    );
  }
  return steps;
}

function addIndex(table: string, columns: string[], unique: boolean, name: string, ctx: StepContext): Step {
  return {
    comment: `create ${unique ? 'unique ' : ''}index ${name} on ${table}(${columns.join(', ')})`,
    log: `Creating index: ${name}`,
    code: `await queryInterface.addIndex(${jsString(table)}, ${jsStrings(columns)}, ${options(ctx, [`name: ${jsString(name)}`, `unique: ${unique}`])});`,
  };
}

interface ForeignKeySpec {
  table: string;
  columns: string[];
  refTable: string;
  refColumns: string[];
  name: string;
  onDelete?: string;
  onUpdate?: string;
}

function addForeignKey(fk: ForeignKeySpec, ctx: StepContext): Step {
  const references =
    fk.refColumns.length === 1
      ? `{ table: ${jsString(fk.refTable)}, field: ${jsString(fk.refColumns[0]!)} }`
      : `{ table: ${jsString(fk.refTable)}, fields: ${jsStrings(fk.refColumns)} }`;
  const entries = [
    "type: 'foreign key'",
    `name: ${jsString(fk.name)}`,
    `fields: ${jsStrings(fk.columns)}`,
    `references: ${references}`,
    ...(fk.onDelete ? [`onDelete: ${jsString(fk.onDelete)}`] : []),
    ...(fk.onUpdate ? [`onUpdate: ${jsString(fk.onUpdate)}`] : []),
  ];
  return {
    comment: `add foreign key ${fk.name}: ${fk.table}(${fk.columns.join(', ')}) references ${fk.refTable}(${fk.refColumns.join(', ')})`,
    log: `Adding foreign key: ${fk.name}`,
    code: `await queryInterface.addConstraint(${jsString(fk.table)}, ${options(ctx, entries)});`,
  };
}

function objectLiteral(entries: string[], by = '  '): string {
  return `{\n${entries.map((e) => `${by}${e},`).join('\n')}\n}`;
}

function call(method: string, args: string[]): string {
  return `await queryInterface.${method}(\n${indent(args.join(',\n'), '  ')},\n);`;
}

type Native<K extends OperationKind> = (op: OperationOf<K>, ctx: StepContext) => Step[] | undefined;

function single(comment: string, log: string, code: string): Step[] {
  return [{ comment, log, code }];
}

function removeConstraint(table: string, name: string, what: string, ctx: StepContext): Step[] {
  return single(
    `drop ${what} ${name} from ${table}`,
    `Dropping ${what}: ${name}`,
    `await queryInterface.removeConstraint(${jsString(table)}, ${jsString(name)}${txArg(ctx)});`,
  );
}

function addColumnNative(op: OperationOf<'addColumn'>, ctx: StepContext): Step[] | undefined {
  const attrs = attributes(op.column, ctx);
  if (!attrs || (op.column.references && !ctx.dialect.addsForeignKeys)) return undefined;
  return [
    {
      comment: `add column ${op.table}.${op.column.name}`,
      log: `Adding column: ${op.table}.${op.column.name}`,
      code: call('addColumn', [jsString(op.table), jsString(op.column.name), objectLiteral(attrs), ...(ctx.transactional ? ['{ transaction }'] : [])]),
    },
    ...columnConstraints(op.table, op.column, ctx),
  ];
}

function createTableNative(op: OperationOf<'createTable'>, ctx: StepContext): Step[] | undefined {
  if (!ctx.dialect.addsForeignKeys && op.columns.some((c) => c.references)) return undefined;
  const columns: string[] = [];
  for (const c of op.columns) {
    const attrs = attributes(c, ctx);
    if (!attrs) return undefined;
    columns.push(`${jsKey(c.name)}: { ${attrs.join(', ')} }`);
  }
  return [
    {
      comment: `create table ${op.table}`,
      log: `Creating table: ${op.table}`,
      code: call('createTable', [jsString(op.table), objectLiteral(columns), ...(ctx.transactional ? ['{ transaction }'] : [])]),
    },
    ...op.columns.flatMap((c) => columnConstraints(op.table, c, ctx)),
  ];
}

function backfillNative(op: OperationOf<'backfill'>, ctx: StepContext): Step[] {
  const values = Object.entries(op.set).map(([k, v]) => `${jsKey(k)}: ${jsValue(v)}`);
  const where = op.where ? `Sequelize.literal(${jsString(op.where)})` : '{}';
  return single(
    `backfill ${op.table}: ${Object.keys(op.set).join(', ')}${op.where ? ` where ${op.where}` : ''}`,
    `Backfilling ${op.table}: ${Object.keys(op.set).join(', ')}`,
    `await queryInterface.bulkUpdate(${jsString(op.table)}, { ${values.join(', ')} }, ${where}${txArg(ctx)});`,
  );
}

/**
 * The queryInterface calls of each operation kind. A kind missing here, or one returning
 * undefined, runs mig's SQL for it: changeColumn needs the column's whole definition (it resets
 * NOT NULL and the default it is not given), and checks are SQL expressions Sequelize cannot take.
 */
const NATIVE: { [K in OperationKind]?: Native<K> } = {
  createTable: createTableNative,
  addColumn: addColumnNative,
  backfill: backfillNative,
  dropTable: (op, ctx) =>
    single(`drop table ${op.table}`, `Dropping table: ${op.table}`, `await queryInterface.dropTable(${jsString(op.table)}${txArg(ctx)});`),
  renameTable: (op, ctx) =>
    single(
      `rename table ${op.from} to ${op.to}`,
      `Renaming table: ${op.from} → ${op.to}`,
      `await queryInterface.renameTable(${jsString(op.from)}, ${jsString(op.to)}${txArg(ctx)});`,
    ),
  dropColumn: (op, ctx) =>
    single(
      `drop column ${op.table}.${op.column}`,
      `Dropping column: ${op.table}.${op.column}`,
      `await queryInterface.removeColumn(${jsString(op.table)}, ${jsString(op.column)}${txArg(ctx)});`,
    ),
  renameColumn: (op, ctx) =>
    single(
      `rename column ${op.table}.${op.from} to ${op.to}`,
      `Renaming column: ${op.table}.${op.from} → ${op.to}`,
      `await queryInterface.renameColumn(${jsString(op.table)}, ${jsString(op.from)}, ${jsString(op.to)}${txArg(ctx)});`,
    ),
  createIndex: (op, ctx) => [addIndex(op.table, op.columns, op.unique, op.name, ctx)],
  // removeIndex needs the table; a dropIndex without one runs mig's SQL
  dropIndex: (op, ctx) =>
    op.table
      ? single(`drop index ${op.name}`, `Dropping index: ${op.name}`, `await queryInterface.removeIndex(${jsString(op.table)}, ${jsString(op.name)}${txArg(ctx)});`)
      : undefined,
  addForeignKey: (op, ctx) => [addForeignKey(op, ctx)],
  dropForeignKey: (op, ctx) => removeConstraint(op.table, op.name, 'foreign key', ctx),
  dropCheck: (op, ctx) => removeConstraint(op.table, op.name, 'check', ctx),
};

/** The queryInterface steps of an operation, or undefined when it has none that match mig's SQL on this database. */
export function nativeSteps(op: Operation, ctx: StepContext): Step[] | undefined {
  if (!ctx.dialect.native.has(op.kind)) return undefined;
  const native = NATIVE[op.kind] as Native<typeof op.kind> | undefined;
  return native?.(op as never, ctx);
}
