import { MigError } from '../errors';
import { DEFAULT_STRING_LENGTH, PORTABLE_TYPE_BASES, type PortableTypeBase, normalizeType } from '../model/types';
import { type Cursor, noMatch } from './cursor';

/** The spellings the grammar accepts for each portable type (help text lists them from here). */
export const TYPE_ALIASES: ReadonlyArray<{ portable: string; spellings: readonly string[] }> = [
  { portable: 'string(n)', spellings: ['string', 'varchar', 'character varying'] },
  { portable: 'text', spellings: ['text'] },
  { portable: 'integer', spellings: ['integer', 'int', 'int4'] },
  { portable: 'bigint', spellings: ['bigint', 'int8'] },
  { portable: 'smallint', spellings: ['smallint', 'int2'] },
  { portable: 'boolean', spellings: ['boolean', 'bool'] },
  { portable: 'decimal(p,s)', spellings: ['decimal', 'numeric'] },
  { portable: 'float', spellings: ['float', 'real'] },
  { portable: 'double', spellings: ['double', 'double precision'] },
  { portable: 'date', spellings: ['date'] },
  { portable: 'time', spellings: ['time'] },
  { portable: 'timestamp', spellings: ['timestamp', 'datetime', 'timestamp without time zone'] },
  { portable: 'timestamptz', spellings: ['timestamptz', 'timestamp with time zone'] },
  { portable: 'uuid', spellings: ['uuid'] },
  { portable: 'json', spellings: ['json'] },
  { portable: 'jsonb', spellings: ['jsonb'] },
  { portable: 'binary', spellings: ['binary', 'blob', 'bytea'] },
  { portable: 'enum(a,b)', spellings: ['enum'] },
];

const BY_SPELLING = new Map<string, PortableTypeBase>(
  TYPE_ALIASES.flatMap((a) => a.spellings.map((s) => [s, a.portable.replace(/\(.*$/, '') as PortableTypeBase] as const)),
);

/** Multi-word spellings first, so `double precision` wins over `double`. */
const SPELLINGS = [...BY_SPELLING.keys()].sort((a, b) => b.split(' ').length - a.split(' ').length);

function unknownType(text: string): never {
  throw new MigError(
    `unknown column type "${text}"; write one of ${TYPE_ALIASES.map((a) => a.portable).join(', ')} (or an alias such as varchar(n), int, bool, numeric(p,s), datetime, bytea)`,
    { code: 'UNKNOWN_TYPE' },
  );
}

function enumValues(values: string[], shown: string): string {
  const bad = values.find((v) => /[,'"()]/.test(v));
  if (bad !== undefined) {
    throw new MigError(`bad enum value ${JSON.stringify(bad)} in ${shown}: values may not contain , ' " ( or ) — write enum(draft, published)`, {
      code: 'BAD_TYPE',
    });
  }
  return `enum(${values.join(',')})`;
}

/**
 * The canonical portable type for a spelling and its arguments: `varchar`, ['40'] → `string(40)`.
 * Throws a MigError for an unknown spelling or arguments the type does not take.
 */
export function portableType(spelling: string, args?: string[]): string {
  const lower = spelling.toLowerCase().replace(/\s+/g, ' ');
  const base = BY_SPELLING.get(lower) ?? (PORTABLE_TYPE_BASES.includes(lower as PortableTypeBase) ? (lower as PortableTypeBase) : undefined);
  const shown = args ? `${spelling}(${args.join(',')})` : spelling;
  if (!base) unknownType(shown);
  if (base === 'string') return normalizeType(`string(${args ? args.join(',') : DEFAULT_STRING_LENGTH})`);
  if (base === 'enum') return normalizeType(enumValues(args ?? [], shown));
  return normalizeType(args ? `${base}(${args.join(',')})` : base);
}

function typeArguments(c: Cursor): string[] | undefined {
  const close = c.acceptPunct('(') ? ')' : c.acceptPunct('{') ? '}' : undefined;
  if (!close) return undefined;
  const args: string[] = [];
  while (!c.acceptPunct(close)) {
    const t = c.peek();
    if (!t || t.kind === 'punct') noMatch();
    args.push(t.value);
    c.index += 1;
    if (!c.isPunct(0, close)) c.expectPunct(',');
  }
  return args;
}

/** Read a type at the cursor: `bigint`, `string(40)`, `double precision`, `timestamp with time zone`, `enum('a','b')`. */
export function readType(c: Cursor): string {
  const t = c.peek();
  if (!t || t.kind !== 'word') noMatch();
  const spelling = SPELLINGS.find((s) => c.isWords(...s.split(' ')));
  const words = spelling ? spelling.split(' ').length : 1;
  c.index += words;
  return portableType(spelling ?? t.value, typeArguments(c));
}
