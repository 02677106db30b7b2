/**
 * MySQL/MariaDB column types as far as online DDL cares: what a type change does to the stored
 * rows. A VARCHAR keeps its length in a 1-byte prefix up to 255 bytes and a 2-byte prefix beyond,
 * so widening within one prefix size only rewrites metadata, while crossing 255 bytes rewrites
 * every row (MySQL 8.0 reference manual, "Online DDL Operations", Column Operations: "Extending
 * VARCHAR column size"; the byte count is characters × the character set's maximum bytes per
 * character). An ENUM or SET stores the member's position, so appending members keeps every stored
 * value, while reordering or removing changes them.
 */
import { mysqlDialect } from '../../dialects/mysql/render';
import { Cursor, type Group, UnreadableStatement } from './cursor';

export interface MysqlType {
  /** canonical lower-case name: varchar, int, tinyint, decimal, enum, … */
  name: string;
  /** the arguments: lengths and precisions as written, ENUM / SET members unquoted */
  args: string[];
  unsigned: boolean;
  /** lower-case character set when the definition names one (or a collation implies it) */
  charset?: string;
  /** as written */
  text: string;
}

/** Character set of columns that name none: mig's databases, and MySQL 8 / MariaDB 10.6+ defaults, use utf8mb4. */
export const DEFAULT_CHARSET = 'utf8mb4';

const MAX_BYTES_PER_CHAR: Record<string, number> = {
  utf8mb4: 4,
  utf8mb3: 3,
  utf8: 3,
  utf16: 4,
  utf16le: 4,
  utf32: 4,
  ucs2: 2,
  gb18030: 4,
  ujis: 3,
  eucjpms: 3,
  big5: 2,
  gbk: 2,
  gb2312: 2,
  sjis: 2,
  cp932: 2,
  euckr: 2,
};

const ALIASES: Record<string, string> = {
  integer: 'int',
  int4: 'int',
  int1: 'tinyint',
  int2: 'smallint',
  int3: 'mediumint',
  middleint: 'mediumint',
  int8: 'bigint',
  dec: 'decimal',
  numeric: 'decimal',
  fixed: 'decimal',
  real: 'double',
  float8: 'double',
  float4: 'float',
  character: 'char',
  nchar: 'char',
  nvarchar: 'varchar',
};

const INTEGER_TYPES = new Set(['tinyint', 'smallint', 'mediumint', 'int', 'bigint']);
const BINARY_TYPES = new Set(['binary', 'varbinary', 'tinyblob', 'blob', 'mediumblob', 'longblob']);
const VARIABLE_LENGTH = new Set(['varchar', 'varbinary']);
const MEMBER_TYPES = new Set(['enum', 'set']);

/** The type's name words: `double precision`, `character varying`, `national varchar`, `long varbinary`. */
function typeName(c: Cursor): string {
  c.accept('NATIONAL');
  const first = c.name('a column type').toLowerCase();
  if (first === 'double' && c.accept('PRECISION')) return 'double';
  if ((first === 'character' || first === 'char') && c.accept('VARYING')) return 'varchar';
  if (first === 'long') {
    if (c.accept('VARBINARY')) return 'mediumblob';
    c.accept('VARCHAR');
    return 'mediumtext';
  }
  if (first === 'bool' || first === 'boolean') return 'boolean';
  return ALIASES[first] ?? first;
}

function typeArgs(group: Group): string[] {
  return group.tokens.filter((t) => !(t.kind === 'op' && t.value === ',')).map((t) => t.value);
}

/** The character set a collation belongs to: the collation's name up to its first `_`. */
export function charsetOfCollation(collation: string): string {
  const name = collation.toLowerCase();
  return name === 'binary' ? 'binary' : (name.split('_')[0] as string);
}

/** Read a column type (with UNSIGNED, ZEROFILL, CHARACTER SET and COLLATE) at the cursor. */
export function readType(c: Cursor): MysqlType {
  const from = c.pos;
  let name = typeName(c);
  let args = c.isOp('(') ? typeArgs(c.group()) : [];
  if (name === 'boolean') {
    name = 'tinyint';
    args = ['1'];
  }
  let unsigned = false;
  let charset: string | undefined;
  for (;;) {
    const word = c.acceptAny('UNSIGNED', 'SIGNED', 'ZEROFILL', 'BINARY', 'ASCII', 'UNICODE', 'CHARACTER', 'CHARSET', 'COLLATE');
    if (!word) break;
    if (word === 'UNSIGNED' || word === 'ZEROFILL') unsigned = true;
    else if (word === 'ASCII') charset = 'latin1';
    else if (word === 'UNICODE') charset = 'ucs2';
    else if (word === 'CHARACTER' || word === 'CHARSET') {
      if (word === 'CHARACTER') c.expect('SET');
      charset = c.name('a character set').toLowerCase();
    } else if (word === 'COLLATE') charset = charsetOfCollation(c.name('a collation'));
  }
  if (BINARY_TYPES.has(name)) charset = 'binary';
  return { name, args, unsigned, ...(charset ? { charset } : {}), text: c.textFrom(from) };
}

