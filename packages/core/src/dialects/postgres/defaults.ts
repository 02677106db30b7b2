import type { DefaultValue, SqlExpression } from '../../model/schema';
import type { TypeSpec } from '../../model/types';

/** PostgreSQL's accepted spellings of boolean input (`boolin`). */
const BOOLEAN_INPUT: Record<string, boolean> = {
  t: true,
  true: true,
  y: true,
  yes: true,
  on: true,
  '1': true,
  f: false,
  false: false,
  n: false,
  no: false,
  off: false,
  '0': false,
};

const NUMERIC_TYPES = new Set(['integer', 'bigint', 'smallint', 'decimal', 'float', 'double']);
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
const INTEGER = /^[+-]?\d+$/;
/** Nothing but casts (`::character varying`, `::"My Type"[]`, `::numeric(10,2)`) after a literal. */
const CAST_CHAIN = /^(?:::(?:"(?:[^"]|"")*"|[\w$ .,()[\]])+)*$/;

/**
 * The default a literal stands for, by the column's portable type: numbers for numeric columns
 * (kept as text when a JavaScript number would lose digits), booleans for boolean columns, text
 * for everything else.
 */
export function literalForType(text: string, spec: TypeSpec): DefaultValue {
  if (spec.base === 'boolean') return BOOLEAN_INPUT[text.trim().toLowerCase()] ?? text;
  if (NUMERIC_TYPES.has(spec.base) && NUMBER.test(text.trim())) {
    const n = Number(text);
    if (INTEGER.test(text.trim()) && !Number.isSafeInteger(n)) return text;
    return n;
  }
  return text;
}

/** A default expression in the form mig writes it: the current-time functions under their SQL names. */
export function sqlDefault(expression: string): SqlExpression {
  const e = expression.trim().toLowerCase();
  if (['now()', 'current_timestamp', 'transaction_timestamp()'].includes(e)) return { sql: 'CURRENT_TIMESTAMP' };
  if (e === 'current_date') return { sql: 'CURRENT_DATE' };
  return { sql: expression.trim() };
}

/** End of a single-quoted literal starting at `start` (the index of its opening quote), or -1. */
function literalEnd(text: string, start: number, backslashEscapes: boolean): number {
  for (let i = start + 1; i < text.length; i++) {
    if (backslashEscapes && text[i] === '\\') i++;
    else if (text[i] === "'") {
      if (text[i + 1] === "'") i++;
      else return i;
    }
  }
  return -1;
}

function unquoteLiteral(body: string, backslashEscapes: boolean): string {
  const doubled = body.replace(/''/g, "'");
  return backslashEscapes ? doubled.replace(/\\(.)/g, '$1') : doubled;
}

/** `'text'::type` or `E'text'::type` → text; anything else → undefined. */
function castLiteral(expression: string): string | undefined {
  const escaped = /^E'/i.test(expression);
  const start = escaped ? 1 : 0;
  if (expression[start] !== "'") return undefined;
  const end = literalEnd(expression, start, escaped);
  if (end < 0) return undefined;
  if (!CAST_CHAIN.test(expression.slice(end + 1))) return undefined;
  return unquoteLiteral(expression.slice(start + 1, end), escaped);
}

export interface ReadDefault {
  default?: DefaultValue;
  /** the default is a sequence (`serial`): the column is generated */
  autoIncrement?: boolean;
}

/**
 * Map a default as `pg_get_expr` prints it back to the model: casts stripped from literals, the
 * value typed by the column, `nextval(...)` read as a generated column, other expressions as SQL.
 */
export function readDefault(expression: string, spec: TypeSpec): ReadDefault {
  const e = expression.trim();
  if (/^nextval\(/i.test(e)) return { autoIncrement: true };
  if (/^null(?:::.*)?$/i.test(e)) return {};
  const literal = castLiteral(e);
  if (literal !== undefined) return { default: literalForType(literal, spec) };
  const bare = /^\(?([^()]*)\)?$/.exec(e)?.[1]?.trim();
  if (bare !== undefined && (NUMBER.test(bare) || /^(true|false)$/i.test(bare))) {
    return { default: literalForType(bare, spec) };
  }
  return { default: sqlDefault(e) };
}
