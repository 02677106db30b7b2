import { MigError } from '../errors';

/** Base names of the portable column types (ARCHITECTURE.md). */
export const PORTABLE_TYPE_BASES = [
  'boolean',
  'integer',
  'bigint',
  'smallint',
  'string',
  'text',
  'decimal',
  'float',
  'double',
  'date',
  'time',
  'timestamp',
  'timestamptz',
  'uuid',
  'json',
  'jsonb',
  'binary',
  'enum',
] as const;

export type PortableTypeBase = (typeof PORTABLE_TYPE_BASES)[number];

/** A portable type, parsed. `formatType` turns it back into its canonical text (`string(255)`). */
export interface TypeSpec {
  base: PortableTypeBase;
  /** string(n) */
  length?: number;
  /** decimal(p,s) */
  precision?: number;
  scale?: number;
  /** enum(a,b,...) */
  values?: string[];
}

export const DEFAULT_STRING_LENGTH = 255;

const ENUM_VALUE = /^[A-Za-z0-9_][A-Za-z0-9_ .-]*$/;

/**
 * Parse a portable type name: `boolean`, `string(40)`, `decimal(10,2)`, `enum(draft,published)`.
 * `string` without a length is `string(255)`; `decimal` without precision stays unconstrained.
 */
export function parseType(text: string): TypeSpec {
  const m = /^\s*([a-z]+)\s*(?:\((.*)\))?\s*$/i.exec(text);
  const base = m?.[1]?.toLowerCase();
  if (!m || !base || !(PORTABLE_TYPE_BASES as readonly string[]).includes(base)) {
    throw new MigError(
      `unknown column type "${text}"; portable types are: ${PORTABLE_TYPE_BASES.map((b) =>
        b === 'string' ? 'string(n)' : b === 'decimal' ? 'decimal(p,s)' : b === 'enum' ? 'enum(a,b)' : b,
      ).join(', ')}`,
      { code: 'UNKNOWN_TYPE' },
    );
  }
  const args = m[2];
  const spec: TypeSpec = { base: base as PortableTypeBase };
  const ints = (): number[] =>
    (args ?? '').split(',').map((a) => {
      const n = Number(a.trim());
      if (!Number.isInteger(n) || n < 0 || a.trim() === '') {
        throw new MigError(`bad type arguments in "${text}": expected whole numbers, as in string(40) or decimal(10,2)`, {
          code: 'BAD_TYPE',
        });
      }
      return n;
    });
  switch (spec.base) {
    case 'string': {
      const [length] = args === undefined ? [DEFAULT_STRING_LENGTH] : ints();
      if (length === undefined || length < 1 || (args !== undefined && ints().length !== 1)) {
        throw new MigError(`bad length in "${text}": write string(n) with n of at least 1`, { code: 'BAD_TYPE' });
      }
      spec.length = length;
      break;
    }
    case 'decimal': {
      if (args !== undefined) {
        const [p, s = 0, extra] = ints();
        if (p === undefined || p < 1 || s > p || extra !== undefined) {
          throw new MigError(`bad precision in "${text}": write decimal(p,s) with 1 <= p and s <= p`, { code: 'BAD_TYPE' });
        }
        spec.precision = p;
        spec.scale = s;
      }
      break;
    }
    case 'enum': {
      const values = (args ?? '')
        .split(',')
        .map((v) => v.trim().replace(/^'(.*)'$/, '$1'))
        .filter((v) => v !== '');
      if (values.length === 0 || values.some((v) => !ENUM_VALUE.test(v))) {
        throw new MigError(
          `bad enum values in "${text}": write enum(a,b,c) with values of letters, digits, _, space, . or -`,
          { code: 'BAD_TYPE' },
        );
      }
      spec.values = values;
      break;
    }
    default:
      if (args !== undefined) {
        throw new MigError(`type ${spec.base} takes no arguments (got "${text}")`, { code: 'BAD_TYPE' });
      }
  }
  return spec;
}

export function formatType(spec: TypeSpec): string {
  switch (spec.base) {
    case 'string':
      return `string(${spec.length ?? DEFAULT_STRING_LENGTH})`;
    case 'decimal':
      return spec.precision === undefined ? 'decimal' : `decimal(${spec.precision},${spec.scale ?? 0})`;
    case 'enum':
      return `enum(${(spec.values ?? []).join(',')})`;
    default:
      return spec.base;
  }
}

/** The canonical spelling of a portable type (`varchar` aliases are not accepted here; the grammar maps them). */
export function normalizeType(text: string): string {
  return formatType(parseType(text));
}
