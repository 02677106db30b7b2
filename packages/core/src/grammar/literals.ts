import { MigError } from '../errors';
import type { DefaultValue, SqlExpression } from '../model/schema';
import { isSqlExpression } from '../model/schema';
import { parseType } from '../model/types';
import type { Cursor } from './cursor';

/** A value written in a description: the value (null for SQL NULL) and its text as written. */
export interface Literal {
  value: DefaultValue | null;
  text: string;
}

export const CURRENT_TIMESTAMP: SqlExpression = { sql: 'CURRENT_TIMESTAMP' };
export const CURRENT_DATE: SqlExpression = { sql: 'CURRENT_DATE' };

/** The only expressions a value may name: the ones every dialect spells the same way. */
const EXPRESSIONS = new Map<string, SqlExpression>([
  ['now', CURRENT_TIMESTAMP],
  ['current_timestamp', CURRENT_TIMESTAMP],
  ['current_date', CURRENT_DATE],
]);

const WORDS = new Map<string, boolean | null>([
  ['true', true],
  ['false', false],
  ['null', null],
]);

export const LITERAL_HELP = "a number, true/false, 'text', null, now() or current_date";

function numberLiteral(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n)) {
    throw new MigError(`number ${text} is out of range; write a smaller number`, { code: 'BAD_DEFAULT' });
  }
  return n;
}

/** Read a literal at the cursor, or return undefined (without moving) when the next token is not one. */
export function readLiteral(c: Cursor): Literal | undefined {
  const t = c.peek();
  if (!t) return undefined;
  if (t.kind === 'number') {
    c.index += 1;
    return { value: numberLiteral(t.value), text: t.value };
  }
  if (t.kind === 'string') {
    c.index += 1;
    return { value: t.value, text: c.source.slice(t.start, t.end) };
  }
  if (t.kind !== 'word') return undefined;
  const word = t.value.toLowerCase();
  const constant = WORDS.get(word);
  if (constant !== undefined) {
    c.index += 1;
    return { value: constant, text: word };
  }
  const expression = EXPRESSIONS.get(word);
  if (!expression) return undefined;
  c.index += 1;
  if (c.isPunct(0, '(') && c.isPunct(1, ')')) c.index += 2;
  return { value: expression, text: expression.sql };
}

/** Read a literal that must be there: after `default` or `to`. */
export function requireLiteral(c: Cursor, what: string): Literal {
  const lit = readLiteral(c);
  if (lit) return lit;
  const t = c.peek();
  const got = t ? `"${c.source.slice(t.start, t.end)}"` : 'nothing';
  throw new MigError(`${what} needs a value but got ${got}; write ${LITERAL_HELP}`, { code: 'BAD_DEFAULT' });
}

/** The type a column gets from its default when neither a type nor its name says more. */
export function typeOfValue(value: DefaultValue): string {
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? (Math.abs(value) < 2 ** 31 ? 'integer' : 'bigint') : 'decimal';
  if (isSqlExpression(value)) return value.sql === CURRENT_DATE.sql ? 'date' : 'timestamp';
  return value.length > 255 ? 'text' : 'string(255)';
}

const INTEGER_RANGE: Record<string, number> = { smallint: 2 ** 15, integer: 2 ** 31, bigint: 2 ** 53 };
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function integerDigits(n: number): number {
  return Math.trunc(Math.abs(n)).toString().length;
}

/** Why `value` cannot be the default of a column of `type`, or undefined when it fits. */
function misfit(type: string, value: DefaultValue): string | undefined {
  const spec = parseType(type);
  const isString = typeof value === 'string';
  const isSql = isSqlExpression(value);
  switch (spec.base) {
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'write true or false';
    case 'smallint':
    case 'integer':
    case 'bigint': {
      const limit = INTEGER_RANGE[spec.base] ?? 2 ** 53;
      if (typeof value !== 'number' || !Number.isInteger(value)) return 'write a whole number such as 0';
      return value >= -limit && value < limit ? undefined : `the value is out of range for ${spec.base}`;
    }
    case 'decimal':
    case 'float':
    case 'double': {
      if (typeof value !== 'number') return 'write a number such as 0';
      const p = spec.precision;
      const room = p === undefined ? undefined : p - (spec.scale ?? 0);
      return room === undefined || integerDigits(value) <= Math.max(room, 1) ? undefined : `${type} holds at most ${room} digits before the point`;
    }
    case 'string':
    case 'text':
      if (!isString) return `quote it, as in '${isSql ? value.sql : String(value)}'`;
      return spec.length === undefined || value.length <= spec.length ? undefined : `the value is ${value.length} characters; the column holds ${spec.length}`;
    case 'enum':
      return isString && spec.values?.includes(value) ? undefined : `write one of ${(spec.values ?? []).map((v) => `'${v}'`).join(', ')}`;
    case 'date':
      return (isSql && value.sql === CURRENT_DATE.sql) || (isString && DATE.test(value)) ? undefined : "write current_date or 'YYYY-MM-DD'";
    case 'time':
      return isString && TIME.test(value) ? undefined : "write 'HH:MM' or 'HH:MM:SS'";
    case 'timestamp':
    case 'timestamptz':
      return (isSql && value.sql === CURRENT_TIMESTAMP.sql) || (isString && TIMESTAMP.test(value))
        ? undefined
        : "write now() or 'YYYY-MM-DD HH:MM:SS'";
    case 'uuid':
      return isString && UUID.test(value) ? undefined : "write a quoted uuid such as '00000000-0000-0000-0000-000000000000'";
    case 'json':
    case 'jsonb':
      return isString && isJson(value) ? undefined : `write quoted JSON such as '{}'`;
    case 'binary':
      return 'binary columns take no default here; leave the default out';
  }
}

/** Check that a default fits its column's type; the value is returned unchanged. */
export function fitDefault(column: string, type: string, lit: Literal & { value: DefaultValue }): DefaultValue {
  const problem = misfit(type, lit.value);
  if (problem) {
    throw new MigError(`default ${lit.text} does not fit ${type} column ${column}; ${problem}`, { code: 'BAD_DEFAULT' });
  }
  return lit.value;
}
