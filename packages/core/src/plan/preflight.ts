import { connect } from '../db/connect';
import type { Connection } from '../db/connection';
import type { Dialect } from '../dialects/dialect';
import { MigError } from '../errors';
import { applyOperation } from '../model/apply';
import type { Operation } from '../model/operations';
import { type Column, type Schema, type Table, findColumn, findTable, isSqlExpression } from '../model/schema';
import { type TypeSpec, parseType } from '../model/types';
import type { AnalyzeTarget } from '../safety/types';

/**
 * Pre-flight checks: read-only queries run against the live database (`--db`) before a plan is
 * generated, telling whether the migration would fail or lose data on the rows already there.
 */
export type PreflightKind = 'notNull' | 'unique' | 'foreignKey' | 'narrowing' | 'check';

/** One question about the existing rows, with the queries that answer it. */
export interface PreflightCheck {
  kind: PreflightKind;
  table: string;
  columns: string[];
  /** what an offending row is, as a phrase after "N rows of <table>" */
  offending: string;
  /** what the migration would do to such rows */
  consequence: string;
  /** `SELECT COUNT(*) AS n ...`: the number of offending rows */
  countSql?: string;
  /** the first offending rows: their key columns, in key order */
  sampleSql?: string;
  /** the columns a sample row is named by (the primary key, else the checked columns) */
  keyColumns: string[];
  /** the fix, to run as a phase before this migration */
  fix: string;
  /** why the check cannot be run on this database (the answer is then unknown) */
  unchecked?: string;
}

/** The answer to one check, as it appears in the plan (`analysis.preflight`) and the report. */
export interface PreflightResult {
  check: PreflightKind;
  table: string;
  columns: string[];
  /** the question, in words */
  question: string;
  /** `ok`: no offending rows; `violations`: some; `unknown`: the check could not run */
  status: 'ok' | 'violations' | 'unknown';
  /** the read-only query that counts the offending rows (run it again to re-check) */
  query?: string;
  /** offending rows (only when the query ran) */
  rows?: number;
  /** the first offending rows' keys, e.g. `id=7` */
  sample?: string[];
  /** the phase to run first when there are offending rows */
  fix?: string;
  /** why the answer is unknown */
  note?: string;
}

export interface PreflightOptions {
  /** bound on each query (default 30 s); a query that runs longer leaves its answer unknown */
  timeoutMs?: number;
  /** offending rows named per check (default 5) */
  sampleSize?: number;
  target?: AnalyzeTarget;
}

export const DEFAULT_PREFLIGHT_TIMEOUT_MS = 30_000;
const DEFAULT_SAMPLE = 5;

const INTEGER_RANGE: Record<string, [bigint, bigint]> = {
  smallint: [-32768n, 32767n],
  integer: [-2147483648n, 2147483647n],
  bigint: [-9223372036854775808n, 9223372036854775807n],
};
const INTEGERS = new Set(Object.keys(INTEGER_RANGE));
const NUMBERS = new Set(['smallint', 'integer', 'bigint', 'decimal', 'float', 'double']);
const STRINGS = new Set(['string', 'text']);
const INTEGER_TEXT = '^[[:space:]]*[-+]?[0-9]+[[:space:]]*$';
const NUMBER_TEXT = '^[[:space:]]*[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?[[:space:]]*$';
const UUID_TEXT = '^[{]?[0-9a-fA-F]{8}-?([0-9a-fA-F]{4}-?){3}[0-9a-fA-F]{12}[}]?$';

class CheckBuilder {
  readonly q: (name: string) => string;

  constructor(
    readonly dialect: Dialect,
    readonly table: Table,
    readonly sampleSize: number,
  ) {
    this.q = (name) => dialect.quoteIdent(name);
  }

  get name(): string {
    return this.q(this.table.name);
  }

  keyColumns(columns: string[]): string[] {
    return this.table.primaryKey.length > 0 ? this.table.primaryKey : columns;
  }

  /** count and sample queries for rows matching `where` */
  rowsWhere(where: string, columns: string[]): Pick<PreflightCheck, 'countSql' | 'sampleSql' | 'keyColumns'> {
    const keys = this.keyColumns(columns);
    const keyList = keys.map(this.q).join(', ');
    return {
      countSql: `SELECT COUNT(*) AS n FROM ${this.name} WHERE ${where}`,
      sampleSql: `SELECT ${keyList} FROM ${this.name} WHERE ${where} ORDER BY ${keyList} LIMIT ${this.sampleSize}`,
      keyColumns: keys,
    };
  }