/** A type as written in SQL text, e.g. `varchar(255)`. */
export function parseMysqlType(text: string): MysqlType {
  const c = new Cursor(text);
  const type = readType(c);
  if (!c.atEnd()) throw new UnreadableStatement(`"${text}" is not a column type`);
  return type;
}

/** The MySQL type mig renders for a portable type of the schema model. */
export function typeOfPortable(portable: string): MysqlType {
  return parseMysqlType(mysqlDialect.renderType(portable));
}

export function maxBytesPerChar(type: MysqlType): number {
  if (type.charset === 'binary') return 1;
  const charset = type.charset ?? DEFAULT_CHARSET;
  return MAX_BYTES_PER_CHAR[charset] ?? (charset.startsWith('utf') ? 4 : 1);
}

/** The most bytes a VARCHAR / VARBINARY value of this type can take. */
export function maxBytes(type: MysqlType): number {
  return Number(type.args[0] ?? 0) * maxBytesPerChar(type);
}

/** The longest length whose values still fit a 1-byte length prefix (255 bytes). */
export function longestWithShortPrefix(type: MysqlType): number {
  return Math.floor(255 / maxBytesPerChar(type));
}

function enumStorage(name: string, members: number): number {
  if (name === 'enum') return members <= 255 ? 1 : 2;
  const bytes = Math.ceil(members / 8);
  return bytes > 4 ? 8 : bytes;
}

/** The type with defaults filled in and display widths dropped, for comparison. */
function canonical(type: MysqlType): string {
  let args = type.args;
  if (INTEGER_TYPES.has(type.name)) args = type.name === 'tinyint' && args[0] === '1' ? ['1'] : [];
  else if (type.name === 'decimal') args = [args[0] ?? '10', args[1] ?? '0'];
  else if ((type.name === 'char' || type.name === 'binary') && args.length === 0) args = ['1'];
  else if (['datetime', 'timestamp', 'time'].includes(type.name) && args[0] === '0') args = [];
  const charset = type.charset ?? (BINARY_TYPES.has(type.name) ? 'binary' : DEFAULT_CHARSET);
  const quoted = MEMBER_TYPES.has(type.name) ? args.map((a) => JSON.stringify(a)) : args;
  return `${type.name}(${quoted.join(',')})${type.unsigned ? ' unsigned' : ''} ${charset}`;
}

/**
 * Integer display widths only change how a client may print the value (`tinyint(1)` and
 * `tinyint(4)` store the same byte), so they compare equal except for the width-1 tinyint that
 * stands for a boolean; MariaDB 10.11 changes them instantly.
 */
function sameStorage(a: MysqlType, b: MysqlType): boolean {
  if (INTEGER_TYPES.has(a.name) && a.name === b.name && a.unsigned === b.unsigned) return true;
  return canonical(a) === canonical(b);
}

export type TypeChange =
  | { kind: 'same' }
  /** VARCHAR widened within its length-prefix size */
  | { kind: 'varchar-widen'; fromBytes: number; toBytes: number }
  /** VARCHAR widened past 255 bytes: the prefix grows from 1 to 2 bytes */
  | { kind: 'varchar-prefix'; fromBytes: number; toBytes: number; longestInPlace: number }
  /** ENUM / SET members appended at the end, same storage size */
  | { kind: 'enum-append'; added: string[] }
  /** ENUM / SET members reordered, removed or inserted, or the storage size grows */
  | { kind: 'enum-change'; from: string[]; to: string[]; reason: string }
  | { kind: 'change'; from: string; to: string };

function sameCharset(a: MysqlType, b: MysqlType): boolean {
  return (a.charset ?? DEFAULT_CHARSET) === (b.charset ?? DEFAULT_CHARSET);
}

function memberChange(from: MysqlType, to: MysqlType): TypeChange {
  const appended = from.args.every((m, i) => to.args[i] === m) && to.args.length > from.args.length;
  if (!appended) {
    const removed = from.args.filter((m) => !to.args.includes(m));
    const reason = removed.length ? `removes ${removed.map((m) => `'${m}'`).join(', ')}` : 'changes the order of the members';
    return { kind: 'enum-change', from: from.args, to: to.args, reason };
  }
  if (enumStorage(from.name, from.args.length) !== enumStorage(to.name, to.args.length)) {
    return { kind: 'enum-change', from: from.args, to: to.args, reason: 'grows the bytes each value is stored in' };
  }
  return { kind: 'enum-append', added: to.args.slice(from.args.length) };
}

/** What changing a column from `from` to `to` does to its stored values. */
export function compareTypes(from: MysqlType, to: MysqlType): TypeChange {
  if (sameStorage(from, to)) return { kind: 'same' };
  if (from.name === to.name && sameCharset(from, to) && from.unsigned === to.unsigned) {
    if (VARIABLE_LENGTH.has(from.name) && Number(to.args[0]) > Number(from.args[0])) {
      const fromBytes = maxBytes(from);
      const toBytes = maxBytes(to);
      if (fromBytes <= 255 === toBytes <= 255) return { kind: 'varchar-widen', fromBytes, toBytes };
      return { kind: 'varchar-prefix', fromBytes, toBytes, longestInPlace: longestWithShortPrefix(to) };
    }
    if (MEMBER_TYPES.has(from.name)) return memberChange(from, to);
  }
  return { kind: 'change', from: from.text, to: to.text };
}
