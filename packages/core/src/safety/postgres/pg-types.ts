/**
 * Column types as PostgreSQL stores them, and whether changing one into another rewrites the
 * table. PostgreSQL skips the rewrite when the conversion is binary-coercible (a relabel) or a
 * length coercion its support function proves to be a no-op (`varchar_support`,
 * `numeric_support`, `timestamp_support`): that is `ATColumnChangeRequiresRewrite` in tablecmds.c.
 */
import { parseType } from '../../model/types';
import { enumTypeName } from '../../dialects/postgres/render';
import { as, constValue, list, names } from './ast';

export interface PgType {
  /** the catalog name: int4, varchar, numeric, timestamptz, … or the user type's name */
  name: string;
  /** type modifiers: varchar(40) → [40], numeric(10,2) → [10, 2] */
  mods: number[];
  array: boolean;
}

const ALIASES: Record<string, string> = {
  integer: 'int4',
  int: 'int4',
  smallint: 'int2',
  bigint: 'int8',
  decimal: 'numeric',
  real: 'float4',
  float: 'float8',
  'double precision': 'float8',
  boolean: 'bool',
  'character varying': 'varchar',
  character: 'bpchar',
  char: 'bpchar',
  serial: 'int4',
  serial4: 'int4',
  bigserial: 'int8',
  serial8: 'int8',
  smallserial: 'int2',
  serial2: 'int2',
};

const DISPLAY: Record<string, string> = {
  int2: 'smallint',
  int4: 'integer',
  int8: 'bigint',
  float4: 'real',
  float8: 'double precision',
  bool: 'boolean',
  bpchar: 'char',
};

export const SERIAL_TYPES = new Set(['serial', 'serial4', 'bigserial', 'serial8', 'smallserial', 'serial2']);

/** The type a `TypeName` node names. */
export function typeFromNode(typeName: unknown): PgType {
  const fields = as(typeName, 'TypeName') ?? (typeName as Record<string, unknown>);
  const parts = names(fields['names']);
  const name = parts.length === 2 && parts[0] === 'pg_catalog' ? (parts[1] as string) : parts.join('.');
  const mods: number[] = [];
  for (const m of list(fields['typmods'])) {
    const v = constValue(m);
    if (typeof v === 'number') mods.push(v);
  }
  return { name: ALIASES[name] ?? name, mods, array: list(fields['arrayBounds']).length > 0 };
}

/** The bare type name a `TypeName` node spells (`serial`, `int4`), before aliases are folded. */
export function typeSpelling(typeName: unknown): string {
  const fields = as(typeName, 'TypeName') ?? (typeName as Record<string, unknown>);
  const parts = names(fields['names']);
  return parts[parts.length - 1] ?? '';
}

const PORTABLE: Record<string, string> = {
  boolean: 'bool',
  integer: 'int4',
  bigint: 'int8',
  smallint: 'int2',
  text: 'text',
  float: 'float4',
  double: 'float8',
  date: 'date',
  time: 'time',
  timestamp: 'timestamp',
  timestamptz: 'timestamptz',
  uuid: 'uuid',
  json: 'json',
  jsonb: 'jsonb',
  binary: 'bytea',
};

/** The PostgreSQL type mig renders for a portable type (model/types.ts) of `table.column`. */
export function typeFromPortable(type: string, table: string, column: string): PgType {
  const spec = parseType(type);
  const simple = PORTABLE[spec.base];
  if (simple) return { name: simple, mods: [], array: false };
  if (spec.base === 'string') return { name: 'varchar', mods: [spec.length ?? 255], array: false };
  if (spec.base === 'decimal') {
    const mods = spec.precision === undefined ? [] : [spec.precision, spec.scale ?? 0];
    return { name: 'numeric', mods, array: false };
  }
  return { name: enumTypeName(table, column), mods: [], array: false };
}

export function formatPgType(t: PgType): string {
  const base = DISPLAY[t.name] ?? t.name;
  return `${base}${t.mods.length ? `(${t.mods.join(',')})` : ''}${t.array ? '[]' : ''}`;
}

export function sameType(a: PgType, b: PgType): boolean {
  return a.name === b.name && a.array === b.array && a.mods.join(',') === b.mods.join(',');
}

/** Fixed-offset-zero zones: with one of these as the session TimeZone, timestamp ↔ timestamptz is a relabel. */
const UTC_ZONES = new Set(
  ['utc', 'gmt', 'uct', 'universal', 'zulu', 'gmt0', 'greenwich', 'z'].flatMap((z) => [z, `etc/${z}`]),
);