  notNull(column: string, reason: string): PreflightCheck {
    const col = findColumn(this.table, column);
    const value = col?.default !== undefined ? phraseValue(col.default) : '…';
    return {
      kind: 'notNull',
      table: this.table.name,
      columns: [column],
      offending: `have ${column} NULL`,
      consequence: `${reason} would fail on them`,
      ...this.rowsWhere(`${this.q(column)} IS NULL`, [column]),
      fix: `backfill them first: mig plan "backfill ${this.table.name}.${column} = ${value} where ${column} is null"`,
    };
  }

  everyRow(column: Column): PreflightCheck {
    return {
      kind: 'notNull',
      table: this.table.name,
      columns: [column.name],
      offending: `exist, and would get ${column.name} NULL`,
      consequence: `adding ${column.name} NOT NULL without a default would fail`,
      ...this.rowsWhere('1 = 1', [column.name]),
      fix: `give ${column.name} a default ("… not null default <value>"), or add it nullable, backfill, then make it not null`,
    };
  }

  /** a unique column added with a constant default: every row gets the same value */
  sameValue(column: Column): PreflightCheck {
    return {
      kind: 'unique',
      table: this.table.name,
      columns: [column.name],
      offending: `exist, and would all get ${column.name} = ${phraseValue(column.default)}`,
      consequence: `the unique index on the new ${column.name} would fail when there is more than one row`,
      countSql: `SELECT CASE WHEN COUNT(*) > 1 THEN COUNT(*) ELSE 0 END AS n FROM ${this.name}`,
      sampleSql: `SELECT ${this.keyColumns([]).map(this.q).join(', ') || '1 AS one'} FROM ${this.name} LIMIT ${this.sampleSize}`,
      keyColumns: this.keyColumns([]),
      fix: `add ${column.name} without the default, backfill distinct values, then make it unique`,
    };
  }

  unique(columns: string[], what: string): PreflightCheck {
    const cols = columns.map(this.q).join(', ');
    const notNull = columns.map((c) => `${this.q(c)} IS NOT NULL`).join(' AND ');
    const dupes = `(${cols}) IN (SELECT ${cols} FROM ${this.name} WHERE ${notNull} GROUP BY ${cols} HAVING COUNT(*) > 1)`;
    const keys = this.keyColumns(columns);
    const single = this.table.primaryKey.length === 1 ? this.q(this.table.primaryKey[0]!) : undefined;
    const dedupe = single
      ? `DELETE FROM ${this.name} WHERE ${notNull} AND ${single} NOT IN (SELECT keep FROM (SELECT MIN(${single}) AS keep FROM ${this.name} GROUP BY ${cols}) k)`
      : undefined;
    const sampleKeys = [...new Set([...columns, ...keys])];
    return {
      kind: 'unique',
      table: this.table.name,
      columns,
      offending: `share their (${columns.join(', ')}) with another row`,
      consequence: `${what} would fail`,
      countSql: `SELECT COUNT(*) AS n FROM ${this.name} WHERE ${dupes}`,
      sampleSql: `SELECT ${sampleKeys.map(this.q).join(', ')} FROM ${this.name} WHERE ${dupes} ORDER BY ${sampleKeys.map(this.q).join(', ')} LIMIT ${this.sampleSize}`,
      keyColumns: sampleKeys,
      fix: dedupe
        ? `dedupe first, keeping the lowest ${this.table.primaryKey[0]} of each (review it, it deletes rows): ${dedupe}`
        : `merge or delete the duplicate rows first`,
    };
  }

  foreignKey(columns: string[], parent: string, refColumns: string[], nullable: boolean): PreflightCheck {
    const p = this.q(parent);
    const joined = columns.map((c, i) => `p.${this.q(refColumns[i]!)} = ${this.name}.${this.q(c)}`).join(' AND ');
    const notNull = columns.map((c) => `${this.name}.${this.q(c)} IS NOT NULL`).join(' AND ');
    const orphan = `${notNull} AND NOT EXISTS (SELECT 1 FROM ${p} p WHERE ${joined})`;
    const keys = [...new Set([...this.keyColumns(columns), ...columns])];
    const keyList = keys.map((k) => `${this.name}.${this.q(k)}`).join(', ');
    const fix = nullable
      ? `detach them first: UPDATE ${this.name} SET ${columns.map((c) => `${this.q(c)} = NULL`).join(', ')} WHERE ${orphan}`
      : `delete them first (review it, it deletes rows): DELETE FROM ${this.name} WHERE ${orphan}`;
    return {
      kind: 'foreignKey',
      table: this.table.name,
      columns,
      offending: `have a ${columns.join(', ')} with no matching ${parent} row`,
      consequence: `the foreign key to ${parent}(${refColumns.join(', ')}) would fail to validate`,
      countSql: `SELECT COUNT(*) AS n FROM ${this.name} WHERE ${orphan}`,
      sampleSql: `SELECT ${keyList} FROM ${this.name} WHERE ${orphan} ORDER BY ${keyList} LIMIT ${this.sampleSize}`,
      keyColumns: keys,
      fix,
    };
  }

