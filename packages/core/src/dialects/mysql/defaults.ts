import { MigError } from '../../errors';
import { type DefaultValue, type SqlExpression, isSqlExpression } from '../../model/schema';
import type { PortableTypeBase, TypeSpec } from '../../model/types';

const NUMERIC_TYPES = new Set<PortableTypeBase>(['integer', 'bigint', 'smallint', 'decimal', 'float', 'double']);
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
const INTEGER = /^[+-]?\d+$/;
const BOOLEAN_INPUT: Record<string, boolean> = { '1': true, true: true, '0': false, false: false };

/**
 * A string literal that means the same text whatever sql_mode says: quotes doubled, and
 * backslashes doubled so that no backslash can escape the closing quote.
 */
export function quoteLiteral(text: string): string {
  if (text.includes('\0')) {
    throw new MigError('MySQL/MariaDB text values written by mig cannot contain NUL characters; remove them from the value', {
      code: 'BAD_VALUE',
    });
  }
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/**
 * The value a literal default stands for, by the column's portable type: booleans for boolean
 * columns (stored as 1/0), numbers for numeric columns (text when a JavaScript number would
 * lose digits), text otherwise.
 */
export function literalForType(text: string, spec: TypeSpec): DefaultValue {
  const t = text.trim();
  if (spec.base === 'boolean') return BOOLEAN_INPUT[t.toLowerCase()] ?? text;
  if (NUMERIC_TYPES.has(spec.base) && NUMBER.test(t)) {
    const n = Number(t);
    return INTEGER.test(t) && !Number.isSafeInteger(n) ? text : n;
  }
  return text;
}

/** An expression default in the form mig writes it: the current-time functions under their SQL names. */
export function sqlDefault(expression: string): SqlExpression {
  const e = expression.trim().replace(/^\((.*)\)$/s, '$1').trim();
  const lower = e.toLowerCase();
  if (/^(current_timestamp|now|localtimestamp|localtime)(\(\d*\))?$/.test(lower)) return { sql: 'CURRENT_TIMESTAMP' };
  if (/^(current_date|curdate)(\(\))?$/.test(lower)) return { sql: 'CURRENT_DATE' };
  return { sql: e };
}

/** A model default as the server gives it back for a column of this type. */
export function canonicalDefault(value: DefaultValue, spec: TypeSpec): DefaultValue {
  return isSqlExpression(value) ? sqlDefault(value.sql) : literalForType(String(value), spec);
}

const ESCAPES: Record<string, string> = { '0': '\0', b: '\b', n: '\n', r: '\r', t: '\t', Z: '\x1a' };

/**
 * The text of a quoted MySQL string literal (`'it''s'`, `'it\'s'`, `_utf8mb4\'x\'` as MySQL 8
 * prints expression defaults), or undefined when `literal` is not one.
 */
export function unquoteLiteral(literal: string): string | undefined {
  const m = /^(?:_[a-z0-9]+)?(\\?)'(.*)\1'$/is.exec(literal.trim());
  if (!m) return undefined;
  const body = m[1] ? (m[2] ?? '').replace(/\\'/g, "'") : m[2] ?? '';
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] as string;
    if (ch === '\\' && i + 1 < body.length) {
      const next = body[++i] as string;
      out += ESCAPES[next] ?? next;
    } else if (ch === "'" && body[i + 1] === "'") {
      out += "'";
      i++;
    } else out += ch;
  }
  return out;
}

export type ServerFlavor = 'mariadb' | 'mysql';

/**
 * Map information_schema.COLUMNS.COLUMN_DEFAULT back to the model. MariaDB prints defaults as SQL
 * (literals quoted, `NULL` for "no default" on a nullable column, `current_timestamp()`);
 * MySQL 8 prints literal values bare and flags expressions with DEFAULT_GENERATED in EXTRA.
 */
export function readDefault(
  raw: string | null,
  extra: string,
  spec: TypeSpec,
  flavor: ServerFlavor,
): DefaultValue | undefined {
  if (raw === null) return undefined;
  const expression = flavor === 'mariadb' || /DEFAULT_GENERATED/i.test(extra);
  if (!expression) return literalForType(raw, spec);
  const text = raw.trim();
  if (/^null$/i.test(text)) return undefined;
  const literal = unquoteLiteral(text.replace(/^\((.*)\)$/s, '$1'));
  if (literal !== undefined) return literalForType(literal, spec);
  if (NUMBER.test(text)) return literalForType(text, spec);
  return sqlDefault(text);
}
