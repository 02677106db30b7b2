import type { Operation } from '../../model/operations';
import { findColumn, findTable, type Schema, type Table } from '../../model/schema';
import type { Estimate, StatementFacts } from '../types';
import { estimate, type EstimateOptions, type TableStats } from './model';
import { addedConstraints, record, workClassOf } from './work-class';

export interface StatementEstimateOptions {
  /** rows per batch of a planned backfill */
  batchSize?: number;
}

/**
 * The estimate for one analysed statement: its work class, the size of the table it works on from
 * the schema's statistics, the index key's shape and a foreign key's referenced table. Undefined when
 * the statement does no table work (SET, BEGIN, SELECT, an unparsable statement).
 */
export function estimateStatement(
  facts: StatementFacts,
  schema: Schema | undefined,
  options: StatementEstimateOptions = {},
): Estimate | undefined {
  const work = workClassOf(facts);
  if (!work) return undefined;
  const tableName = targetTable(facts);
  const table = schema && tableName ? findTable(schema, tableName) : undefined;
  const stats = statsOf(table, tableName);
  const extra: EstimateOptions = {};
  if (work === 'indexBuild' || work === 'concurrentIndexBuild') Object.assign(extra, indexShape(facts, table));
  if (work === 'validationScan') {
    const ref = referencedTable(facts, table);
    if (ref) extra.referenced = statsOf(schema && findTable(schema, ref), ref);
  }
  if (work === 'backfill') {
    // A planned backfill runs in batches; a raw UPDATE is one statement over the rows it matches.
    extra.batchSize = facts.change?.kind === 'backfill' ? options.batchSize : Math.max(1, stats.rows ?? 1);
  }
  return estimate(work, stats, extra);
}

function targetTable(facts: StatementFacts): string | undefined {
  const change = facts.change;
  if (change && 'table' in change && typeof change.table === 'string') return change.table;
  if (change?.kind === 'renameTable') return change.from;
  return facts.tables[0];
}

function statsOf(table: Table | undefined, name: string | undefined): TableStats {
  if (table?.stats) return table.stats;
  return { rows: null, bytes: null, basis: name ? `no statistics for ${name}` : 'no table named' };
}

/** Key columns of the index being built, and how many of them compare text under a collation. */
function indexShape(facts: StatementFacts, table: Table | undefined): EstimateOptions {
  const columns = indexColumns(facts);
  if (columns.length === 0) return {};
  const textColumns = columns.filter((name) => {
    const column = table && findColumn(table, name);
    return column !== undefined && /^(string|text)\b/.test(column.type);
  }).length;
  return { columns: columns.length, textColumns };
}

function indexColumns(facts: StatementFacts): string[] {
  const change: Operation | undefined = facts.change;
  if (change?.kind === 'createIndex') return change.columns;
  if (change?.kind === 'addColumn') return [change.column.name];
  const params = record(record(facts.node)?.IndexStmt)?.indexParams;
  if (!Array.isArray(params)) return [];
  return params.map((p) => record(record(p)?.IndexElem)?.name).filter((n): n is string => typeof n === 'string');
}

/** The table a foreign key being added or validated points at, when the statement is about one. */
function referencedTable(facts: StatementFacts, table: Table | undefined): string | undefined {
  const change = facts.change;
  if (change?.kind === 'addForeignKey') return change.refTable;
  if (change?.kind === 'addColumn') return change.column.references?.table;
  const foreign = addedConstraints(facts.node).find((c) => c.contype === 'CONSTR_FOREIGN');
  const pktable = record(foreign?.pktable)?.relname;
  if (typeof pktable === 'string') return pktable;
  const validated = validatedConstraint(facts.node);
  return validated ? table?.foreignKeys.find((fk) => fk.name === validated)?.refTable : undefined;
}

function validatedConstraint(node: unknown): string | undefined {
  const cmds = record(record(node)?.AlterTableStmt)?.cmds;
  if (!Array.isArray(cmds)) return undefined;
  const cmd = cmds.map((c) => record(record(c)?.AlterTableCmd)).find((c) => c?.subtype === 'AT_ValidateConstraint');
  return typeof cmd?.name === 'string' ? cmd.name : undefined;
}