  check(name: string, expression: string): PreflightCheck {
    return {
      kind: 'check',
      table: this.table.name,
      columns: [],
      offending: `fail (${expression})`,
      consequence: `the check ${name} would fail to validate`,
      ...this.rowsWhere(`NOT (${expression})`, []),
      fix: 'fix those rows first',
    };
  }

  narrowing(column: Column, to: string): PreflightCheck | undefined {
    const from = parseType(column.type);
    const target = parseType(to);
    const c = this.q(column.name);
    const base: Omit<PreflightCheck, 'offending' | 'keyColumns'> = {
      kind: 'narrowing',
      table: this.table.name,
      columns: [column.name],
      consequence: `changing ${column.name} from ${column.type} to ${to} would fail or cut them`,
      fix: `choose a type that holds them, or change those rows first`,
    };
    const rows = (where: string, offending: string): PreflightCheck => ({
      ...base,
      offending,
      ...this.rowsWhere(`${c} IS NOT NULL AND (${where})`, [column.name]),
    });
    const unchecked = (why: string): PreflightCheck => ({ ...base, offending: `hold values ${to} cannot take`, keyColumns: [], unchecked: why });
    const pf = this.dialect.preflight;
    if (!pf.enforcesTypes && target.base !== 'enum') {
      return undefined;
    }
    if (target.base === 'string' && target.length !== undefined) {
      if (from.base === 'string' && (from.length ?? Infinity) <= target.length) return undefined;
      return rows(`${pf.charLength(c)} > ${target.length}`, `have ${column.name} longer than ${target.length} characters`);
    }
    if (INTEGERS.has(target.base)) {
      const [min, max] = INTEGER_RANGE[target.base]!;
      if (NUMBERS.has(from.base)) {
        if (INTEGERS.has(from.base) && widerOrSame(from.base, target.base)) return undefined;
        const fraction = INTEGERS.has(from.base) ? '' : ` OR ${c} <> ROUND(${c})`;
        return rows(`${c} < ${min} OR ${c} > ${max}${fraction}`, `have ${column.name} outside ${target.base} or with a fraction`);
      }
      if (STRINGS.has(from.base)) {
        if (!pf.notMatching) return unchecked(`${this.dialect.label} has no regular expressions to test the text`);
        return rows(pf.notMatching(c, INTEGER_TEXT), `have ${column.name} text that is not a whole number`);
      }
      return undefined;
    }
    if (target.base === 'decimal' && target.precision !== undefined) {
      const scale = target.scale ?? 0;
      const limit = `1${'0'.repeat(target.precision - scale)}`;
      if (NUMBERS.has(from.base)) {
        if (from.base === 'decimal' && fitsDecimal(from, target)) return undefined;
        if (INTEGERS.has(from.base) && decimalHoldsInteger(from.base, target)) return undefined;
        const rounding = INTEGERS.has(from.base) ? '' : ` OR ${c} <> ROUND(${c}, ${scale})`;
        return rows(`ABS(${c}) >= ${limit}${rounding}`, `have ${column.name} too large for ${to} or with more than ${scale} decimals`);
      }
      if (STRINGS.has(from.base)) {
        if (!pf.notMatching) return unchecked(`${this.dialect.label} has no regular expressions to test the text`);
        return rows(pf.notMatching(c, NUMBER_TEXT), `have ${column.name} text that is not a number`);
      }
      return undefined;
    }
    if (target.base === 'uuid' && STRINGS.has(from.base)) {
      if (!pf.notMatching) return unchecked(`${this.dialect.label} has no regular expressions to test the text`);
      return rows(pf.notMatching(c, UUID_TEXT), `have ${column.name} text that is not a UUID`);
    }
    if (target.base === 'date' && (from.base === 'timestamp' || from.base === 'timestamptz')) {
      return rows(`CAST(${c} AS DATE) <> ${c}`, `have a time of day in ${column.name}, which a date drops`);
    }
    if (target.base === 'enum') {
      const values = target.values ?? [];
      const allowed = values.map((v) => this.dialect.renderValue(v)).join(', ');
      if (from.base === 'enum' && (from.values ?? []).every((v) => values.includes(v))) return undefined;
      return rows(`${this.textOf(c)} NOT IN (${allowed})`, `have ${column.name} outside (${values.join(', ')})`);
    }
    if (STRINGS.has(from.base) && !STRINGS.has(target.base) && target.base !== 'json' && target.base !== 'jsonb') {
      return unchecked(`mig cannot test text for ${to} values; try the change on a copy of the table first`);
    }
    return undefined;
  }

