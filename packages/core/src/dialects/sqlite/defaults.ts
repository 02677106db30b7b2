import { MigError } from '../../errors';
import { type DefaultValue, isSqlExpression } from '../../model/schema';
import { parseType } from '../../model/types';
import { quoteString } from './quote';
import { tokenize } from './table-sql';

const NUMERIC_TYPES = new Set(['integer', 'bigint', 'smallint', 'decimal', 'float', 'double']);
const CURRENT_TIME = /^current_(?:timestamp|date|time)$/i;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
const INTEGER = /^[+-]?\d+$/;

function renderNumber(value: number): string {
  if (!Number.isFinite(value)) {
    throw new MigError(`the number ${value} has no SQL literal; use a finite number`, { code: 'BAD_VALUE' });
  }
  return String(value);
}

/**
 * A value in an expression (backfill): booleans as 1/0, which is how SQLite stores them and
 * what every SQLite version accepts; SQL expressions as written.
 */
export function renderLiteral(value: DefaultValue | null): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') return renderNumber(value);
  if (typeof value === 'string') return quoteString(value);
  return value.sql;
}

/**
 * The text after DEFAULT. SQLite takes literals and the CURRENT_* keywords bare; any other
 * expression must be parenthesised. SQLite reports the default back without those parentheses.
 */
export function renderDefault(value: DefaultValue): string {
  if (isSqlExpression(value)) {
    const sql = value.sql.trim();
    return CURRENT_TIME.test(sql) ? sql.toUpperCase() : `(${sql})`;
  }
  return renderLiteral(value);
}

/** A default SQLite can add to existing rows with ADD COLUMN: a constant, not an expression. */
export function isConstantDefault(value: DefaultValue | undefined): boolean {
  return value !== undefined && !isSqlExpression(value);
}

function booleanOf(text: string): boolean | undefined {
  const t = text.trim().toLowerCase();
  if (t === '1' || t === 'true') return true;
  if (t === '0' || t === 'false') return false;
  return undefined;
}

/** A literal's value for a column of the given portable base type. */
function literalFor(text: string, base: string): DefaultValue {
  if (base === 'boolean') return booleanOf(text) ?? text;
  if (!NUMERIC_TYPES.has(base) || !NUMBER.test(text.trim())) return text;
  const n = Number(text);
  // Integers beyond 2^53 stay text rather than come back as a different number.
  return INTEGER.test(text.trim()) && !Number.isSafeInteger(n) ? text : n;
}

/**
 * The default a column reports (`dflt_value` of PRAGMA table_xinfo, the SQL text as written),
 * mapped back by the column's portable type; undefined for no default or DEFAULT NULL.
 */
export function parseDefault(text: string | null, type: string): DefaultValue | undefined {
  if (text === null) return undefined;
  const sql = text.trim();
  const base = parseType(type).base;
  if (/^null$/i.test(sql)) return undefined;
  if (CURRENT_TIME.test(sql)) return { sql: sql.toUpperCase() };
  const tokens = tokenize(sql);
  if (tokens.length === 1 && tokens[0]?.kind === 'string') return literalFor(tokens[0].value, base);
  if (NUMBER.test(sql) || /^(?:true|false)$/i.test(sql)) {
    return base === 'boolean' || NUMERIC_TYPES.has(base) ? literalFor(sql.toLowerCase(), base) : sql;
  }
  return { sql };
}

/** How a model default reads back from SQLite: as PRAGMA table_xinfo reports it, mapped back by type. */
export function canonicalDefault(value: DefaultValue, type: string): DefaultValue | undefined {
  const reported = isSqlExpression(value) ? value.sql.trim() : renderDefault(value);
  return parseDefault(reported, type);
}
