/**
 * MySQL / MariaDB online DDL: every ALTER names the algorithm and lock level the server must use
 * (`ALGORITHM=INSTANT`, or `ALGORITHM=INPLACE, LOCK=NONE`). The server picks the cheapest one by
 * itself; naming it turns a silent fallback to a blocking table copy into an immediate error.
 * Verified on MariaDB 10.11; MySQL versions from its online DDL reference. On a large table the
 * phase carries the gh-ost and pt-online-schema-change commands for its ALTERs.
 */
import type { Statement } from '../dialects/dialect';
import { applyOperation } from '../model/apply';
import { invert } from '../model/invert';
import type { Operation } from '../model/operations';
import { type Column, type Schema, findColumn, findTable } from '../model/schema';
import { type TypeSpec, parseType } from '../model/types';
import { onlineToolGuide } from './guides';
import { ModelCursor, type Rendered } from './render';
import { mysqlHas } from './server';
import { existedBefore, isPerRowDefault, tableBefore, tableSize } from './tables';
import type { DraftPhase, Strategy, StrategyContext } from './types';

export type Algorithm = 'INSTANT' | 'INPLACE';

/** InnoDB stores a VARCHAR's length in one byte up to 255 bytes, in two above (utf8mb4: 4 bytes a character). */
const LENGTH_PREFIX_LIMIT = 255;
const BYTES_PER_CHAR = 4;

function sameLengthPrefix(from: number, to: number): boolean {
  return from * BYTES_PER_CHAR <= LENGTH_PREFIX_LIMIT === to * BYTES_PER_CHAR <= LENGTH_PREFIX_LIMIT;
}

/** ENUM values appended at the end (up to 255 of them: the storage stays one byte). */
function appendsEnumValues(from: TypeSpec, to: TypeSpec): boolean {
  const before = from.values ?? [];
  const after = to.values ?? [];
  return after.length >= before.length && after.length <= 255 && before.every((v, i) => after[i] === v);
}

function typeChangeAlgorithm(ctx: StrategyContext, existing: Column | undefined, type: string): Algorithm | undefined {
  if (!existing) return undefined;
  const from = parseType(existing.type);
  const to = parseType(type);
  if (from.base === 'string' && to.base === 'string' && (to.length ?? 0) >= (from.length ?? 0)) {
    if (!sameLengthPrefix(from.length ?? 0, to.length ?? 0)) return undefined;
    return mysqlHas(ctx.server, { mariadb: [10, 4] }) ? 'INSTANT' : 'INPLACE';
  }
  if (from.base === 'enum' && to.base === 'enum' && appendsEnumValues(from, to)) return 'INSTANT';
  return undefined;
}

/** A column every existing row can take without evaluating anything per row, nor rebuilding the key. */
function instantColumn(column: Column): boolean {
  return !column.autoIncrement && !column.primaryKey && !isPerRowDefault(column.default);
}

/**
 * The algorithm an operation's ALTER can name, or undefined when only COPY can do it (a type
 * change that reformats every row, ADD FOREIGN KEY with checks on, ADD CHECK): those run as they
 * are, and on a large table the guide gives the tools that copy without blocking.
 */
export function mysqlAlgorithm(ctx: StrategyContext, op: Operation, before: Schema | undefined): Algorithm | undefined {
  const column = (table: string, name: string) => {
    const t = before && findTable(before, table);
    return t && findColumn(t, name);
  };
  switch (op.kind) {
    case 'addColumn':
      return instantColumn(op.column) && mysqlHas(ctx.server, { mysql: [8, 0, 12], mariadb: [10, 3, 2] }) ? 'INSTANT' : undefined;
    case 'dropColumn': {
      const inKey = before && findTable(before, op.table)?.primaryKey.includes(op.column);
      if (inKey) return undefined;
      return mysqlHas(ctx.server, { mysql: [8, 0, 29], mariadb: [10, 4] }) ? 'INSTANT' : 'INPLACE';
    }
    case 'renameColumn':
      return mysqlHas(ctx.server, { mysql: [8, 0, 28], mariadb: [10, 5, 2] }) ? 'INSTANT' : 'INPLACE';
    case 'alterColumnType':
      return typeChangeAlgorithm(ctx, column(op.table, op.column), op.type);
    case 'setDefault':
    case 'dropDefault':
      return mysqlHas(ctx.server, { mysql: [8, 0, 12], mariadb: [10, 3] }) ? 'INSTANT' : 'INPLACE';
    case 'setNotNull':
    case 'dropNotNull':
    case 'createIndex':
    case 'dropIndex':
    case 'dropForeignKey':
      return 'INPLACE';
    default:
      return undefined;
  }
}

export function clause(algorithm: Algorithm, separator: string): string {
  return algorithm === 'INSTANT' ? `ALGORITHM=INSTANT` : `ALGORITHM=INPLACE${separator}LOCK=NONE`;
}

/** The table an operation alters, when it alters one that already exists. */
function alteredTable(op: Operation, before: Schema | undefined): string | undefined {
  if (op.kind === 'dropIndex') return op.table ?? before?.tables.find((t) => t.indexes.some((i) => i.name === op.name))?.name;
  if (op.kind === 'createTable' || op.kind === 'renameTable' || op.kind === 'sql') return undefined;
  return 'table' in op ? op.table : undefined;
}