  /** an enum column compared with text (PostgreSQL enums do not compare with unknown literals of another type) */
  private textOf(expr: string): string {
    return this.dialect.name === 'postgres' ? `${expr}::text` : expr;
  }
}

function widerOrSame(from: string, to: string): boolean {
  const order = ['smallint', 'integer', 'bigint'];
  return order.indexOf(from) <= order.indexOf(to);
}

function fitsDecimal(from: TypeSpec, to: TypeSpec): boolean {
  if (from.precision === undefined || to.precision === undefined) return to.precision === undefined;
  const fromScale = from.scale ?? 0;
  const toScale = to.scale ?? 0;
  return toScale >= fromScale && to.precision - toScale >= from.precision - fromScale;
}

function decimalHoldsInteger(from: string, to: TypeSpec): boolean {
  const digits: Record<string, number> = { smallint: 5, integer: 10, bigint: 19 };
  return (to.precision ?? Infinity) - (to.scale ?? 0) >= (digits[from] ?? Infinity);
}

/** A value as the backfill phrase writes it. */
function phraseValue(value: Column['default']): string {
  if (value === undefined) return '…';
  if (isSqlExpression(value)) return value.sql.toLowerCase();
  if (typeof value === 'string') return `'${value.replace(/'/g, "''")}'`;
  return String(value);
}

/** Columns whose data an earlier operation of the plan changes: their current rows say nothing. */
function touchedBy(op: Operation): string[] {
  switch (op.kind) {
    case 'backfill':
      return Object.keys(op.set).map((c) => `${op.table}.${c}`);
    case 'alterColumnType':
    case 'setDefault':
      return [`${op.table}.${op.column}`];
    case 'sql':
      return ['*'];
    default:
      return [];
  }
}

/**
 * The pre-flight checks of a plan's operations (dependents already expanded), against the schema
 * before the change. Only tables and columns that exist now, and whose rows no earlier operation
 * of the plan rewrites, are asked about.
 */
export function preflightChecks(
  operations: Operation[],
  schema: Schema,
  dialect: Dialect,
  options: Pick<PreflightOptions, 'sampleSize'> = {},
): PreflightCheck[] {
  const sampleSize = options.sampleSize ?? DEFAULT_SAMPLE;
  const checks: PreflightCheck[] = [];
  const touched = new Set<string>();
  let current = schema;
  const existing = (table: string, columns: string[]): Table | undefined => {
    if (touched.has('*')) return undefined;
    const now = findTable(current, table);
    const before = findTable(schema, table);
    if (!now || !before) return undefined;
    const same = columns.every((c) => findColumn(before, c) && findColumn(now, c) && !touched.has(`${table}.${c}`));
    return same ? before : undefined;
  };
  for (const op of operations) {
    const build = (table: Table) => new CheckBuilder(dialect, table, sampleSize);
    switch (op.kind) {
      case 'setNotNull': {
        const t = existing(op.table, [op.column]);
        if (t && findColumn(t, op.column)?.nullable) checks.push(build(t).notNull(op.column, 'SET NOT NULL'));
        break;
      }
      case 'addColumn': {
        const t = existing(op.table, []);
        const c = op.column;
        const fillsImplicitly = dialect.preflight.addNotNullFillsImplicitDefault;
        if (t && !c.nullable && c.default === undefined && !c.autoIncrement && !c.primaryKey && !fillsImplicitly) {
          checks.push(build(t).everyRow(c));
        }
        if (t && c.unique && c.default !== undefined && c.default !== null) checks.push(build(t).sameValue(c));
        break;
      }
      case 'createIndex': {
        const t = existing(op.table, op.columns);
        if (t && op.unique) checks.push(build(t).unique(op.columns, `the unique index ${op.name}`));
        break;
      }
      case 'addForeignKey': {
        const t = existing(op.table, op.columns);
        const parent = existing(op.refTable, op.refColumns);
        if (t && parent) {
          const nullable = op.columns.every((c) => findColumn(t, c)?.nullable);
          checks.push(build(t).foreignKey(op.columns, op.refTable, op.refColumns, nullable));
        }
        break;
      }
      case 'addCheck': {
        const t = existing(op.table, []);
        if (t) checks.push(build(t).check(op.name, op.expression));
        break;
      }
      case 'alterColumnType': {
        const t = existing(op.table, [op.column]);
        const column = t && findColumn(t, op.column);
        const check = column && build(t).narrowing(column, op.type);
        if (check) checks.push(check);
        break;
      }
      default:
        break;
    }
    for (const key of touchedBy(op)) touched.add(key);
    try {
      current = applyOperation(current, op);
    } catch {
      touched.add('*');
    }
  }
  return checks;
}