export function isUtcZone(zone: string): boolean {
  return UTC_ZONES.has(zone.trim().toLowerCase()) || /^[+-]?0+(?::00)?$/.test(zone.trim());
}

export interface TypeChangeContext {
  version: number;
  /** the session TimeZone when known */
  timeZone?: string;
}

export interface TypeChange {
  rewrite: boolean;
  /** why, in a few words: `varchar(20) → varchar(40) widens the limit` */
  reason: string;
  /** an assumption the answer rests on */
  note?: string;
}

const TEMPORAL = new Set(['timestamp', 'timestamptz', 'time', 'timetz', 'interval']);
/** PostgreSQL's maximum fractional-second precision: `timestamp` without a modifier means this. */
const MAX_PRECISION = 6;

/** Does changing a column from `from` to `to` (without a USING expression) rewrite the table? */
export function typeChange(from: PgType, to: PgType, ctx: TypeChangeContext): TypeChange {
  const label = `${formatPgType(from)} → ${formatPgType(to)}`;
  if (sameType(from, to)) return { rewrite: false, reason: `${label} keeps the same type` };
  if (from.array !== to.array) return { rewrite: true, reason: `${label} converts every value` };
  const relabel = (why: string): TypeChange => ({ rewrite: false, reason: `${label} ${why}` });
  const rewrite = (why: string): TypeChange => ({ rewrite: true, reason: `${label} ${why}` });

  if (from.array && !(isTextLike(from) && isTextLike(to) && to.mods.length === 0)) {
    return rewrite('converts every array element');
  }
  if (isTextLike(from) && isTextLike(to)) {
    if (to.mods.length === 0) return relabel('removes the length limit (binary-coercible)');
    const old = from.name === 'text' ? undefined : from.mods[0];
    if (old !== undefined && (to.mods[0] ?? 0) >= old) return relabel('widens the length limit (no rewrite)');
    return rewrite('imposes a shorter or new length limit, so every value is checked and copied');
  }
  if (from.name === 'numeric' && to.name === 'numeric') {
    if (to.mods.length === 0) return relabel('removes the precision limit (no rewrite)');
    if (from.mods.length === 0) return rewrite('imposes a precision, so every value is rounded and copied');
    const [p1 = 0, s1 = 0] = from.mods;
    const [p2 = 0, s2 = 0] = to.mods;
    if (s1 === s2 && p2 >= p1) return relabel('raises the precision at the same scale (no rewrite)');
    return rewrite('changes the scale or lowers the precision, so every value is rounded and copied');
  }
  if (TEMPORAL.has(from.name) && TEMPORAL.has(to.name)) return temporalChange(from, to, ctx, label);
  return rewrite('converts every value');
}

function isTextLike(t: PgType): boolean {
  return t.name === 'varchar' || t.name === 'text';
}

function precisionWidens(from: PgType, to: PgType): boolean {
  const next = to.mods[0] ?? MAX_PRECISION;
  const old = from.mods[0];
  return next === MAX_PRECISION || (old !== undefined && next >= old);
}

function temporalChange(from: PgType, to: PgType, ctx: TypeChangeContext, label: string): TypeChange {
  const widens = precisionWidens(from, to);
  if (from.name === to.name) {
    return widens
      ? { rewrite: false, reason: `${label} keeps or raises the precision (no rewrite)` }
      : { rewrite: true, reason: `${label} lowers the precision, so every value is rounded and copied` };
  }
  const zoneSwap = new Set([from.name, to.name]);
  if (!(zoneSwap.has('timestamp') && zoneSwap.has('timestamptz')) || !widens) {
    return { rewrite: true, reason: `${label} converts every value` };
  }
  if (ctx.version < 12) return { rewrite: true, reason: `${label} converts every value before PostgreSQL 12` };
  if (ctx.timeZone === undefined) {
    return {
      rewrite: true,
      reason: `${label} converts every value unless the session TimeZone is UTC`,
      note: `${label}: no rewrite only when the session TimeZone is UTC, which is not known here; assumed a rewrite (SET TimeZone = 'UTC' before it to avoid one)`,
    };
  }
  return isUtcZone(ctx.timeZone)
    ? {
        rewrite: false,
        reason: `${label} is a relabel because the session TimeZone is ${ctx.timeZone}`,
        note: `${label}: no rewrite because the session TimeZone is ${ctx.timeZone}${ctx.timeZone.toUpperCase() === 'UTC' ? '' : ' (UTC)'}; in another time zone it rewrites the table`,
      }
    : { rewrite: true, reason: `${label} converts every value in time zone ${ctx.timeZone}` };
}
