import { type PortableTypeBase, parseType } from '../../model/types';

/**
 * The declared type mig writes for each portable type. SQLite keeps declared types verbatim
 * (they only select a column affinity), so each one is chosen to read back as exactly one
 * portable type. Enum columns are TEXT with a column CHECK listing the values (see ddl.ts).
 */
const DECLARED: Record<Exclude<PortableTypeBase, 'string' | 'decimal'>, string> = {
  boolean: 'BOOLEAN',
  integer: 'INTEGER',
  bigint: 'BIGINT',
  smallint: 'SMALLINT',
  text: 'TEXT',
  float: 'REAL',
  double: 'DOUBLE',
  date: 'DATE',
  time: 'TIME',
  timestamp: 'DATETIME',
  timestamptz: 'TIMESTAMPTZ',
  uuid: 'UUID',
  json: 'JSON',
  jsonb: 'JSONB',
  binary: 'BLOB',
  enum: 'TEXT',
};

export function declaredType(type: string): string {
  const spec = parseType(type);
  switch (spec.base) {
    case 'string':
      return `VARCHAR(${spec.length})`;
    case 'decimal':
      return spec.precision === undefined ? 'DECIMAL' : `DECIMAL(${spec.precision},${spec.scale ?? 0})`;
    default:
      return DECLARED[spec.base];
  }
}

/** Declared types read back without arguments: mig's own spellings and common aliases. */
const PLAIN_TYPES: Record<string, string> = {
  BOOLEAN: 'boolean',
  BOOL: 'boolean',
  INTEGER: 'integer',
  INT: 'integer',
  BIGINT: 'bigint',
  INT8: 'bigint',
  SMALLINT: 'smallint',
  INT2: 'smallint',
  TEXT: 'text',
  CLOB: 'text',
  VARCHAR: 'text',
  REAL: 'float',
  FLOAT: 'float',
  DOUBLE: 'double',
  'DOUBLE PRECISION': 'double',
  DATE: 'date',
  TIME: 'time',
  DATETIME: 'timestamp',
  TIMESTAMP: 'timestamp',
  TIMESTAMPTZ: 'timestamptz',
  'TIMESTAMP WITH TIME ZONE': 'timestamptz',
  UUID: 'uuid',
  JSON: 'json',
  JSONB: 'jsonb',
  BLOB: 'binary',
  DECIMAL: 'decimal',
  NUMERIC: 'decimal',
};

const STRING_TYPES = new Set(['VARCHAR', 'CHARACTER VARYING', 'NVARCHAR']);
const DECIMAL_TYPES = new Set(['DECIMAL', 'NUMERIC']);

/** The canonical portable type a declared type stands for, or undefined when mig does not know it. */
export function portableType(declared: string): string | undefined {
  const m = /^([A-Z][A-Z0-9 ]*?)\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?$/.exec(declared.trim().replace(/\s+/g, ' ').toUpperCase());
  if (!m) return undefined;
  const [, name = '', first, second] = m;
  if (first === undefined) return PLAIN_TYPES[name];
  if (STRING_TYPES.has(name) && second === undefined && Number(first) >= 1) return `string(${Number(first)})`;
  if (DECIMAL_TYPES.has(name) && Number(first) >= 1 && Number(second ?? 0) <= Number(first)) {
    return `decimal(${Number(first)},${Number(second ?? 0)})`;
  }
  return undefined;
}

/** The declared types mig reads, for error messages. */
export const KNOWN_DECLARED_TYPES = ['VARCHAR(n)', 'DECIMAL(p,s)', ...Object.keys(PLAIN_TYPES)];
