/**
 * What the analyzer reads from expressions: whether a default is volatile (a volatile default
 * makes ADD COLUMN rewrite the table), whether a CHECK proves a column NOT NULL, and whether an
 * UPDATE's WHERE clause limits it to one batch of keys.
 */
import { type Fields, as, columnRefName, lastName, list, str, unwrap } from './ast';

/** pg_proc.provolatile = 'v' among functions used as column defaults (catalog and common extensions). */
const VOLATILE_FUNCTIONS = new Set([
  'random',
  'random_normal',
  'clock_timestamp',
  'timeofday',
  'gen_random_uuid',
  'uuidv4',
  'uuidv7',
  'uuid_generate_v1',
  'uuid_generate_v1mc',
  'uuid_generate_v4',
  'gen_random_bytes',
  'nextval',
  'currval',
  'lastval',
  'setval',
  'setseed',
]);

/** Catalog functions that are immutable or stable (pg_proc.provolatile 'i' / 's') and often used in defaults. */
const NON_VOLATILE_FUNCTIONS = new Set([
  'now',
  'statement_timestamp',
  'transaction_timestamp',
  'current_setting',
  'lower',
  'upper',
  'concat',
  'concat_ws',
  'format',
  'length',
  'md5',
  'sha256',
  'trim',
  'btrim',
  'ltrim',
  'rtrim',
  'substr',
  'substring',
  'replace',
  'left',
  'right',
  'lpad',
  'rpad',
  'encode',
  'decode',
  'date_trunc',
  'date_part',
  'extract',
  'age',
  'timezone',
  'make_date',
  'make_time',
  'make_interval',
  'make_timestamp',
  'make_timestamptz',
  'to_timestamp',
  'to_char',
  'to_date',
  'to_number',
  'abs',
  'round',
  'floor',
  'ceil',
  'ceiling',
  'trunc',
  'greatest',
  'least',
  'to_json',
  'to_jsonb',
  'json_build_object',
  'jsonb_build_object',
  'json_build_array',
  'jsonb_build_array',
  'array_fill',
  'uuid_nil',
  'int4',
  'int8',
  'text',
  'numeric',
]);

export interface Volatility {
  volatile: boolean;
  /** functions whose volatility the analyzer does not know (treated as volatile) */
  unknown: string[];
  /** the first volatile function found, for messages: `random()` */
  culprit?: string;
  /** the culprit is one of the unknown functions */
  assumed: boolean;
}

/** Is an expression volatile? Unknown functions count as volatile, and are listed. */
export function volatility(expr: unknown): Volatility {
  const out: Volatility = { volatile: false, unknown: [], assumed: false };
  visitCalls(expr, (name) => {
    const known = VOLATILE_FUNCTIONS.has(name);
    if (!known && NON_VOLATILE_FUNCTIONS.has(name)) return;
    if (!known) out.unknown.push(name);
    if (!out.volatile) {
      out.volatile = true;
      out.culprit = `${name}()`;
      out.assumed = !known;
    }
  });
  return out;
}

function visitCalls(node: unknown, visit: (name: string) => void): void {
  if (Array.isArray(node)) {
    for (const n of node) visitCalls(n, visit);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  for (const key in node) {
    const value = (node as Fields)[key];
    if (key === 'FuncCall') {
      const name = lastName((value as Fields)['funcname']);
      if (name) visit(name);
    }
    // A subquery in a default is not allowed, and a type name holds no calls.
    if (key !== 'typeName' && typeof value === 'object') visitCalls(value, visit);
  }
}

/** The conjuncts of an expression's top-level AND. */
export function conjuncts(expr: unknown): unknown[] {
  const b = as(expr, 'BoolExpr');
  if (b && b['boolop'] === 'AND_EXPR') return list(b['args']).flatMap(conjuncts);
  return expr === undefined ? [] : [expr];
}

/** The columns an expression's top-level `c IS NOT NULL` conjuncts prove non-null. */
export function notNullColumns(expr: unknown): string[] {
  return conjuncts(expr).flatMap((c) => {
    const t = as(c, 'NullTest');
    if (!t || t['nulltesttype'] !== 'IS_NOT_NULL') return [];
    return columnRefName(t['arg']) ?? [];
  });
}

/** Every column an expression mentions. */
export function columnsIn(expr: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(expr)) {
    for (const e of expr) columnsIn(e, out);
    return out;
  }
  if (typeof expr !== 'object' || expr === null) return out;
  const name = columnRefName(expr);
  if (name) out.add(name);
  for (const key in expr) {
    const value = (expr as Fields)[key];
    if (typeof value === 'object') columnsIn(value, out);
  }
  return out;
}

export interface BatchKeys {
  /** columns the table is keyed by (primary key, unique indexes): equality on one picks a row */
  keys: string[];
  /** leading columns of its indexes: a bounded range on one reads only that range; undefined when unknown */
  indexed?: string[];
}

function isValue(node: unknown): boolean {
  const type = unwrap(node)?.type;
  return type === 'A_Const' || type === 'ParamRef' || type === 'TypeCast' || type === 'FuncCall';
}

/**
 * Does a WHERE clause limit an UPDATE to one batch: a bounded key range (`id BETWEEN a AND b`,
 * `id >= a AND id < b`), equality or IN on a key, or a key IN a subquery with LIMIT?
 */
export function isBatchPredicate(where: unknown, batch: BatchKeys): boolean {
  const lower = new Set<string>();
  const upper = new Set<string>();
  const rangeOk = (col: string) => col === 'ctid' || !batch.indexed || batch.indexed.includes(col);
  const keyOk = (col: string) => col === 'ctid' || batch.keys.includes(col);
  for (const c of conjuncts(where)) {
    const e = as(c, 'A_Expr');
    const sub = as(c, 'SubLink');
    if (sub) {
      const col = columnRefName(sub['testexpr']);
      const select = as(sub['subselect'], 'SelectStmt');
      if (col && keyOk(col) && sub['subLinkType'] === 'ANY_SUBLINK' && select?.['limitCount'] !== undefined) return true;
      continue;
    }
    if (!e) continue;
    const kind = str(e['kind']);
    const op = lastName(e['name']);
    const left = columnRefName(e['lexpr']);
    const right = columnRefName(e['rexpr']);
    if (kind === 'AEXPR_BETWEEN' && left && rangeOk(left)) return true;
    if ((kind === 'AEXPR_IN' || kind === 'AEXPR_OP_ANY') && left && keyOk(left)) return true;
    if (kind !== 'AEXPR_OP') continue;
    const col = left && isValue(e['rexpr']) ? left : right && isValue(e['lexpr']) ? right : undefined;
    if (!col) continue;
    const flipped = col === right;
    if (op === '=' && keyOk(col)) return true;
    if (!rangeOk(col)) continue;
    if (op === '<' || op === '<=') (flipped ? lower : upper).add(col);
    if (op === '>' || op === '>=') (flipped ? upper : lower).add(col);
  }
  return [...lower].some((col) => upper.has(col));
}