function keyText(row: Record<string, unknown>, keys: string[]): string {
  const value = (v: unknown): string => {
    if (v === null || v === undefined) return 'NULL';
    if (v instanceof Date) return v.toISOString();
    if (Buffer.isBuffer(v)) return `0x${v.toString('hex')}`;
    if (typeof v === 'string' && !/^-?\d+(\.\d+)?$/.test(v)) return `'${v.length > 40 ? `${v.slice(0, 40)}…` : v}'`;
    return String(v);
  };
  const values = Object.values(row);
  return keys.map((k, i) => `${k}=${value(row[k] ?? values[i])}`).join(' ');
}

function question(check: PreflightCheck): string {
  return `rows of ${check.table} that ${check.offending}: ${check.consequence}`;
}

/**
 * Run pre-flight checks on a (read-only) connection, one query at a time, each bounded by the
 * timeout. A check that cannot run, or runs out of time, is answered `unknown` with the reason.
 */
export async function runPreflight(
  db: Connection,
  dialect: Dialect,
  checks: PreflightCheck[],
  options: PreflightOptions = {},
): Promise<PreflightResult[]> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_PREFLIGHT_TIMEOUT_MS;
  const limit = options.target && dialect.preflight.statementTimeout?.(timeoutMs, options.target);
  if (limit && checks.length > 0) await db.exec(limit);
  const results: PreflightResult[] = [];
  for (const check of checks) {
    const base = { check: check.kind, table: check.table, columns: check.columns, question: question(check) };
    if (check.unchecked || !check.countSql || !check.sampleSql) {
      results.push({ ...base, status: 'unknown', note: check.unchecked ?? 'no query for this check' });
      continue;
    }
    try {
      const [row] = await db.query<{ n: unknown }>(check.countSql);
      const rows = Number(row?.n ?? 0);
      if (rows === 0) {
        results.push({ ...base, status: 'ok', query: check.countSql, rows: 0 });
        continue;
      }
      const sample = (await db.query(check.sampleSql)).map((r) => keyText(r, check.keyColumns));
      results.push({ ...base, status: 'violations', query: check.countSql, rows, sample, fix: check.fix });
    } catch (e) {
      const reason = (e as Error).message.split('\n')[0] ?? 'the query failed';
      results.push({
        ...base,
        status: 'unknown',
        query: check.countSql,
        note: `the check did not finish (${reason}); run the query yourself before migrating`,
      });
    }
  }
  return results;
}

/**
 * The error for a plan that would certainly fail or cut data: the first offending check, its first
 * rows' keys, and the phase to run first. Undefined when every check passed or is unknown.
 */
export function preflightError(results: PreflightResult[]): MigError | undefined {
  const failed = results.filter((r) => r.status === 'violations');
  const first = failed[0];
  if (!first) return undefined;
  const more = failed.length > 1 ? ` (and ${failed.length - 1} more pre-flight check${failed.length > 2 ? 's' : ''} failed)` : '';
  const shown = (first.sample ?? []).join(', ');
  return new MigError(
    `pre-flight: ${first.rows} ${first.question}${shown ? `; first: ${shown}` : ''}${more}; ${first.fix ?? 'fix those rows first'}`,
    { code: 'PREFLIGHT_FAILED' },
  );
}

/** Open the database read-only, run the checks of a plan's operations, close it. */
export async function preflightDatabase(
  url: string,
  dialect: Dialect,
  operations: Operation[],
  schema: Schema,
  options: PreflightOptions = {},
): Promise<PreflightResult[]> {
  const checks = preflightChecks(operations, schema, dialect, options);
  if (checks.length === 0) return [];
  const db = await connect(url, { readOnly: true });
  try {
    return await runPreflight(db, dialect, checks, options);
  } finally {
    await db.close();
  }
}