/**
 * The statement with its algorithm clause. Only a one-statement rendering is decorated (the clause
 * must belong to the operation's own ALTER); `DROP INDEX ... ON` becomes `ALTER TABLE ... DROP
 * INDEX`, the form whose clause MariaDB accepts.
 */
function decorate(ctx: StrategyContext, op: Operation, before: Schema | undefined, up: Statement[]): Statement[] {
  const algorithm = mysqlAlgorithm(ctx, op, before);
  const table = alteredTable(op, before);
  const [only] = up;
  if (!algorithm || !table || up.length !== 1 || !only) return up;
  const q = (n: string) => ctx.dialect.quoteIdent(n);
  if (only.sql.startsWith('ALTER TABLE ')) return [{ ...only, sql: `${only.sql}, ${clause(algorithm, ', ')}` }];
  if (/^CREATE (UNIQUE )?INDEX /.test(only.sql)) return [{ ...only, sql: `${only.sql} ${clause(algorithm, ' ')}` }];
  if (op.kind === 'dropIndex' && only.sql === `DROP INDEX ${q(op.name)} ON ${q(table)}`) {
    return [{ ...only, sql: `ALTER TABLE ${q(table)} DROP INDEX ${q(op.name)}, ${clause(algorithm, ', ')}` }];
  }
  return up;
}

/** An operation and its inverse rendered by the dialect, each ALTER with its algorithm clause. */
export function renderOnline(ctx: StrategyContext, op: Operation, before: Schema | undefined): Rendered {
  const up = decorate(ctx, op, before, ctx.dialect.render(op, before ? { schema: before } : {}));
  const after = before ? applyOperation(before, op) : undefined;
  const down: Statement[] = [];
  let current = after;
  for (const inverse of invert(op, before).ops) {
    down.push(...decorate(ctx, inverse, current, ctx.dialect.render(inverse, current ? { schema: current } : {})));
    current = current ? applyOperation(current, inverse) : undefined;
  }
  return after ? { up, down, after } : { up, down };
}

/** Renders sub-operations in sequence with their algorithm clauses, the schema carried along. */
export class OnlineCursor extends ModelCursor {
  constructor(private readonly ctx: StrategyContext) {
    super(ctx.dialect, ctx.before);
  }

  override render(op: Operation): Rendered {
    const rendered = renderOnline(this.ctx, op, this.schema);
    this.schema = rendered.after;
    return rendered;
  }
}

/** The ALTER text the tools take: the statement without `ALTER TABLE <table>` and without our clause. */
function alterBody(ctx: StrategyContext, op: Operation, table: string, statement: Statement): string | undefined {
  const q = (n: string) => ctx.dialect.quoteIdent(n);
  const prefix = `ALTER TABLE ${q(table)} `;
  if (statement.sql.startsWith(prefix)) return statement.sql.slice(prefix.length);
  if (op.kind === 'createIndex') return `ADD ${op.unique ? 'UNIQUE ' : ''}INDEX ${q(op.name)} (${op.columns.map(q).join(', ')})`;
  if (op.kind === 'dropIndex') return `DROP INDEX ${q(op.name)}`;
  return undefined;
}

const ALTER_KINDS = new Set<Operation['kind']>([
  'addColumn',
  'dropColumn',
  'renameColumn',
  'alterColumnType',
  'setNotNull',
  'dropNotNull',
  'setDefault',
  'dropDefault',
  'createIndex',
  'dropIndex',
  'addForeignKey',
  'dropForeignKey',
  'addCheck',
  'dropCheck',
]);

export const mysqlOnlineDdl: Strategy = {
  id: 'mysql-online-ddl',
  matches: (op, ctx) => {
    if (ctx.dialect.name !== 'mysql' || !ALTER_KINDS.has(op.kind)) return false;
    const table = alteredTable(op, ctx.before);
    return table !== undefined && existedBefore(ctx, table);
  },
  phases: (op, ctx) => {
    const table = alteredTable(op, ctx.before) as string;
    const rendered = renderOnline(ctx, op, ctx.before);
    const algorithm = mysqlAlgorithm(ctx, op, ctx.before);
    const phase: DraftPhase = {
      name: 'migrate',
      description: algorithm
        ? `${table}: ALTER with ALGORITHM=${algorithm === 'INSTANT' ? 'INSTANT (metadata only)' : 'INPLACE, LOCK=NONE (writes go on)'}`
        : `${table}: this ALTER copies the table (no online algorithm for it)`,
      up: rendered.up,
      down: rendered.down,
      retry: rendered.up.length === 1,
    };
    if (tableSize(ctx, table) === 'large' && algorithm !== 'INSTANT') {
      const plain = ctx.dialect.render(op, ctx.before ? { schema: ctx.before } : {});
      const alters = plain.flatMap((s) => alterBody(ctx, op, table, s) ?? []);
      if (alters.length) phase.guide = onlineToolGuide(tableBefore(ctx, table), table, alters, ctx.batchSize);
    }
    return [phase];
  },
};
